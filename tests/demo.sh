#!/usr/bin/env bash
# The demo: start the OVH API emulator, run tests/demo/demo.yml against it, stop the emulator.
# Usage: bash tests/demo.sh [ansible-playbook args...]
# It installs only ansible-core and the collection's runtime requirements (tests/requirements-demo.txt).
export SIGNET_REQUIREMENTS=demo
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

source "$ROOT/tests/emulator/start.sh"
mkdir -p "$ROOT/.tmp/demo"
trap stop_emulator EXIT
start_emulator "$ROOT/.tmp/demo"
use_demo_credentials
export XDG_CACHE_HOME="$ROOT/.tmp/cache"
echo "== emulator at $OVH_ENDPOINT"
ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$VENV/bin/python" "$ROOT/tests/demo/demo.yml" "$@"
