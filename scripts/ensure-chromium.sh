#!/usr/bin/env bash
# Makes sure the e2e tests have a Chromium. Playwright cannot download its own
# browser on a machine without network, so on Debian we install Debian's
# package; elsewhere Playwright's own browser is used.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing Debian's chromium for the e2e tests…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No /usr/bin/chromium and no apt-get: using Playwright's own Chromium."
cd "$(dirname "$0")/../e2e" && npx playwright install chromium
