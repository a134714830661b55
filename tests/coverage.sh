#!/usr/bin/env bash
# Line coverage of plugins/ by the pytest suite, modules run by Ansible included (not part of run.sh).
#
# Modules run in-process are measured in the pytest processes; modules that ansible-playbook runs
# (AnsiballZ, from a zip, with the venv's python as ANSIBLE_PYTHON_INTERPRETER) and the lookup are
# measured in their own processes: a .pth file in the venv starts coverage in every Python process
# that has COVERAGE_PROCESS_START in its environment (tests/integration/ovh_playbooks.py passes it
# on). Paths inside the AnsiballZ zip are mapped back to plugins/ when the data are combined.
# Usage: bash tests/coverage.sh [pytest args...]   Report: .tmp/coverage/report.txt
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

out="$ROOT/.tmp/coverage"
rm -rf "$out"
mkdir -p "$out"
cat > "$out/coveragerc" <<CONFIG
[run]
parallel = True
data_file = $out/data
include =
    $ROOT/plugins/*
    */ansible_collections/signet/ovh/plugins/*
# AnsiballZ adds empty package files that the checkout does not have.
omit = */__init__.py
# Ansible's workers (where the lookup runs) are forked and leave with os._exit.
patch =
    fork
    _exit
[paths]
plugins =
    $ROOT/plugins/
    */ansible_collections/signet/ovh/plugins/
[report]
show_missing = True
skip_empty = True
CONFIG

site_packages="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
hook="$site_packages/signet_ovh_coverage.pth"
echo "import coverage; coverage.process_startup()" > "$hook"
trap 'rm -f "$hook"' EXIT

echo "== pytest with coverage"
COVERAGE_PROCESS_START="$out/coveragerc" pytest -p no:cacheprovider -q -n "${PYTEST_WORKERS:-4}" --dist worksteal tests "$@" || status=$?

echo "== coverage of plugins/"
coverage combine --rcfile="$out/coveragerc" --quiet "$out"
coverage report --rcfile="$out/coveragerc" | tee "$out/report.txt"
exit "${status:-0}"
