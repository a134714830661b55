"""Secrets never reach the output: every module at -vvv, on success and failure paths, with
credentials from options, the environment and ovh.conf, and distinctive secret values.

Credential values with whitespace or control characters (what a copy and paste leaves) are refused
before any request, naming the option and its source; no 8-character piece of a secret appears
anywhere in the -vvv output or in the registered results. The cases share playbook runs (tasks
that ignore their errors and register their results); -vvv output and no_log masking are what
Ansible prints, so every case here is a real run."""

import fcntl
import json
import os
import random

import pytest

from emulator import Emulator
from emulator.seed import DEMO_CLIENT_ID
from hostile import HostileServer
from module_registry import MODULES
from ovh_playbooks import Ansible, read_json

# Every module of the registry (tests/module_registry.py), with its minimal arguments.
MODULE_CASES = [(entry.fqcn, entry.args) for entry in MODULES]
CASE_IDS = [case[0].split(".")[-1] + str(n) for n, case in enumerate(MODULE_CASES)]
CONF_CASES = list(enumerate(MODULE_CASES))[::3]  # (number, (module, args)) of the ovh.conf and environment cases


def assert_clean(output, secrets):
    assert secrets["application_secret"] not in output
    assert secrets["consumer_key"] not in output


def task_output(run, name):
    """The part of a run's output that task ``name`` printed (up to the next task or the recap)."""
    start = run.stdout.index("TASK [%s]" % name)
    ends = [run.stdout.find(marker, start + 1) for marker in ("\nTASK [", "\nPLAY RECAP")]
    return run.stdout[start:min(end for end in ends if end != -1)]


def emulator_call(emulator, method, path, body=None):
    """A task that drives the emulator's control API between two tasks of the same run."""
    args = {"url": emulator.root_url + "/_emulator" + path, "method": method}
    if body is not None:
        args.update(body_format="json", body=body)
    return {"name": "emulator %s %s" % (method, path), "ansible.builtin.uri": args}


