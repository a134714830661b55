#!/usr/bin/env bash
# Installs the headless browser of the validation-page test: Debian's chromium and
# chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). Idempotent and quiet: does
# nothing when both are there. Fails loudly when they cannot be installed.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/setup_browser.sh: /usr/bin/chromium or /usr/bin/chromedriver is missing and apt-get is not available;" \
         "install the Debian packages chromium and chromium-driver" >&2
    exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo -n)
    else
        echo "tests/setup_browser.sh: installing chromium needs root (or sudo)" >&2
        exit 1
    fi
fi

echo "== installing chromium and chromium-driver (apt-get)"
log="$(mktemp "${TMPDIR:-/tmp}/setup-browser.XXXXXX")"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo_cmd[@]}" apt-get update -q && \
       "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "tests/setup_browser.sh: apt-get could not install chromium and chromium-driver" >&2
    exit 1
fi

for binary in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$binary" ]; then
        echo "tests/setup_browser.sh: $binary is still missing after installing chromium and chromium-driver" >&2
        exit 1
    fi
done
