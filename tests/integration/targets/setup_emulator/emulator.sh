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
# shellcheck source=../../../emulator/start.sh
source "$collection/tests/emulator/start.sh"
trap 'stop_emulator; rm -rf "$emulator_dir"' EXIT
start_emulator "$emulator_dir" python
use_demo_credentials
# The control API of the emulator (approvals, faults, request log), for the playbooks' checks.
export OVH_EMULATOR_CONTROL="${OVH_ENDPOINT%/1.0}/_emulator"
# The server-time offset cache of this target only, and a scratch directory removed at the end.
export XDG_CACHE_HOME="$emulator_dir/cache"
export OVH_TARGET_TMP="$emulator_dir"
