#!/usr/bin/env bash
# Makes sure Chromium and chromedriver are installed (Debian packages, when run as root), and
# the end-to-end test's npm packages. Elsewhere, says exactly what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    printf '\033[1m==> installing chromium and chromium-driver (Debian packages)\033[0m\n'
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    cat >&2 <<'MSG'
make test needs Chromium and a matching chromedriver on PATH.
  Debian/Ubuntu (as root): apt-get install chromium chromium-driver
  Other systems: install Chromium (or Chrome) and the chromedriver of the same version,
  then run `make test` again (set CHROMIUM=/path/to/chrome and CHROMEDRIVER=/path/to/driver
  if they are not on PATH).
MSG
    exit 1
  fi
fi

# Every package e2e/package.json names. No install scripts: none is needed (metascraper's
# optional native regex engine would compile, and falls back to JavaScript's own).
need=$(node -e 'console.log(Object.keys(require("./e2e/package.json").dependencies).join(" "))')
for p in $need; do
  if [ ! -d "e2e/node_modules/$p" ]; then
    printf '\033[1m==> installing the end-to-end test packages (npm ci)\033[0m\n'
    npm ci --prefix e2e --ignore-scripts --no-audit --no-fund >/dev/null
    break
  fi
done
