"""Every code block of README.md and docs/ runs as written against the emulator.

Blocks are read from README.md, docs/*.md (fenced blocks, indented ones too) and docs/docsite/rst/*.rst
(`.. code-block::`). Each one is either run or marked, in the document itself, as not run with a reason:
an info string after the language in Markdown (```` ```ini not-run: why ````), an rst comment
``.. not-run: why`` right before the directive. A block of any other kind without that mark fails the test.

How they run:

- YAML playbooks (plays with ``hosts``) and YAML task lists (wrapped in a play, one per document so that
  a block can use what an earlier one registered) run with ``ansible-playbook``, grouped into three runs
  in all, each against its own emulator: the blocks that give no credentials run with the emulator's demo credentials in ``OVH_*`` (as
  the emulator guide tells a user to do); the blocks that give their own credentials run without them,
  those using ``~/.ovh.conf`` in one home directory shared in document order, the others in another.
- What is swapped: ``endpoint: ovh-eu`` (and ``OVH_ENDPOINT=ovh-eu``) becomes the emulator's URL, and
  ``/srv/marketplace`` a temporary directory (whose ``keys`` and ``pending`` directories exist, as the
  guide assumes). The variables the blocks expect from the user's inventory or vault are given with
  ``-e`` (``VARIABLES`` below). Consumer keys are approved as soon as they are requested, as the
  customer would on the validation page: for ``customer-ovh`` when the redirection is the marketplace's,
  for ``demo-ovh`` otherwise.
- The DNS guide's ``zone_file: zones/example.com.zone`` is a copy of the demo zone, written where the
  playbook runs.
- The emulator has one zone more than its demo data, ``acme.example`` of ``customer-ovh``, the customer's
  zone of the customer-accounts guide.
- Inventory sources (a YAML mapping with ``plugin: signet.ovh...``) are written to ``*.ovh.yml`` files and
  listed with ``ansible-inventory --list`` (demo credentials in ``OVH_*``): each must give hosts.
- ``bash`` blocks run with bash, the blocks of one document in one script, in order: README's from the
  checkout, the others from a scratch directory where ``tests`` is the checkout's.
- JSON blocks are emulator seed files: the emulator must start with them and serve their zones.
"""

import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

import pytest
import requests
import yaml

from emulator import DEFAULT_SEED, Emulator
from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from ovh_playbooks import APPLICATION_KEY, APPLICATION_SECRET, COLLECTIONS, CONSUMER_KEY, ROOT

BIN = os.path.dirname(sys.executable)
DOCUMENTS = ["README.md"] + sorted(
    os.path.join("docs", name) for name in os.listdir(os.path.join(ROOT, "docs")) if name.endswith(".md")) + sorted(
    os.path.join("docs", "docsite", "rst", name) for name in os.listdir(os.path.join(ROOT, "docs", "docsite", "rst"))
    if name.endswith(".rst"))

VARIABLES = {
    "vault_ovh_application_key": APPLICATION_KEY,
    "vault_ovh_application_secret": APPLICATION_SECRET,
    "vault_ovh_consumer_key": CONSUMER_KEY,
    "ovh_application_key": APPLICATION_KEY,
    "ovh_application_secret": APPLICATION_SECRET,
    "vault_marketplace_application_key": APPLICATION_KEY,
    "vault_marketplace_application_secret": APPLICATION_SECRET,
    "vault_ovh_client_id": DEMO_CLIENT_ID,
    "vault_ovh_client_secret": DEMO_CLIENT_SECRET,
    "vault_dynhost_password": "DocsDynHostPassword01",
    "challenge_token": "docs-test-challenge-token",
    "example_com_records": [
        {"subdomain": "", "type": "A", "value": ["192.0.2.10"]},
        {"subdomain": "www", "type": "CNAME", "value": ["example.com."]},
    ],
}
CREDENTIAL_KEYS = re.compile(r"^\s*(-\s+)?(application_key|application_secret|consumer_key|client_id|client_secret|config_file):",
                             re.M)


class Block(object):
    def __init__(self, document, line, language, code, not_run):
        self.document = document
        self.line = line
        self.language = language
        self.code = code
        self.not_run = not_run  # the reason given in the document, or None

    def __repr__(self):
        return "%s:%d (%s)" % (self.document, self.line, self.language)


def _dedent(lines):
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines).strip("\n") + "\n"


