#!/usr/bin/env bash
# The test suite: unit, emulator and playbook tests (pytest), the module-side Python floor,
# ansible-test sanity, ansible-lint, and the documentation, docsite and changelog checks.
# CI (.ci/run) runs it, then the same unit and playbook tests through ansible-test's own layout
# (tests/ansible_test.sh) and the ansible-core version matrix (tests/matrix.sh).
# Usage: bash tests/run.sh [pytest args...]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

echo "== headless browser for the validation-page test"
bash "$ROOT/tests/setup_browser.sh"

echo "== pytest"
# Two workers: most of the time goes into starting ansible-playbook, which one core cannot overlap.
pytest -p no:cacheprovider -q -n "${PYTEST_WORKERS:-2}" --durations=15 tests "$@" | tee "$ROOT/.tmp/pytest.out"
summary="$(grep -E '^[0-9]+ passed' "$ROOT/.tmp/pytest.out" | tail -n 1 || true)"

echo "== module-side code needs nothing newer than Python 3.8 (vermin)"
vermin --quiet --no-tips --violations -t=3.8- "$ROOT/plugins/module_utils" "$ROOT/plugins/modules"

echo "== ansible-test sanity"
bash "$ROOT/tests/sanity.sh"

echo "== ansible-lint (production profile)"
# ansible-lint installs the collection it lints under ANSIBLE_HOME: keep that copy out of ~/.ansible.
ANSIBLE_HOME="$ROOT/.tmp/ansible-home" env -u ANSIBLE_COLLECTIONS_PATH ansible-lint --profile production 2>&1 | grep -v "^WARNING: Location 'file:"

echo "== antsibull-docs lint-collection-docs, antsibull-changelog lint, generated reference up to date"
antsibull-docs lint-collection-docs --plugin-docs "$COLLECTIONS/ansible_collections/signet/ovh"
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
bash "$ROOT/tests/docs.sh" --check

echo "== docsite: antsibull-docs and Sphinx, guides and plugins, no warning"
bash "$ROOT/tests/docsite.sh"

echo "all checks passed; pytest: $summary"
