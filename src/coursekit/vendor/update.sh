#!/usr/bin/env bash
# Refresh the vendored files from npm at the version pinned in package.json / package-lock.json:
#   edit the version in package.json, run `npm install --package-lock-only` here, then this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
cp "$work/node_modules/temml/dist/temml.min.js" "$here/temml.min.js"
cp "$work/node_modules/temml/LICENSE" "$here/temml.LICENSE"
echo "temml $(node -p "require('$work/node_modules/temml/package.json').version") copied to $here"
# MiniSearch's UMD build, shipped in every html site as static/minisearch.js. Its last line names a
# source map that is not shipped (a browser with developer tools open would request it): dropped.
grep -v '^//# sourceMappingURL=' "$work/node_modules/minisearch/dist/umd/index.js" > "$here/minisearch.js"
cp "$work/node_modules/minisearch/LICENSE.txt" "$here/minisearch.LICENSE.txt"
echo "minisearch $(node -p "require('$work/node_modules/minisearch/package.json').version") copied to $here"
