#!/usr/bin/env bash
# ansible-test units or integration on a copy of the tracked (and untracked, not ignored) files laid
# out as ansible_collections/signet/ovh, the path ansible-test requires, in its own virtualenv.
# Usage: bash tests/ansible_test.sh units|integration [ansible-test args...]
#   units:       tests/unit/ with tests/unit/requirements.txt (pytest from ansible-test)
#   integration: tests/integration/targets/ (each target starts the emulator and runs playbooks)
# ANSIBLE_TEST names another ansible-test (tests/matrix.sh runs each ansible-core version's).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ansible_test="${ANSIBLE_TEST:-$(command -v ansible-test)}"
command="${1:?usage: tests/ansible_test.sh units|integration [args...]}"
shift

# ansible-test bootstraps pip in its virtualenvs with a script it would download; give it a
# local one (this machine has no access to that host).
reqs="$("$(dirname "$ansible_test")/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py"
pip_version="$(grep -oE "pip='[0-9.]+'" "$reqs" | head -n 1 | tr -dc '0-9.' | tr . _)"
cache="$HOME/.ansible/test/cache/get_pip_${pip_version}.py"
if [ ! -f "$cache" ]; then
    mkdir -p "$(dirname "$cache")"
    printf 'import ensurepip\nensurepip.bootstrap()\n' > "$cache"
fi

# Outside the checkout: inside it, ansible-test would ask git, which ignores .tmp/.
work="$(mktemp -d "${TMPDIR:-/tmp}/signet-ovh-ansible-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/ansible_collections/signet/ovh"
mkdir -p "$tree"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ -f "$file" ] && printf '%s\0' "$file"
done | xargs -0 cp --parents -t "$tree")
cd "$tree" || exit 1
# Not the controller's collections path: ansible-test finds this tree by its own location.
unset ANSIBLE_COLLECTIONS_PATH
set -o pipefail
"$ansible_test" "$command" --venv --python 3.11 --color no --requirements "$@" 2>&1 | grep -v "^WARNING: Location 'file:"
