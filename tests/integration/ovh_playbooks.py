"""Running playbooks and modules against the emulator, and reading what they did."""

import json
import os
import re
import shutil
import subprocess
import sys

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
        self.home.mkdir()
        self.workdir.mkdir()
        self.env = {
            "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "ANSIBLE_COLLECTIONS_PATH": _collections_path(),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "LANG": "C.UTF-8",
        }

    def credentials(self):
        return {
            "ovh_endpoint": self.emulator.base_url,
            "ovh_application_key": APPLICATION_KEY,
            "ovh_application_secret": APPLICATION_SECRET,
            "ovh_consumer_key": CONSUMER_KEY,
        }

    def run(self, playbook, *args, env=None, extra_vars=None, credentials=True, inventory="localhost,", playbook_dir=PLAYBOOKS):
        """Run <playbook_dir>/<playbook>; credentials go in as extra vars unless told not to."""
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
        return PlaybookRun(process)

    def adhoc(self, module, args, *options, env=None, credentials=True):
        """Run one module with ``ansible localhost -m``; returns (rc, result dict, output)."""
        arguments = dict(args)
        if credentials:
            arguments = dict(self.module_credentials(), **arguments)
        command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-i", "localhost,", "-c", "local",
                   "-m", module, "-a", json.dumps(arguments)] + list(options)
        process = subprocess.run(command, cwd=str(self.workdir), env=dict(self.env, **(env or {})),
                                 capture_output=True, text=True, timeout=600, check=False)
        output = process.stdout + process.stderr
        match = re.search(r"=> (\{.*\})\s*$", process.stdout, re.DOTALL)
        return process.returncode, (json.loads(match.group(1)) if match else None), output

    def module_credentials(self):
        return {
            "endpoint": self.emulator.base_url,
            "application_key": APPLICATION_KEY,
            "application_secret": APPLICATION_SECRET,
            "consumer_key": CONSUMER_KEY,
        }


def read_json(path):
    with open(str(path)) as handle:
        return json.load(handle)


# --- what the emulator's log says ---------------------------------------------------

WRITES = ("POST", "PUT", "DELETE")


def requests(emulator):
    """(method, route) of the API requests, without the server-time fetch."""
    return [(entry["method"], entry["route"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [entry for entry in emulator.log if entry["method"] in WRITES]


def record_writes(emulator):
    """Methods of the writes to records (refreshes left out), in order."""
    return [entry["method"] for entry in writes(emulator) if entry["route"] != "/domain/zone/{zoneName}/refresh"]


def zone_set(emulator, subdomain, field_type, zone="example.com", live=False):
    """(target, ttl) of the records of one set, staged or live."""
    zone_obj = emulator.zone("demo-ovh", zone)
    records = zone_obj.live_records() if live else zone_obj.pending_records()
    return sorted((record["target"], record["ttl"]) for record in records
                  if record["subDomain"] == subdomain and record["fieldType"] == field_type)
