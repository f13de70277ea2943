#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then runs pytest.
# Installs only what is missing, so a second run starts the tests at once.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -n "${VIRTUAL_ENV:-}" ]; then
  py=python
else
  [ -x .venv/bin/python ] || python3 -m venv .venv
  py=.venv/bin/python
fi
stamp=.venv/.coursekit-installed
if [ -n "${VIRTUAL_ENV:-}" ] || [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
  "$py" -m pip install -q --disable-pip-version-check -e '.[test]'
  [ -n "${VIRTUAL_ENV:-}" ] || touch "$stamp"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --omit=dev --no-audit --no-fund --loglevel=error  # Stryker (dev) only for scripts/mutation.sh
fi

# Lint and format are part of the test: CI fails on either.
"$py" -m ruff check .
"$py" -m ruff format --check --quiet .

# Never `playwright install`: tests drive Debian's /usr/bin/chromium.
# One worker per core; --dist loadfile keeps a test file's module fixtures (a built course, a
# browser, a served site) in one worker instead of building them once per worker.
# --no-loadscope-reorder: files go out in collection order, which tests/support/schedule.py makes
# longest first (xdist's own order, most tests first, started the longest files last).
exec "$py" -m pytest -q -n auto --dist loadfile --no-loadscope-reorder "$@"
