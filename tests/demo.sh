#!/usr/bin/env bash
# The demo: start the OVH API emulator, run tests/demo/demo.yml against it, stop the emulator.
# Usage: bash tests/demo.sh [ansible-playbook args...]
# It installs only ansible-core and the collection's runtime requirements (tests/requirements-demo.txt).
export SIGNET_REQUIREMENTS=demo
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ready="$(mktemp -u "${TMPDIR:-/tmp}/signet-ovh-emulator.XXXXXX")"
python "$ROOT/tests/emulator" --port 0 --ready-file "$ready" > "$ROOT/.tmp/demo-emulator.log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null; rm -f "$ready"' EXIT
for _ in $(seq 100); do
    [ -s "$ready" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$ROOT/.tmp/demo-emulator.log"; exit 1; }
    sleep 0.1
done
[ -s "$ready" ] || { echo "the emulator did not start" >&2; exit 1; }

# The emulator's seeded demo account; against the real API these come from your application and consumer key.
export OVH_ENDPOINT
OVH_ENDPOINT="$(cat "$ready")"
export OVH_APPLICATION_KEY=DemoAppKey000001
export OVH_APPLICATION_SECRET=DemoAppSecret0000000000000000001
export OVH_CONSUMER_KEY=DemoConsumerKey00000000000000001
export XDG_CACHE_HOME="$ROOT/.tmp/cache"
echo "== emulator at $OVH_ENDPOINT"
ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$VENV/bin/python" "$ROOT/tests/demo/demo.yml" "$@"
