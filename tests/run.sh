#!/usr/bin/env bash
# The test suite: unit, emulator and playbook tests (pytest), the module-side Python floor,
# ansible-test sanity, ansible-lint, and the documentation, docsite and changelog checks.
# CI (.ci/run) runs it, then the same unit and playbook tests through ansible-test's own layout
# (tests/ansible_test.sh) and the ansible-core version matrix (tests/matrix.sh).
# Usage: bash tests/run.sh [pytest args...]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

# Each phase prints how long the one before it took, and the end sums them up.
phase_name="" phase_start=$SECONDS timings=""
phase() {
    if [ -n "$phase_name" ]; then
        timings="$timings$(printf '%5ds  %s' $((SECONDS - phase_start)) "$phase_name")"$'\n'
    fi
    phase_name="$1" phase_start=$SECONDS
    [ -z "$1" ] || echo "== $1"
}

phase "headless browser for the validation-page test"
bash "$ROOT/tests/setup_browser.sh"

phase "pytest"
# Four workers on two cores: tests spend much of their time waiting on an Ansible process or on the
# emulator, and worksteal keeps every worker busy up to the end.
pytest -p no:cacheprovider -q -n "${PYTEST_WORKERS:-4}" --dist worksteal --durations=15 tests "$@" | tee "$ROOT/.tmp/pytest.out"
summary="$(grep -E '^[0-9]+ passed' "$ROOT/.tmp/pytest.out" | tail -n 1 || true)"

phase "module-side code needs nothing newer than Python 3.8 (vermin)"
vermin --quiet --no-tips --violations -t=3.8- "$ROOT/plugins/module_utils" "$ROOT/plugins/modules"

# ansible-test sanity keeps about one core busy: the other checks run beside it, and its output
# follows theirs.
echo "== ansible-test sanity starts (in the background, output in .tmp/sanity.log)"
(
    start=$SECONDS
    status=0
    bash "$ROOT/tests/sanity.sh" > "$ROOT/.tmp/sanity.log" 2>&1 || status=$?
    echo "$((SECONDS - start))" > "$ROOT/.tmp/sanity.seconds"
    exit "$status"
) &
sanity_pid=$!
trap 'kill "$sanity_pid" 2>/dev/null || true' EXIT

phase "ansible-lint (production profile)"
# On the checkout (only galaxy[no-repository] allowed), then on a copy with a repository address.
bash "$ROOT/tests/lint.sh"

phase "antsibull-docs lint-collection-docs, antsibull-changelog lint, generated reference up to date"
antsibull-docs lint-collection-docs --plugin-docs "$COLLECTIONS/ansible_collections/signet/ovh"
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
bash "$ROOT/tests/docs.sh" --check

phase "docsite: antsibull-docs and Sphinx, guides and plugins, no warning"
bash "$ROOT/tests/docsite.sh"

phase "ansible-test sanity (waiting for it to end)"
sanity_status=0
wait "$sanity_pid" || sanity_status=$?
trap - EXIT
cat "$ROOT/.tmp/sanity.log"
[ "$sanity_status" -eq 0 ] || { echo "ansible-test sanity failed (exit status $sanity_status)" >&2; exit 1; }

phase ""
printf "== time per phase\n%s%5ds  ansible-test sanity, beside the checks after pytest\n%5ds  in all\n" \
    "$timings" "$(cat "$ROOT/.tmp/sanity.seconds")" "$SECONDS"
echo "all checks passed; pytest: $summary"