def keep_results(path, registers):
    return {"name": "Keep the registered results", "ansible.builtin.copy": {
        "dest": str(path), "content": "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (name, name) for name in registers)}}


@pytest.fixture(scope="module")
def vvv_runs(tmp_path_factory):
    """Every module at -vvv, on success (in diff mode) and failure paths, with credentials from
    options, ovh.conf files and the environment, in two ansible-playbook runs shared by the tests
    below: the environment of a process is one for all its tasks, and with OVH_* set the options
    and ovh.conf cases would no longer be the only source of credentials.

    Under pytest-xdist the tests may land on several workers: the first one runs the playbooks,
    the others read what it kept (a file of this session, under a lock).
    Returns (secrets, the two runs, the registered results of both)."""
    session_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        session_dir = session_dir.parent  # shared by the workers of this session only
    kept = session_dir / "secrets_vvv_runs.json"
    with open(str(session_dir / "secrets_vvv_runs.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not kept.exists():
            kept.write_text(json.dumps(_vvv_runs(tmp_path_factory.mktemp("secrets"))))
        secrets, options_run, env_run, results = json.loads(kept.read_text())
    return secrets, PlaybookOutput(**options_run), PlaybookOutput(**env_run), results


class PlaybookOutput(object):
    """What the tests read of a kept PlaybookRun."""

    def __init__(self, stdout, stderr):
        self.stdout = stdout
        self.output = stdout + stderr

    def __repr__(self):
        return self.output[-4000:]


def _vvv_runs(tmp_path):
    with Emulator() as emulator:
        ansible = Ansible(emulator, tmp_path)
        app = emulator.add_application(name="secret-test")
        consumer_key = emulator.add_consumer_key(app["application_key"],
                                                 [{"method": m, "path": "/*"} for m in ("GET", "POST", "PUT", "DELETE")])
        secrets = {"endpoint": emulator.base_url, "application_key": app["application_key"],
                   "application_secret": app["application_secret"], "consumer_key": consumer_key}
        # Options, success and failure paths; then ovh.conf, right and wrong secret. No ./ovh.conf:
        # the files are in directories of their own, named by config_file.
        tasks, registers = [], []
        # Files a module writes ({tmp} in the registry's arguments) go in this run's directory.
        cases = [(entry.fqcn, entry.arguments(tmp_path)) for entry in MODULES]
        for number, (module, args) in enumerate(cases):
            tasks.append({"name": "options %d success" % number, module: dict(secrets, **args), "diff": True,
                          "register": "success%d" % number, "ignore_errors": True})
            registers.append("success%d" % number)
        # Every request fails from here on (one fault for all the failure tasks: a task each to set
        # and clear it would double the run's length).
        tasks.append(emulator_call(emulator, "POST", "/faults", {"status": 500, "count": 100000}))
        for number, (module, args) in enumerate(cases):
            tasks.append({"name": "options %d failure" % number, module: dict(secrets, **args),
                          "register": "failure%d" % number, "ignore_errors": True})
            registers.append("failure%d" % number)
        tasks.append(emulator_call(emulator, "DELETE", "/faults"))
        conf = {}
        for kind, secret in (("right", secrets["application_secret"]), ("wrong", "WrongSecretValue0000000000000001")):
            conf[kind] = tmp_path / kind / "ovh.conf"
            conf[kind].parent.mkdir()
            conf[kind].write_text("[default]\nendpoint=%s\n[%s]\napplication_key=%s\napplication_secret=%s\nconsumer_key=%s\n" % (
                secrets["endpoint"], secrets["endpoint"], secrets["application_key"], secret, secrets["consumer_key"]))
        for number, dummy in CONF_CASES:
            module, args = cases[number]
            for kind in ("right", "wrong"):
                tasks.append({"name": "ovh.conf %d %s" % (number, kind), module: dict(args, config_file=str(conf[kind])),
                              "register": "conf%d%s" % (number, kind), "ignore_errors": True})
                registers.append("conf%d%s" % (number, kind))
        play = [{"name": "Secrets at -vvv", "hosts": "localhost", "gather_facts": False,
                 "tasks": tasks + [keep_results(tmp_path / "results.json", registers)]}]
        (ansible.workdir / "secrets_vvv.yml").write_text(json.dumps(play))
        options_run = ansible.run("secrets_vvv.yml", "-vvv", credentials=False, playbook_dir=str(ansible.workdir))
        results = read_json(tmp_path / "results.json")
        # The environment: OVH_* of the controller, passed on to the modules it runs.
        env = {"OVH_ENDPOINT": secrets["endpoint"], "OVH_APPLICATION_KEY": secrets["application_key"],
               "OVH_APPLICATION_SECRET": secrets["application_secret"], "OVH_CONSUMER_KEY": secrets["consumer_key"]}
        tasks = [{"name": "environment %d" % number, cases[number][0]: cases[number][1], "register": "env%d" % number,
                  "ignore_errors": True} for number, dummy in CONF_CASES]
        play = [{"name": "Secrets from the environment at -vvv", "hosts": "localhost", "gather_facts": False,
                 "tasks": tasks + [keep_results(tmp_path / "env.json", ["env%d" % number for number, dummy in CONF_CASES])]}]
        (ansible.workdir / "secrets_env.yml").write_text(json.dumps(play))
        env_run = ansible.run("secrets_env.yml", "-vvv", credentials=False, playbook_dir=str(ansible.workdir), env=env)
        results.update(read_json(tmp_path / "env.json"))
    for run in (options_run, env_run):
        assert run.recap is not None and run.recap["failed"] == 0, run  # every failure was registered
    return [secrets, {"stdout": options_run.stdout, "stderr": options_run.stderr},
            {"stdout": env_run.stdout, "stderr": env_run.stderr}, results]


@pytest.mark.parametrize("number", range(len(MODULE_CASES)), ids=CASE_IDS)
def test_options_success_failure_and_diff(vvv_runs, number):
    secrets, run, dummy, results = vvv_runs
    assert_clean(run.output, secrets)
    output = task_output(run, "options %d success" % number)
    assert not results["success%d" % number].get("failed"), output
    assert_clean(output, secrets)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output  # the invocation is shown, masked
    # What the module itself handles (an S3 secret it reads): not in the output, not in the result.
    assert leaked(run.output, MODULES[number].secrets) == []
    assert leaked(json.dumps(results["success%d" % number]), MODULES[number].secrets) == []
    output = task_output(run, "options %d failure" % number)
    assert results["failure%d" % number].get("failed") and "HTTP 500" in output, output
    assert_clean(output, secrets)


@pytest.mark.parametrize("number", [number for number, dummy in CONF_CASES], ids=[CASE_IDS[number] for number, dummy in CONF_CASES])
def test_environment_and_ovh_conf(vvv_runs, number):
    secrets, options_run, env_run, results = vvv_runs
    output = task_output(env_run, "environment %d" % number)
    assert not results["env%d" % number].get("failed"), output
    assert_clean(env_run.output, secrets)
    output = task_output(options_run, "ovh.conf %d right" % number)
    assert not results["conf%dright" % number].get("failed"), output
    assert_clean(output, secrets)
    # A wrong secret from the file: the failure message must not print the secret either.
    output = task_output(options_run, "ovh.conf %d wrong" % number)
    assert results["conf%dwrong" % number].get("failed") and "Invalid signature" in output, output
    assert "WrongSecretValue0000000000000001" not in options_run.output
    assert_clean(options_run.output, secrets)


# --- values with whitespace or control characters ----------------------------------------------

# Letters that are not hexadecimal digits: no QueryID, temporary name or hash in the output can
# hold 8 characters of these values by chance.
ALPHABET = "ghijkmnpqrstuvwxyzGHJKLMNPQRSTUVWXYZ"
DEFECTS = {"LF": "{}\n", "CR": "{}\r", "TAB": "{}\t", "space": " {}"}


def distinctive():
    return "".join(random.choice(ALPHABET) for dummy in range(32))


def pieces(value, size=8):
    core = value.strip()
    return set(core[start:start + size] for start in range(len(core) - size + 1))


def leaked(text, values):
    """The 8-character pieces of ``values`` found in ``text``."""
    return sorted(piece for value in values for piece in pieces(value) if piece in text)


def lookup_task(name, register, **options):
    # Values go in as task variables: a string literal inside a template would be changed by Jinja
    # (line endings are normalised there).
    terms = ", ".join("%s=option_%s" % (key, key) for key in sorted(options))
    return {"name": name, "ansible.builtin.set_fact": {"answer": "{{ lookup('signet.ovh.ovh_api', '/me', %s) }}" % terms},
            "vars": dict(("option_" + key, value) for key, value in options.items()), "register": register, "ignore_errors": True}


def module_task(name, register, module, args):
    # Not through the task keyword environment: ansible-core itself shows its values at -vvv (in
    # the command it runs); the controller's environment is tested below.
    return {"name": name, module: args, "register": register, "ignore_errors": True}


def defect_cases(emulator, hostile, workdir):
    """(task, expected text of the failure, the secret values of the case)."""
    endpoint = emulator.base_url
    app = emulator.add_application(name="defects")
    good = {"application_key": app["application_key"], "application_secret": app["application_secret"],
            "consumer_key": emulator.add_consumer_key(app["application_key"], [{"method": "GET", "path": "/*"}])}
    cases = []
    for field in ("application_secret", "consumer_key", "client_secret"):
        for defect_name, form in sorted(DEFECTS.items()):
            value = form.format(distinctive())
            if field == "client_secret":
                options = {"endpoint": endpoint, "client_id": DEMO_CLIENT_ID, "client_secret": value}
                module, args = "signet.ovh.ovh_api_call", {"path": "/me"}
            else:
                options = dict(good, endpoint=endpoint, **{field: value})
                module, args = "signet.ovh.ovh_dns_record_info", {"zone": "example.com"}
            expected = "%s from option %s has" % (field, field)
            register = "r%d" % len(cases)
            cases.append((module_task("module %s %s" % (field, defect_name), register, module, dict(args, **options)),
                          expected, [value]))
            register = "r%d" % len(cases)
            cases.append((lookup_task("lookup %s %s" % (field, defect_name), register, **options), expected, [value]))
    # From an ovh.conf file: a continuation line (a line break inside the value), a tab inside it.
    conf_values = {"consumer_key": distinctive(), "application_secret": distinctive()}
    conf = workdir / "defects.conf"
    conf.write_text("[%s]\napplication_key=%s\napplication_secret=%s\n\tcontinued\nconsumer_key=%s\n" % (
        endpoint, good["application_key"], conf_values["application_secret"], conf_values["consumer_key"]))
    expected = "application_secret from %s [%s] application_secret has" % (conf, endpoint)
    cases.append((module_task("ovh.conf module", "r%d" % len(cases), "signet.ovh.ovh_dns_record_info",
                              {"zone": "example.com", "endpoint": endpoint, "config_file": str(conf)}), expected, list(conf_values.values())))
    cases.append((lookup_task("ovh.conf lookup", "r%d" % len(cases), endpoint=endpoint, config_file=str(conf)),
                  expected, list(conf_values.values())))
    # A token endpoint answering a token with a line break: refused, never sent, never shown.
    token_options = {"endpoint": hostile.base_url, "client_id": DEMO_CLIENT_ID, "client_secret": distinctive()}
    cases.append((module_task("token module", "r%d" % len(cases), "signet.ovh.ovh_api_call", dict(token_options, path="/me")),
                  "access_token with whitespace or control characters", [token_options["client_secret"]]))
    cases.append((lookup_task("token lookup", "r%d" % len(cases), **token_options),
                  "access_token with whitespace or control characters", [token_options["client_secret"]]))
    return cases, good


def test_credential_values_with_whitespace_or_control_characters(ansible, emulator):
    token = distinctive() + "\n"
    answers = {"POST /auth/oauth2/token": (200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}, "application/json")}
    with HostileServer(answers) as hostile:
        cases, good = defect_cases(emulator, hostile, ansible.workdir)
        registers = [case[0]["register"] for case in cases]
        playbook = [{"name": "Credential values with defects", "hosts": "localhost", "gather_facts": False,
                     "tasks": [case[0] for case in cases] + [
                         {"name": "Keep the registered results", "ansible.builtin.copy": {
                             "dest": str(ansible.workdir / "results.json"),
                             "content": "{{ [%s] | to_json }}" % ", ".join(registers)}}]}]
        (ansible.workdir / "defects.yml").write_text(json.dumps(playbook))
        run = ansible.run("defects.yml", "-vvv", credentials=False, playbook_dir=str(ansible.workdir))
        assert hostile.log.count("POST /auth/oauth2/token") == 2 and "GET /me" not in hostile.log  # the token was never used
    assert run.recap is not None and run.recap["failed"] == 0, run  # every failure was registered (ignore_errors)
    results = json.loads((ansible.workdir / "results.json").read_text())
    assert len(results) == len(cases)
    for (task, expected, dummy), result in zip(cases, results):
        assert result.get("failed") and expected in result["msg"], (task["name"], result)
        assert "not shown" in result["msg"] or "it is not shown" in result["msg"], (task["name"], result)
        assert "no answer from" not in result["msg"], (task["name"], result)
    assert [entry for entry in emulator.log if entry["path"] != "/auth/time"] == []  # refused before any request
    values = [value for case in cases for value in case[2]] + [token]
    assert leaked(run.output, values) == [], run
    assert leaked(json.dumps(results), values) == []
    assert good["application_secret"] not in run.output and good["consumer_key"] not in run.output


def test_a_consumer_key_with_a_line_break_in_the_environment(ansible, emulator, secrets):
    # The reproduction of the report: OVH_CONSUMER_KEY=$'<key>\n', for a module and for the lookup.
    bad = secrets["consumer_key"] + "\n"
    options = {"endpoint": secrets["endpoint"], "application_key": secrets["application_key"],
               "application_secret": secrets["application_secret"]}
    playbook = [{"name": "Consumer key from the environment", "hosts": "localhost", "gather_facts": False, "tasks": [
        module_task("module", "module", "signet.ovh.ovh_dns_record_info", dict(options, zone="example.com")),
        lookup_task("lookup", "lookup", **options),
        {"name": "Keep", "ansible.builtin.copy": {"dest": str(ansible.workdir / "env.json"), "content": "{{ [module, lookup] | to_json }}"}},
    ]}]
    (ansible.workdir / "env.yml").write_text(json.dumps(playbook))
    run = ansible.run("env.yml", "-vvv", credentials=False, playbook_dir=str(ansible.workdir), env={"OVH_CONSUMER_KEY": bad})
    assert run.recap is not None and run.recap["failed"] == 0, run
    module, lookup = json.loads((ansible.workdir / "env.json").read_text())
    assert "consumer_key from environment OVH_CONSUMER_KEY (or option consumer_key) has" in module["msg"], module
    assert "consumer_key from environment OVH_CONSUMER_KEY has" in lookup["msg"], lookup
    assert emulator.log == []
    for text in (run.output, json.dumps([module, lookup])):
        assert leaked(text, [bad, secrets["application_secret"]]) == []
