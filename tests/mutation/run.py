"""Run the mutants of mutants.py (see its docstring); called by run.sh inside the scratch copy."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutants import GROUPS, MUTANTS  # noqa: E402  pylint: disable=wrong-import-position


def main(tree, wanted, results):
    chosen = [mutant for mutant in MUTANTS if not wanted or mutant[0] in wanted]
    for ident, path, text, replacement, group in chosen:
        full = os.path.join(tree, path)
        with open(full) as handle:
            original = handle.read()
        if original.count(text) != 1:
            line = "%s\t%s\tNOT-APPLIED (text found %d times)" % (ident, path, original.count(text))
        else:
            with open(full, "w") as handle:
                handle.write(original.replace(text, replacement))
            try:
                tests = [test for test in GROUPS[group] if os.path.exists(os.path.join(tree, test))]
                try:
                    run = subprocess.run(["pytest", "-p", "no:cacheprovider", "-q", "-x", "-n", "2"] + tests, cwd=tree,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)
                    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
                    verdict = "killed" if run.returncode != 0 else "SURVIVED"
                except subprocess.TimeoutExpired:  # a wait that never ends: no test passes
                    failed, verdict = ["(tests still running after 600 s)"], "killed"
                line = "%s\t%s\t%s\t%s" % (ident, path, verdict, failed[0] if failed else "")
            finally:
                with open(full, "w") as handle:
                    handle.write(original)
        print(line, flush=True)
        with open(results, "a") as handle:
            handle.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv[1], set(sys.argv[3:]), sys.argv[2])
