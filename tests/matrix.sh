#!/usr/bin/env bash
# The ansible-core version matrix. Builds the collection with `ansible-galaxy collection build`,
# then for each ansible-core minor version: a virtualenv with that version (and requirements.txt),
# the tarball installed with that version's `ansible-galaxy collection install`, `ansible-doc` of
# every plugin, the playbook tests/matrix/matrix.yml against a fresh emulator three times (check
# mode, apply, idempotent rerun; every module and the lookup, with diff and module_defaults through
# the action group), the inventory plugin (groups, and API data that would run code if templated),
# and `ansible-test sanity` with the controller Python of that version.
# Controller Python: 3.11 for 2.16 to 2.19; ansible-core 2.20 and later need 3.12 or later, found
# as MATRIX_PYTHON312, python3.13 or python3.12 on PATH (a pyenv shim counts only if it runs), or
# ~/.pyenv/versions/3.1[23]*; the script says which one it uses, or fails saying why it cannot.
# Per-version virtualenvs are kept under .tmp/matrix/<version>/venv and reused.
# Usage: bash tests/matrix.sh [VERSION...]       (default: every supported version)
#        MATRIX_SANITY=0 bash tests/matrix.sh    (skip ansible-test sanity)
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

# Every ansible-core minor version from meta/runtime.yml's floor to the newest one tested.
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(2.16 2.17 2.18 2.19 2.20 2.21)
MATRIX="$ROOT/.tmp/matrix"
mkdir -p "$MATRIX"

# The first candidate that really runs (a pyenv shim of a version not selected fails) and is 3.12+.
python312() {
    local candidate
    for candidate in ${MATRIX_PYTHON312:-} python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3.13 \
            "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            "$candidate" -c 'import os, sys; print(os.path.realpath(sys.executable))'
            return 0
        fi
    done
    return 1
}

# controller_python VERSION: the interpreter for that ansible-core's controller, as a full path.
controller_python() {
    case "$1" in
        2.1[6-9])
            if command -v python3.11 >/dev/null 2>&1; then
                python3.11 -c 'import os, sys; print(os.path.realpath(sys.executable))'
            else
                python3 -c 'import os, sys; print(os.path.realpath(sys.executable))'
            fi ;;
        *) python312 ;;
    esac
}

echo "== building the collection"
rm -rf "$MATRIX/dist"
ansible-galaxy collection build --output-path "$MATRIX/dist" "$ROOT" >/dev/null
tarball="$(ls "$MATRIX/dist"/signet-ovh-*.tar.gz)"
echo "built $tarball"

source "$ROOT/tests/emulator/start.sh"
trap stop_emulator EXIT

