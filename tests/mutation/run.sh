#!/usr/bin/env bash
# Hand mutants of issue 22 point 7, one at a time in a scratch copy of the checkout (see mutants.py).
# Usage: bash tests/mutation/run.sh [MUTANT_ID...]
# MUTATION_NAME (default "results") names the scratch tree (.tmp/mutation/<name>-tree) and the results
# file (.tmp/mutation/<name>.txt), so that two runs may go side by side.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAME="${MUTATION_NAME:-results}"
TREE="$SOURCE/.tmp/mutation/$NAME-tree"
rm -rf "$TREE" && mkdir -p "$TREE"
(cd "$SOURCE" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ -f "$file" ] && printf '%s\0' "$file"
done | xargs -0 cp --parents -t "$TREE")
cd "$TREE" && git init -q . && git add -A >/dev/null  # tests that list tracked files need a repository
source "$TREE/tests/env.sh"
RESULTS="$SOURCE/.tmp/mutation/$NAME.txt"
: > "$RESULTS"
python "$TREE/tests/mutation/run.py" "$TREE" "$RESULTS" "$@"
