# shellcheck shell=bash
# Shared set-up of tests/sanity.sh and tests/ansible_test.sh (sourced after env.sh, not run).
# Sets ansible_test (ANSIBLE_TEST names another one: tests/matrix.sh runs each ansible-core
# version's), gives ansible-test a local pip bootstrap script, and copies the tracked (and untracked,
# not ignored) files into a temporary ansible_collections/signet/ovh tree, the path ansible-test
# requires; then works from that tree. Its argument names the temporary folder:
#   source "$ROOT/tests/ansible_test_tree.sh" sanity
ansible_test="${ANSIBLE_TEST:-$(command -v ansible-test)}"

# ansible-test bootstraps pip in its virtualenvs with a script it would download; give it a
# local one (this machine has no access to that host).
reqs="$("$(dirname "$ansible_test")/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py"
pip_version="$(grep -oE "pip='[0-9.]+'" "$reqs" | head -n 1 | tr -dc '0-9.' | tr . _)"
cache="$HOME/.ansible/test/cache/get_pip_${pip_version}.py"
if [ ! -f "$cache" ]; then
    mkdir -p "$(dirname "$cache")"
    printf 'import ensurepip\nensurepip.bootstrap()\n' > "$cache"
fi

# Under .tmp/tmp (TMPDIR, tests/env.sh). The tree is a git repository of its own: ansible-test lists
# the files of the repository it finds, and the checkout's git ignores .tmp/.
work="$(mktemp -d "$TMPDIR/signet-ovh-${1:?}.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/ansible_collections/signet/ovh"
mkdir -p "$tree"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ -f "$file" ] && printf '%s\0' "$file"
done | xargs -0 cp --parents -t "$tree")
cd "$tree" || exit 1
git init -q . && git add -A