results=()
for version in "${VERSIONS[@]}"; do
    echo "== ansible-core $version"
    dir="$MATRIX/$version"
    venv="$dir/venv"
    if ! python="$(controller_python "$version")"; then
        echo "ansible-core $version needs a controller on Python 3.12 or later: none found (tried MATRIX_PYTHON312," \
             "python3.13 and python3.12 on PATH, ~/.pyenv/versions/3.1[23]*); install one or set MATRIX_PYTHON312" >&2
        exit 1
    fi
    python_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    echo "controller Python $python_version: $python"
    core_version() { "$venv/bin/python" -c 'import ansible.release; print(ansible.release.__version__)' 2>/dev/null || true; }
    venv_python() { "$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true; }
    if [[ "$(core_version)" != "$version".* || "$(venv_python)" != "$python_version" ]]; then
        rm -rf "$venv"
        "$python" -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "ansible-core==$version.*" -r "$ROOT/requirements.txt" \
            2>&1 | grep -v "^WARNING: Location 'file:" || true
    fi
    echo "ansible-core $(core_version)"

    # Only the installed tarball on the collections path: not the checkout.
    rm -rf "${dir:?}/collections" "${dir:?}/home" "${dir:?}/cache" "${dir:?}/play"
    mkdir -p "$dir/play"
    export ANSIBLE_COLLECTIONS_PATH="$dir/collections" ANSIBLE_HOME="$dir/home" XDG_CACHE_HOME="$dir/cache" HOME="$dir/home"
    "$venv/bin/ansible-galaxy" collection install --force -p "$dir/collections" "$tarball" >/dev/null
    installed="$dir/collections/ansible_collections/signet/ovh"
    [ -f "$installed/MANIFEST.json" ]

    echo "-- ansible-doc of every plugin"
    for kind in module lookup inventory; do
        folder="$installed/plugins/${kind/module/modules}"
        [ -d "$folder" ] || continue
        names=()
        for file in "$folder"/*.py; do
            name="$(basename "$file" .py)"
            [ "$name" = "__init__" ] || names+=("signet.ovh.$name")
        done
        [ ${#names[@]} -gt 0 ] || continue
        "$venv/bin/ansible-doc" -t "$kind" --json "${names[@]}" > "$dir/doc-$kind.json"
        "$venv/bin/python" - "$dir/doc-$kind.json" "${names[@]}" <<'PY'
import json, sys
docs = json.load(open(sys.argv[1]))
for name in sys.argv[2:]:
    entry = docs.get(name) or {}
    assert entry.get("doc", {}).get("short_description"), "ansible-doc has no documentation for %s" % name
    assert entry.get("examples"), "ansible-doc has no examples for %s" % name
print("documented: %d %s plugins" % (len(sys.argv) - 2, sys.argv[1].rsplit("-", 1)[1][:-5]))
PY
    done

    echo "-- playbooks against the emulator (check mode, apply, rerun)"
    start_emulator "$dir"
    for phase in check apply rerun; do
        options=(--diff)
        [ "$phase" = check ] && options+=(--check)
        ANSIBLE_DISPLAY_TRACEBACK=error ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1 \
            "$venv/bin/ansible-playbook" -i localhost, -c local "${options[@]}" \
            -e "ansible_python_interpreter=$venv/bin/python" -e "phase=$phase" -e "ovh_endpoint=$OVH_ENDPOINT" -e "conf=$dir/play/ovh.conf" \
            "$ROOT/tests/matrix/matrix.yml" > "$dir/$phase.log" 2>&1 \
            || { cat "$dir/$phase.log"; echo "ansible-core $version: the $phase run failed" >&2; exit 1; }
        recap="$(grep -E '^localhost +: ok=' "$dir/$phase.log")"
        echo "$phase: $recap"
        if [ "$phase" = rerun ] && ! grep -qE 'changed=0 ' <<<"$recap"; then
            cat "$dir/$phase.log"; echo "ansible-core $version: the rerun changed something" >&2; exit 1
        fi
        if grep -q "Traceback" "$dir/$phase.log"; then
            cat "$dir/$phase.log"; echo "ansible-core $version: a traceback in the $phase run" >&2; exit 1
        fi
    done
    echo "-- the inventory plugin (ansible-inventory --list and --graph)"
    cp "$ROOT/tests/matrix/matrix.ovh.yml" "$dir/play/matrix.ovh.yml"
    OVH_APPLICATION_KEY=DemoAppKey000001 OVH_APPLICATION_SECRET=DemoAppSecret0000000000000000001 \
        OVH_CONSUMER_KEY=DemoConsumerKey00000000000000001 \
        "$venv/bin/ansible-inventory" -i "$dir/play/matrix.ovh.yml" --list > "$dir/inventory.json" 2> "$dir/inventory.err" \
        || { cat "$dir/inventory.err"; echo "ansible-core $version: ansible-inventory --list failed" >&2; exit 1; }
    "$venv/bin/python" - "$dir/inventory.json" "$ROOT/tests/matrix" <<'PY'
import json, sys

sys.path.insert(0, sys.argv[2])
from hostile_inventory import plain  # the --list values without the unsafe-text markers of some versions

inventory = plain(json.load(open(sys.argv[1])))
hostvars = inventory["_meta"]["hostvars"]
expected = {"ns3001234.ip-203-0-113.eu": "dedicated_server", "vps-1a2b3c4d.vps.ovh.net": "vps"}
for host, product in expected.items():
    assert host in hostvars, "%s is not in the inventory" % host
    assert hostvars[host]["ovh_product"] == product, hostvars[host]
    assert hostvars[host]["matrix_product"] == product.upper(), hostvars[host]
assert "ns3001234.ip-203-0-113.eu" in inventory["dc_gra3"]["hosts"], inventory.get("dc_gra3")
assert "ns3001234.ip-203-0-113.eu" in inventory["production"]["hosts"], inventory.get("production")
assert "vps-1a2b3c4d.vps.ovh.net" in inventory["vps"]["hosts"], inventory.get("vps")
print("inventory: %d hosts" % len(hostvars))
PY
    OVH_APPLICATION_KEY=DemoAppKey000001 OVH_APPLICATION_SECRET=DemoAppSecret0000000000000000001 \
        OVH_CONSUMER_KEY=DemoConsumerKey00000000000000001 \
        "$venv/bin/ansible-inventory" -i "$dir/play/matrix.ovh.yml" --graph > "$dir/inventory.graph"
    grep -q -- "--@dedicated_server:" "$dir/inventory.graph" \
        || { cat "$dir/inventory.graph"; echo "ansible-core $version: no dedicated_server group in --graph" >&2; exit 1; }
    stop_emulator
    echo "-- API text that would run a command or compute if templated (inventory, hostname, a play)"
    rm -rf "${dir:?}/hostile"
    mkdir -p "$dir/hostile"
    "$venv/bin/python" "$ROOT/tests/matrix/hostile_inventory.py" "$dir/hostile" "$venv/bin" \
        || { echo "ansible-core $version: API data was not kept as data (outputs in $dir/hostile)" >&2; exit 1; }
    unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_HOME XDG_CACHE_HOME OVH_ENDPOINT
    HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
    export HOME

    if [ "${MATRIX_SANITY:-1}" != 0 ]; then
        echo "-- ansible-test sanity (ansible-core $version, Python $python_version)"
        # ansible-test looks for python3.X on PATH: the interpreter's own folder first.
        PATH="$(dirname "$python"):$PATH" SANITY_PYTHON="$python_version" ANSIBLE_TEST="$venv/bin/ansible-test" bash "$ROOT/tests/sanity.sh" > "$dir/sanity.log" 2>&1 \
            || { tail -n 60 "$dir/sanity.log"; echo "ansible-core $version: sanity failed" >&2; exit 1; }
        tail -n 2 "$dir/sanity.log"
    fi
    results+=("ansible-core $version: passed")
done

echo "== matrix"
printf '%s\n' "${results[@]}"
