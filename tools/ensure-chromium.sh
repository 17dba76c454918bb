#!/usr/bin/env bash
# Install Debian's Chromium and its driver for the browser tests, only when
# /usr/bin/chromium is missing. Playwright never downloads a browser here
# (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1); it drives this one.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
APT_INSTALL=($SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver)

# Refresh the package lists only when they do not know the packages, or when
# an install from stale lists fails.
if ! apt-cache show chromium chromium-driver >/dev/null 2>&1; then
    echo "ensure-chromium: apt-get update"
    $SUDO apt-get update -q
fi
echo "ensure-chromium: apt-get install chromium chromium-driver"
if ! "${APT_INSTALL[@]}"; then
    echo "ensure-chromium: install failed, refreshing package lists and retrying"
    $SUDO apt-get update -q
    "${APT_INSTALL[@]}"
fi
test -x /usr/bin/chromium
