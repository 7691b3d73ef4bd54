#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own download cannot run
# here): its headless shell when installed (about half the CPU of `chromium
# --headless` for the same pages, tests/browser/conftest.py), else chromium itself.
# Install both when missing and we are allowed to; otherwise say how.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
if command -v chromium >/dev/null 2>&1; then
  echo "Browser tests run on chromium; 'sudo apt-get install chromium-headless-shell' halves their CPU" >&2
  exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium chromium-headless-shell" >&2
exit 1
