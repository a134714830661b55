# shellcheck shell=bash
# Sourced by the runme.sh of the integration targets: starts the OVH API emulator of this collection
# (tests/emulator, standard library only) on 127.0.0.1, points the modules at it with its demo
# credentials through the OVH_* variables, and stops it when the target ends.
set -eux

# ansible-test runs a copy of the target directory: the collection is found on its collections path
# (or, run by hand from a checkout, four levels up).
collection=""
IFS=: read -r -a collection_paths <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
for base in "${collection_paths[@]}"; do
    if [ -n "$base" ] && [ -f "$base/ansible_collections/signet/ovh/tests/emulator/__main__.py" ]; then
        collection="$base/ansible_collections/signet/ovh"
        break
    fi
done
[ -n "$collection" ] || collection="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
emulator_dir="$(mktemp -d "${TMPDIR:-/tmp}/signet-ovh-target.XXXXXX")"
python "$collection/tests/emulator" --port 0 --ready-file "$emulator_dir/url" > "$emulator_dir/log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; rm -rf "$emulator_dir"' EXIT
for _ in $(seq 100); do
    [ -s "$emulator_dir/url" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$emulator_dir/log"; exit 1; }
    sleep 0.1
done
[ -s "$emulator_dir/url" ] || { echo "the emulator did not start" >&2; exit 1; }

OVH_ENDPOINT="$(cat "$emulator_dir/url")"
export OVH_ENDPOINT
export OVH_APPLICATION_KEY=DemoAppKey000001
export OVH_APPLICATION_SECRET=DemoAppSecret0000000000000000001
export OVH_CONSUMER_KEY=DemoConsumerKey00000000000000001
# The control API of the emulator (approvals, faults, request log), for the playbooks' checks.
export OVH_EMULATOR_CONTROL="${OVH_ENDPOINT%/1.0}/_emulator"
# The server-time offset cache of this target only, and a scratch directory removed at the end.
export XDG_CACHE_HOME="$emulator_dir/cache"
export OVH_TARGET_TMP="$emulator_dir"
