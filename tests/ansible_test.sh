#!/usr/bin/env bash
# ansible-test units or integration on a copy of the tracked (and untracked, not ignored) files laid
# out as ansible_collections/signet/ovh, the path ansible-test requires, in its own virtualenv.
# Usage: bash tests/ansible_test.sh units|integration [ansible-test args...]
#   units:       tests/unit/ with tests/unit/requirements.txt (pytest from ansible-test)
#   integration: tests/integration/targets/ (each target starts the emulator and runs playbooks)
# ANSIBLE_TEST names another ansible-test (tests/matrix.sh runs each ansible-core version's).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
command="${1:?usage: tests/ansible_test.sh units|integration [args...]}"
shift

source "$ROOT/tests/ansible_test_tree.sh" ansible-test
# Not the controller's collections path: ansible-test finds this tree by its own location.
unset ANSIBLE_COLLECTIONS_PATH
set -o pipefail
"$ansible_test" "$command" --venv --python 3.11 --color no --requirements "$@" 2>&1 | grep -v "^WARNING: Location 'file:"
