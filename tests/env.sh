# shellcheck shell=bash
# Shared set-up of tests/run.sh and tests/demo.sh (sourced, not run).
# Creates .venv with everything from tests/requirements.txt and a collection tree
# .tmp/collections/ansible_collections/signet/ovh -> the checkout, which ansible needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SIGNET_VENV:-$ROOT/.venv}"
PYTHON_BIN="${PYTHON:-python3.11}"
command -v "$PYTHON_BIN" >/dev/null 2>&1 || PYTHON_BIN=python3

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating virtualenv $VENV"
    "$PYTHON_BIN" -m venv "$VENV"
fi
stamp="$VENV/.signet-requirements"
if ! cmp -s "$stamp" <(cat "$ROOT/requirements.txt" "$ROOT/tests/requirements.txt"); then
    echo "== installing test requirements"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/tests/requirements.txt"
    cat "$ROOT/requirements.txt" "$ROOT/tests/requirements.txt" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"

COLLECTIONS="$ROOT/.tmp/collections"
mkdir -p "$COLLECTIONS/ansible_collections/signet"
ln -sfn "$ROOT" "$COLLECTIONS/ansible_collections/signet/ovh"
export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"
export PYTHONPATH="$COLLECTIONS${PYTHONPATH:+:$PYTHONPATH}"
