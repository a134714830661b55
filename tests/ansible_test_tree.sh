# shellcheck shell=bash
# Shared set-up of tests/sanity.sh and tests/ansible_test.sh (sourced after env.sh, not run).
# Sets ansible_test (ANSIBLE_TEST names another one: tests/matrix.sh runs each ansible-core
# version's), gives ansible-test a local pip bootstrap script, and copies the tracked (and untracked,
# not ignored) files into a temporary ansible_collections/signet/ovh tree, the path ansible-test
# requires; then works from that tree. Its argument names the temporary folder:
#   source "$ROOT/tests/ansible_test_tree.sh" sanity
ansible_test="${ANSIBLE_TEST:-$(command -v ansible-test)}"

local_pip_bootstrap "$(dirname "$ansible_test")/python"

# Under .tmp/tmp (TMPDIR, tests/env.sh). The tree is a git repository of its own: ansible-test lists
# the files of the repository it finds, and the checkout's git ignores .tmp/.
work="$(mktemp -d "$TMPDIR/signet-ovh-${1:?}.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/ansible_collections/signet/ovh"
copy_checkout "$tree"
cd "$tree" || exit 1
git init -q . && git add -A
