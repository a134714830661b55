# shellcheck shell=bash
# Shared set-up of the test scripts and of tests/demo.sh (sourced, not run).
# Creates .venv and installs a requirements set into it, and a collection tree
# .tmp/collections/ansible_collections/signet/ovh -> the checkout, which ansible needs.
# SIGNET_REQUIREMENTS=demo (tests/demo.sh) installs tests/requirements-demo.txt only: ansible-core and
# requests; the default, test, installs tests/requirements.txt, which includes the demo's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SIGNET_VENV:-$ROOT/.venv}"
PYTHON_BIN="${PYTHON:-python3.11}"
command -v "$PYTHON_BIN" >/dev/null 2>&1 || PYTHON_BIN=python3

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating virtualenv $VENV"
    "$PYTHON_BIN" -m venv "$VENV"
fi

# One stamp per set, holding the requirement files it was installed from: a set is installed again
# only when its files change. The test set includes the demo set, so its stamp covers both.
demo_files=("$ROOT/tests/requirements-demo.txt")
test_files=("${demo_files[@]}" "$ROOT/requirements.txt" "$ROOT/tests/requirements.txt")
test_stamp="$VENV/.signet-requirements-test"
demo_stamp="$VENV/.signet-requirements-demo"
case "${SIGNET_REQUIREMENTS:-test}" in
    demo)
        if ! cmp -s "$demo_stamp" <(cat "${demo_files[@]}") && ! cmp -s "$test_stamp" <(cat "${test_files[@]}"); then
            echo "== installing the demo's requirements (tests/requirements-demo.txt)"
            "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/tests/requirements-demo.txt"
            cat "${demo_files[@]}" > "$demo_stamp"
        fi
        ;;
    test)
        if ! cmp -s "$test_stamp" <(cat "${test_files[@]}"); then
            echo "== installing the test requirements (tests/requirements.txt)"
            "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/tests/requirements.txt"
            cat "${test_files[@]}" > "$test_stamp"
            cat "${demo_files[@]}" > "$demo_stamp"
        fi
        ;;
    *)
        echo "SIGNET_REQUIREMENTS must be demo or test, not ${SIGNET_REQUIREMENTS}" >&2
        return 1
        ;;
esac
export PATH="$VENV/bin:$PATH"

# Temporary files stay in the checkout: pytest's tmp_path, the ansible-test and antsibull-docs trees,
# rstcheck's copies of code blocks, the docs blocks' scratch files (tests/integration/test_tmpdir.py).
export TMPDIR="$ROOT/.tmp/tmp"
mkdir -p "$TMPDIR"

COLLECTIONS="$ROOT/.tmp/collections"
mkdir -p "$COLLECTIONS/ansible_collections/signet"
ln -sfn "$ROOT" "$COLLECTIONS/ansible_collections/signet/ovh"
export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"
export PYTHONPATH="$COLLECTIONS${PYTHONPATH:+:$PYTHONPATH}"

# copy_checkout DIR: the checkout's tracked files, and untracked ones not ignored, copied into DIR
# (tests/ansible_test_tree.sh, tests/build.sh, tests/lint.sh).
copy_checkout() {
    mkdir -p "$1"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
        [ -f "$file" ] && printf '%s\0' "$file"
    done | xargs -0 cp --parents -t "$1")
}

# local_pip_bootstrap PYTHON: ansible-test (of PYTHON's environment) bootstraps pip in its virtualenvs
# with a script it would download; give it a local one (this machine has no access to that host).
local_pip_bootstrap() {
    local reqs pip_version cache
    reqs="$("$1" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py"
    pip_version="$(grep -oE "pip='[0-9.]+'" "$reqs" | head -n 1 | tr -dc '0-9.' | tr . _)"
    cache="$HOME/.ansible/test/cache/get_pip_${pip_version}.py"
    if [ ! -f "$cache" ]; then
        mkdir -p "$(dirname "$cache")"
        printf 'import ensurepip\nensurepip.bootstrap()\n' > "$cache"
    fi
}
