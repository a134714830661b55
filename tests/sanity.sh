#!/usr/bin/env bash
# ansible-test sanity, every test, no ignore file, on a copy of the tracked files laid out as
# ansible_collections/signet/ovh (the path ansible-test requires).
# ANSIBLE_TEST names another ansible-test (tests/matrix.sh runs each ansible-core version's), and
# SANITY_PYTHON the Python version it runs the tests with (3.11 unless told).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/tests/ansible_test_tree.sh" sanity
"$ansible_test" sanity --venv --python "${SANITY_PYTHON:-3.11}" --color no "$@" 2>&1 | grep -v "^WARNING: Location 'file:" 
