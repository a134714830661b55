#!/usr/bin/env bash
# Benchmark of the DNS modules against the classic python-ovh approach (see docs/performance.md).
# Not part of tests/run.sh: the full run takes 10 to 13 minutes on 2 cores.
# Usage: bash benchmarks/run.sh [--quick] [--repeat N] [--sets N] [--zone-records N] [--latency S] [--no-docs]
source "$(dirname "${BASH_SOURCE[0]}")/../tests/env.sh"
cd "$ROOT" || exit 1

stamp="$VENV/.signet-benchmark-requirements"
if ! cmp -s "$stamp" "$ROOT/benchmarks/requirements.txt"; then
    echo "== installing benchmark requirements"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/benchmarks/requirements.txt"
    cp "$ROOT/benchmarks/requirements.txt" "$stamp"
fi
exec python "$ROOT/benchmarks/run.py" "$@"
