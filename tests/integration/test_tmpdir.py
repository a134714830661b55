"""The test command writes its temporary files under the checkout's .tmp/ (tests/env.sh exports
TMPDIR=.tmp/tmp), never in the system's temporary folder: pytest's tmp_path, the ansible-test and
antsibull-docs trees, rstcheck's copies of code blocks, the docs blocks (the emulator guide's URL
file) all follow TMPDIR or a path in the checkout."""

import os
import re
import subprocess
import tempfile

from ovh_playbooks import ROOT

SYSTEM_TMP = "/" + "tmp"  # spelled so that this file does not match its own search
FALLBACK = "${TMPDIR:-%s}" % SYSTEM_TMP  # scripts that may run without tests/env.sh


def test_the_temporary_folder_is_in_the_checkout(tmp_path):
    expected = os.path.realpath(os.path.join(ROOT, ".tmp", "tmp"))
    assert os.path.realpath(tempfile.gettempdir()) == expected
    assert os.path.realpath(str(tmp_path)).startswith(expected + os.sep)


def test_no_script_test_or_docs_block_names_the_system_temporary_folder():
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    pattern = re.compile(r"(?<![\w.~-])%s(?![\w.-])" % re.escape(SYSTEM_TMP))
    found = []
    for name in files:
        if not name.endswith((".sh", ".py", ".md", ".rst", ".yml", ".yaml", ".cfg", ".txt")) or name.startswith("tests/emulator/schemas"):
            continue
        with open(os.path.join(ROOT, name), encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if pattern.search(line.replace(FALLBACK, "")):
                    found.append("%s:%d: %s" % (name, number, line.strip()))
    assert not found, "\n".join(found)
