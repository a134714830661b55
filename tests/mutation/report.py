"""Write tests/MUTATION.md from the results of two runs of tests/mutation/run.sh.

    python tests/mutation/report.py BEFORE_RESULTS AFTER_RESULTS tests/mutation/head.md > tests/MUTATION.md
BEFORE: every mutant against the suite before point 7's tests; AFTER: the survivors (and new mutants)
against the suite now. HEAD: the text put before the table."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from mutants import MUTANTS  # noqa: E402  pylint: disable=wrong-import-position


def results(path):
    found = {}
    with open(path) as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            found[parts[0]] = (parts[2], parts[3] if len(parts) > 3 else "")
    return found


def short(text, size=60):
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1] + "…"


def cell(text):
    return short(text).replace("|", "\\|").replace("`", "'")


def main(before_path, after_path, head_path):
    before, after = results(before_path), results(after_path)
    with open(head_path) as handle:
        print(handle.read().rstrip("\n"))
    print()
    print("| id | file:line | change | killed before | killed after (first failing test) |")
    print("|---|---|---|---|---|")
    killed_before = killed_after = 0
    for ident, path, text, replacement, dummy in MUTANTS:
        with open(os.path.join(ROOT, path)) as handle:
            source = handle.read()
        line = source[:source.index(text)].count("\n") + 1 + (len(text) - len(text.lstrip("\n")))
        was = before.get(ident, ("not run", ""))[0]
        # A mutant killed before is killed by tests still in the suite; the second run re-runs the others.
        now, test = after.get(ident) or (before[ident] if was == "killed" else ("not run", ""))
        killed_before += was == "killed"
        killed_after += now == "killed"
        test = test.replace("FAILED ", "").split(" - ")[0]
        print("| %s | %s:%d | `%s` → `%s` | %s | %s %s |" % (
            ident, path.split("/", 1)[1], line, cell(text), cell(replacement) or "(removed)", "yes" if was == "killed" else "**no**",
            "yes" if now == "killed" else "**NO**", "(%s)" % short(test, 90) if test else ""))
    total = len(MUTANTS)
    print()
    print("Killed before: %d of %d (%.0f%%). Killed now: %d of %d (%.0f%%)." % (
        killed_before, total, 100.0 * killed_before / total, killed_after, total, 100.0 * killed_after / total))


if __name__ == "__main__":
    main(*sys.argv[1:4])
