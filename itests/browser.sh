#!/usr/bin/env bash
# The browser of the console's tests (ConsoleIT): Debian's chromium and chromium-driver, installed
# here when missing (as root, or through sudo without a password). Run by the itests build before
# its integration tests, and by .ci/run at its start, in the background, so that the packages are
# there by the time the itests need them (apt waits for the other's lock).
set -uo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "ConsoleIT needs Chromium: apt-get install chromium chromium-driver (as root)" >&2
  exit 1
fi
install() {
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=900 chromium chromium-driver
}
echo "Installing Chromium for the console's browser tests..."
install >/dev/null || { $SUDO apt-get update -q -o DPkg::Lock::Timeout=900 >/dev/null && install >/dev/null; } || exit 1
command -v chromium >/dev/null && command -v chromedriver >/dev/null