def markdown_blocks(document, text):
    blocks = []
    for match in re.finditer(r"^( *)```(\w*)([^\n]*)\n(.*?)^\1```[ \t]*$", text, re.M | re.S):
        info = match.group(3).strip()
        not_run = info[len("not-run:"):].strip() if info.startswith("not-run:") else None
        assert info == "" or not_run, "%s: unknown info string %r" % (document, info)
        line = text.count("\n", 0, match.start()) + 1
        blocks.append(Block(document, line, match.group(2), _dedent(match.group(4).split("\n")), not_run))
    return blocks


def rst_blocks(document, text):
    blocks = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        match = re.match(r"^( *)\.\. code-block:: *(\S+)", line)
        if not match:
            continue
        indent = len(match.group(1))
        body, index = [], number + 1
        while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
            body.append(lines[index])
            index += 1
        body = [text_line for text_line in body if not re.match(r"^\s+:\w[\w-]*:", text_line)]  # directive options
        before = number - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        mark = re.match(r"^\s*\.\. not-run: *(.+)$", lines[before]) if before >= 0 else None
        blocks.append(Block(document, number + 1, match.group(2), _dedent(body), mark.group(1).strip() if mark else None))
    return blocks


def all_blocks():
    blocks = []
    for document in DOCUMENTS:
        with open(os.path.join(ROOT, document), encoding="utf-8") as handle:
            text = handle.read()
        blocks += (rst_blocks if document.endswith(".rst") else markdown_blocks)(document, text)
    return blocks


def classify(block):
    """'play', 'tasks', 'shell', 'seed', or an AssertionError for a block that can neither run nor is marked."""
    if block.language in ("yaml", "yaml+jinja", "yml"):
        data = yaml.safe_load(block.code)
        if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
            if all("hosts" in item for item in data):
                return "play"
            if not any("hosts" in item for item in data):
                return "tasks"
        if isinstance(data, dict) and str(data.get("plugin", "")).startswith("signet.ovh."):
            return "inventory"
    elif block.language in ("bash", "sh", "shell", "console"):
        return "shell"
    elif block.language == "json":
        return "seed"
    raise AssertionError("%r is neither a playbook, a task list, an inventory source, a command nor an emulator seed: make "
                         "it one, or mark it "
                         "not-run with the reason" % block)


def _swap(code, url, srv):
    code = re.sub(r"\bendpoint: *ovh-eu\b", "endpoint: %s" % url, code)
    code = code.replace("OVH_ENDPOINT=ovh-eu", "OVH_ENDPOINT=%s" % url)
    return code.replace("/srv/marketplace", srv)


def _approver(emulator, stop):
    """Approve every pending consumer key, as the customer would on the validation page."""
    control = emulator.root_url + "/_emulator/consumer_key"
    session = requests.Session()
    while not stop.wait(0.05):
        for key in session.get(control + "/pending", timeout=10).json():
            account = "customer-ovh" if "marketplace" in (key.get("redirection") or "") else "demo-ovh"
            session.post(control + "/validate", json={"consumer_key": key["consumer_key"], "account": account}, timeout=10)


