#!/usr/bin/env bash
# Installs the browser the dashboard's end-to-end tests drive: Debian's chromium package, at
# /usr/bin/chromium (playwright-core launches it; Playwright's own browser downloads are not used).
# Does nothing when it is already there. Needs root or sudo, and apt-get (Debian or Ubuntu).
set -euo pipefail

BROWSER=/usr/bin/chromium
if [ -x "$BROWSER" ]; then
  echo "Chromium is installed: $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "The end-to-end tests need Chromium at $BROWSER, and this script installs it with apt-get," >&2
  echo "which this system lacks. Install Chromium with your package manager at $BROWSER." >&2
  exit 1
fi
run_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
echo "Installing Chromium for the dashboard's browser tests (apt-get install chromium)…"
export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update -qq
run_as_root apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
echo "Chromium is installed: $("$BROWSER" --version)"
