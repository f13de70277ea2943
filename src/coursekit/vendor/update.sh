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