@pytest.fixture
def docs_emulator():
    seed = copy.deepcopy(DEFAULT_SEED)
    seed["zones"].append({"account": "customer-ovh", "name": "acme.example",
                          "records": [{"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0}]})
    emu = Emulator(seed=seed)
    emu.start()
    stop = threading.Event()
    approver = threading.Thread(target=_approver, args=(emu, stop), daemon=True)
    approver.start()
    try:
        yield emu
    finally:
        stop.set()
        approver.join()
        emu.stop()


def _environment(home, emulator=None):
    env = {
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "TMPDIR": tempfile.gettempdir(),  # the checkout's .tmp/tmp (tests/env.sh)
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_PIPELINING": "true",  # as in ovh_playbooks.Ansible: fewer processes per task
        "LANG": "C.UTF-8",
    }
    if emulator is not None:
        env.update(OVH_ENDPOINT=emulator.base_url, OVH_APPLICATION_KEY=APPLICATION_KEY,
                   OVH_APPLICATION_SECRET=APPLICATION_SECRET, OVH_CONSUMER_KEY=CONSUMER_KEY)
    return env


def _playbook(plays, path, home, env, tmp_path):
    home.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(plays, sort_keys=False, width=200))
    variables = tmp_path / "variables.json"
    variables.write_text(json.dumps(VARIABLES))
    run = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "@%s" % variables,
                          str(path)], capture_output=True, text=True, env=env, cwd=str(home), check=False)
    assert run.returncode == 0, "%s failed:\n%s\n%s" % (path.name, run.stdout[-6000:], run.stderr[-3000:])
    recap = re.search(r"^localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=0\s+failed=0", run.stdout, re.M)
    assert recap, run.stdout[-3000:]
    return run


def test_every_block_is_run_or_marked_with_a_reason():
    blocks = all_blocks()
    assert len(blocks) >= 30, blocks  # the parsers find the blocks (31 in README and the guides when written)
    for block in blocks:
        if block.not_run is not None:
            assert len(block.not_run) >= 10, "%r: say why it does not run" % block
        else:
            classify(block)


def _plays_by_group(base_url, srv):
    """The plays to run in each group, in document order; and how many blocks of each kind."""
    groups = {"env": [], "own_home": [], "own": []}
    counted = {"play": 0, "tasks": 0, "not-run": 0}
    tasks_by_group_document = {}
    for block in all_blocks():
        if block.not_run is not None:
            counted["not-run"] += 1
            continue
        kind = classify(block)
        if kind not in ("play", "tasks"):
            continue
        counted[kind] += 1
        code = _swap(block.code, base_url, srv)
        if not CREDENTIAL_KEYS.search(code):
            group = "env"
        elif "~/.ovh.conf" in code:
            group = "own_home"
        else:
            group = "own"
        data = yaml.safe_load(code)
        if kind == "play":
            groups[group].extend(data)
        else:
            key = (group, block.document)
            if key not in tasks_by_group_document:
                tasks_by_group_document[key] = {"name": "Tasks of %s" % block.document, "hosts": "localhost",
                                                "gather_facts": False, "tasks": []}
                groups[group].append(tasks_by_group_document[key])
            tasks_by_group_document[key]["tasks"].extend(data)
    return groups, counted


# One ansible-playbook run per group, each against its own emulator, so that pytest-xdist can run them side by side.
@pytest.mark.parametrize("group", ["env", "own_home", "own"])
def test_playbooks_and_task_lists_of_the_docs(docs_emulator, tmp_path, group):
    srv = tmp_path / "srv" / "marketplace"
    (srv / "keys").mkdir(parents=True)
    (srv / "pending").mkdir()
    groups, counted = _plays_by_group(docs_emulator.base_url, str(srv))
    assert counted["play"] >= 5 and counted["tasks"] >= 10, counted
    assert groups[group], group

    home = tmp_path / "home"
    home.mkdir()
    if group == "env":
        # The zone file the DNS guide points zone_file at, next to the playbook (a module's relative paths are
        # relative to the playbook's directory): the demo zone's.
        (home / "zones").mkdir()
        (home / "zones" / "example.com.zone").write_text(
            "$ORIGIN example.com.\n$TTL 3600\n@ IN NS dns1.ovh.net.\n@ IN NS ns1.ovh.net.\n@ IN A 192.0.2.10\n"
            "www IN CNAME example.com.\n@ IN MX 10 mx1.example.com.\nmx1 IN A 192.0.2.25\n")
    _playbook(groups[group], home / "docs.yml", home, _environment(home, docs_emulator if group == "env" else None), tmp_path)

    # What the blocks did, seen from the emulator.
    root = docs_emulator.root_url + "/_emulator/zone/"
    if group == "env":  # the migration guide's record set
        demo = requests.get(root + "demo-ovh/example.com", timeout=10).json()
        assert any(record["subDomain"] == "app" and record["fieldType"] == "A" for record in demo["live"]), demo
    elif group == "own_home":  # keys requested, approved, stored in ~/.ovh.conf and used
        assert any(entry["method"] == "POST" and entry["path"] == "/auth/credential" for entry in docs_emulator.log)
        conf = (home / ".ovh.conf").read_text()
        assert docs_emulator.base_url in conf and "consumer_key" in conf
    else:  # the marketplace's key acts on the customer's zone
        zone = requests.get(root + "customer-ovh/acme.example", timeout=10).json()
        assert any(record["subDomain"] == "shop" and record["fieldType"] == "CNAME" for record in zone["live"]), zone
        assert (srv / "keys" / "acme.conf").is_file() and (srv / "pending" / "acme.url").is_file()


def _inventory_sources(blocks, emulator, tmp_path):
    """Inventory sources (``plugin: signet.ovh...``) give ansible-inventory hosts from the emulator."""
    home = tmp_path / "inventory-home"
    home.mkdir()
    env = _environment(home, emulator)
    # The credentials the guide's lookups read (the same demo credentials as OVH_*).
    env.update(MY_OVH_APPLICATION_KEY=APPLICATION_KEY, MY_OVH_APPLICATION_SECRET=APPLICATION_SECRET,
               MY_OVH_CONSUMER_KEY=CONSUMER_KEY)
    for number, block in enumerate(blocks):
        source = tmp_path / ("docs%d.ovh.yml" % number)
        source.write_text(_swap(block.code, emulator.base_url, str(tmp_path)))
        run = subprocess.run([os.path.join(BIN, "ansible-inventory"), "-i", str(source), "--list"], capture_output=True,
                             text=True, env=env, cwd=str(tmp_path), check=False)
        assert run.returncode == 0 and "[WARNING]" not in run.stderr, (block, run.stdout[-3000:], run.stderr[-3000:])
        listed = json.loads(run.stdout)
        assert listed["_meta"]["hostvars"], (block, run.stdout[-3000:])
        # Clean group names for dedicated servers and VPS alike: short words, not a VPS zone's
        # "Region OpenStack: os-gra7" turned into underscores.
        for group in listed:
            assert re.match(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", group) or group == "_meta", (block, group)


def test_commands_seeds_and_inventory_sources_of_the_docs(docs_emulator, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    os.symlink(os.path.join(ROOT, "tests"), str(scratch / "tests"))
    # The playbook the emulator guide runs as `ansible-playbook site.yml`: one check, one change, one rerun.
    (scratch / "site.yml").write_text(
        "- hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n"
        "    - signet.ovh.ovh_api_call: {path: /me}\n      register: me\n"
        "    - ansible.builtin.assert: {that: [me.json.nichandle == 'demo-ovh']}\n"
        "    - signet.ovh.ovh_dns_record: {zone: example.com, subdomain: site, type: A, value: [192.0.2.7]}\n")
    (scratch / "wait.yml").write_text(
        "- hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n"
        "    - signet.ovh.ovh_consumer_key:\n        access_rules: [{path: /me, method: GET}]\n"
        "        wait: true\n        wait_timeout: 60\n      register: approved\n"
        "    - ansible.builtin.assert: {that: [approved.status == 'validated']}\n")
    home = tmp_path / "home"
    home.mkdir()
    scripts = {}
    inventories = []
    counted = {"shell": 0, "seed": 0}
    for block in all_blocks():
        if block.not_run is not None:
            continue
        kind = classify(block)
        if kind == "inventory":
            inventories.append(block)
        elif kind == "shell":
            counted["shell"] += 1
            scripts.setdefault(block.document, []).append(block)
        elif kind == "seed":
            counted["seed"] += 1
            seed = json.loads(block.code)
            emu = Emulator(seed=seed)
            emu.start()
            try:
                for zone in seed.get("zones", []):
                    answer = requests.get("%s/_emulator/zone/%s/%s" % (emu.root_url, zone["account"], zone["name"]), timeout=10)
                    assert answer.status_code == 200 and len(answer.json()["live"]) == len(zone["records"]), (block, answer.text)
                assert requests.get(emu.base_url + "/auth/time", timeout=10).status_code == 200
            finally:
                emu.stop()
    assert counted["shell"] >= 5 and counted["seed"] >= 1, counted
    _inventory_sources(inventories, docs_emulator, tmp_path)

    for document, blocks in scripts.items():
        # Whatever a block leaves in the background (the emulator, the approval loop) ends with the script.
        script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + "\n".join("# %r\n%s" % (block, block.code) for block in blocks)
        if document == os.path.join("docs", "docsite", "rst", "guide_emulator.rst"):
            # The approval loop, started last in the background by the guide, approves what wait.yml requests.
            script += "ansible-playbook wait.yml\n"
        cwd = ROOT if document == "README.md" else str(scratch)
        env = _environment(home)
        run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=cwd, env=env, check=False,
                             timeout=600)
        assert run.returncode == 0, "%s: %s\n%s\n%s" % (document, script, run.stdout[-5000:], run.stderr[-3000:])
        if document == "README.md":
            assert "PLAY RECAP" in run.stdout and "ovh_consumer_key" in run.stdout and "ovh_api" in run.stdout
