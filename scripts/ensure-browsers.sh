#!/usr/bin/env bash
# Makes sure the e2e tests have their three engines. Playwright cannot download its own browsers on
# a machine without network, so on Debian the tests use Debian's packages, installed here when
# missing: chromium, firefox-esr (driven over WebDriver BiDi), and WebKitGTK's WebKitWebDriver with
# MiniBrowser, which needs an X display (xvfb; xauth for xvfb-run).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb xauth)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing Debian's ${missing[*]} for the e2e tests…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The e2e tests need ${missing[*]} (Debian package names), and this machine has no apt-get." >&2
echo "Install them, or run one engine: RRELAY_ENGINES=chromium npm test (Playwright's own Chromium)." >&2
[ -x /usr/bin/chromium ] || (cd "$(dirname "$0")/../e2e" && npx playwright install chromium)
[ -n "${RRELAY_ENGINES:-}" ] || exit 1
