#!/usr/bin/env bash
# The whole test suite: unit, emulator and playbook tests (pytest), ansible-test sanity, ansible-lint.
# Usage: bash tests/run.sh [pytest args...]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

echo "== pytest"
pytest -p no:cacheprovider -q tests "$@" | tee "$ROOT/.tmp/pytest.out"
summary="$(grep -E '^[0-9]+ passed' "$ROOT/.tmp/pytest.out" | tail -n 1 || true)"

echo "== ansible-test sanity"
bash "$ROOT/tests/sanity.sh"

echo "== ansible-lint (production profile)"
# ansible-lint installs the collection it lints under ANSIBLE_HOME: keep that copy out of ~/.ansible.
ANSIBLE_HOME="$ROOT/.tmp/ansible-home" env -u ANSIBLE_COLLECTIONS_PATH ansible-lint --profile production 2>&1 | grep -v "^WARNING: Location 'file:"

echo "all checks passed; pytest: $summary"
