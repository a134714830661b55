"""Running playbooks and modules against the emulator, and reading what they did.

Every run shows tracebacks (ANSIBLE_DISPLAY_TRACEBACK=error) and fails the test when a module or
plugin let an exception escape (see unhandled_exceptions), unless the test says it expects one.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from emulator.seed import DEMO_APPLICATION_KEY as APPLICATION_KEY
from emulator.seed import DEMO_APPLICATION_SECRET as APPLICATION_SECRET
from emulator.seed import DEMO_CONSUMER_KEY as CONSUMER_KEY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(ROOT, "tests", "integration", "playbooks")
COLLECTIONS = os.path.join(ROOT, ".tmp", "collections")


def _collections_path():
    link = os.path.join(COLLECTIONS, "ansible_collections", "signet", "ovh")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)
    return COLLECTIONS


class PlaybookRun(object):
    def __init__(self, process):
        self.rc = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        self.output = process.stdout + process.stderr
        # The PLAY RECAP line of every host: {host: {"ok": n, "changed": n, "unreachable": n, "failed": n}}.
        self.recaps = dict(
            (match.group(1), dict(zip(("ok", "changed", "unreachable", "failed"), map(int, match.groups()[1:]))))
            for match in re.finditer(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", process.stdout, re.M))
        self.recap = self.recaps.get("localhost")

    def __repr__(self):
        return "PlaybookRun(rc=%s, recap=%s)\n%s" % (self.rc, self.recap, self.output[-4000:])


class Ansible(object):
    """ansible-playbook in an isolated home, working directory and cache."""

    def __init__(self, emulator, tmp_path):
        self.emulator = emulator
        self.home = tmp_path / "home"
        self.workdir = tmp_path / "work"
        self.home.mkdir(exist_ok=True)
        self.workdir.mkdir(exist_ok=True)
        self.env = {
            "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
            "TMPDIR": tempfile.gettempdir(),  # the checkout's .tmp/tmp (tests/env.sh)
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "ANSIBLE_COLLECTIONS_PATH": _collections_path(),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            # ansible-core 2.19 hides a module's unhandled exception behind "Module failed: <text>"
            # unless asked to show tracebacks (older versions ignore the variable).
            "ANSIBLE_DISPLAY_TRACEBACK": "error",
            "LANG": "C.UTF-8",
            # The module reaches Python on stdin instead of through a file: a few processes less per task,
            # the same module run (tests/matrix.sh runs without it, Ansible's default).
            "ANSIBLE_PIPELINING": "true",
        }
        if os.environ.get("COVERAGE_PROCESS_START"):  # tests/coverage.sh measures the modules Ansible runs
            self.env["COVERAGE_PROCESS_START"] = os.environ["COVERAGE_PROCESS_START"]

    def credentials(self):
        return {
            "ovh_endpoint": self.emulator.base_url,
            "ovh_application_key": APPLICATION_KEY,
            "ovh_application_secret": APPLICATION_SECRET,
            "ovh_consumer_key": CONSUMER_KEY,
        }

    def run(self, playbook, *args, env=None, extra_vars=None, credentials=True, inventory="localhost,", playbook_dir=PLAYBOOKS,
            allow_exceptions=False):
        """Run <playbook_dir>/<playbook>; credentials go in as extra vars unless told not to. An
        exception escaped from a module or plugin fails the test unless ``allow_exceptions``."""
        variables = dict(self.credentials() if credentials else {"ovh_endpoint": self.emulator.base_url})
        variables.update(extra_vars or {})
        # Run a copy in the work directory: local tasks run in the playbook's directory, which is
        # where they look for ./ovh.conf.
        if playbook_dir != str(self.workdir):
            shutil.copy(os.path.join(playbook_dir, playbook), str(self.workdir / playbook))
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory, "-c", "local", playbook]
        command += ["-e", json.dumps(variables)] + list(args)
        process = subprocess.run(command, cwd=str(self.workdir), env=dict(self.env, **(env or {})),
                                 capture_output=True, text=True, timeout=600, check=False)
        run = PlaybookRun(process)
        if not allow_exceptions:
            assert_no_unhandled_exception(run.output)
        return run

    def adhoc(self, module, args, *options, env=None, credentials=True, allow_exceptions=False):
        """Run one module with ``ansible localhost -m``; returns (rc, result dict, output). An
        exception escaped from the module fails the test unless ``allow_exceptions``."""
        arguments = dict(args)
        if credentials:
            arguments = dict(self.module_credentials(), **arguments)
        command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-i", "localhost,", "-c", "local",
                   "-m", module, "-a", json.dumps(arguments)] + list(options)
        process = subprocess.run(command, cwd=str(self.workdir), env=dict(self.env, **(env or {})),
                                 capture_output=True, text=True, timeout=600, check=False)
        output = process.stdout + process.stderr
        if not allow_exceptions:
            assert_no_unhandled_exception(output)
        match = re.search(r"=> (\{.*\})\s*$", process.stdout, re.DOTALL)
        return process.returncode, (json.loads(match.group(1)) if match else None), output

    def module_credentials(self):
        return {
            "endpoint": self.emulator.base_url,
            "application_key": APPLICATION_KEY,
            "application_secret": APPLICATION_SECRET,
            "consumer_key": CONSUMER_KEY,
        }


# --- exceptions in the output ----------------------------------------------------------

_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):\n(?:(?:[ \t].*)?\n)*?(?P<last>\S.*)\n(?P<after>(?:.*\n){0,6})", re.M)
# How ansible-core 2.19 words a module's exception in a result, and older versions a module crash.
_CRASH_MARKERS = ("MODULE FAILURE", "Module result deserialization failed", '"msg": "Task failed: Module failed: ')


def unhandled_exceptions(output):
    """The exceptions that a module or plugin let escape, read from the output of a run with
    ANSIBLE_DISPLAY_TRACEBACK=error, where every failure shows tracebacks:

    - a module: ansible-core 2.19 gives a module's exception the result message "Task failed:
      Module failed: <text>", where a fail_json keeps its own message (older versions: MODULE
      FAILURE); the module's own traceback ("target exception") is shown for both, so it decides
      nothing;
    - a plugin run by the controller (the lookup): an exception it caught before raising an Ansible
      error ("During handling of the above exception") is handled; one that Ansible itself had to
      wrap ("direct cause"), or a chain that ends outside Ansible's own errors, escaped.
    Returns the crash markers found and the last line of every escaped exception's traceback.
    """
    found = [marker for marker in _CRASH_MARKERS if marker in output]
    for match in _TRACEBACK.finditer(output + "\n"):
        last, after = match.group("last"), match.group("after").split("Traceback (most")[0]
        if last.startswith("Message: ") or "above target exception" in after or "During handling of the above exception" in after:
            continue
        if not last.split(":", 1)[0].startswith("ansible."):
            found.append(last)
    return found


def assert_no_unhandled_exception(output):
    escaped = unhandled_exceptions(output)
    assert not escaped, "an exception escaped from a module or plugin: %s\n%s" % (escaped, output[-6000:])


def read_json(path):
    with open(str(path)) as handle:
        return json.load(handle)
