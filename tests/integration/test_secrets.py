"""Secrets never reach the output: every module at -vvv, on success and failure paths, with
credentials from options, the environment and ovh.conf, and distinctive secret values.

Credential values with whitespace or control characters (what a copy and paste leaves) are refused
before any request, naming the option and its source; no 8-character piece of a secret appears
anywhere in the -vvv output or in the registered results. The cases share one playbook run."""

import json
import random

import pytest

from emulator.seed import DEMO_CLIENT_ID
from hostile import HostileServer

MODULE_CASES = [
    ("signet.ovh.ovh_api_call", {"path": "/me"}),
    ("signet.ovh.ovh_api_call", {"method": "POST", "path": "/domain/zone/example.com/refresh"}),
    ("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "s", "type": "TXT", "value": ["secret test"]}),
    ("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [{"subdomain": "s2", "type": "A", "value": ["192.0.2.9"]}]}),
    ("signet.ovh.ovh_dns_record_info", {"zone": "example.com"}),
]


def assert_clean(output, secrets):
    assert secrets["application_secret"] not in output
    assert secrets["consumer_key"] not in output


@pytest.mark.parametrize("module, args", MODULE_CASES, ids=[case[0].split(".")[-1] + str(n) for n, case in enumerate(MODULE_CASES)])
def test_options_success_failure_and_diff(ansible, emulator, secrets, module, args):
    rc, dummy, output = ansible.adhoc(module, dict(secrets, **args), "-vvv", "--diff", credentials=False)
    assert rc == 0, output
    assert_clean(output, secrets)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output  # the invocation is shown, masked
    emulator.add_fault(status=500, count=5)
    rc, dummy, output = ansible.adhoc(module, dict(secrets, **args), "-vvv", credentials=False)
    assert rc != 0 and "HTTP 500" in output, output
    assert_clean(output, secrets)


@pytest.mark.parametrize("module, args", MODULE_CASES[::2], ids=[case[0].split(".")[-1] for case in MODULE_CASES[::2]])
def test_environment_and_ovh_conf(ansible, emulator, secrets, module, args):
    env = {"OVH_ENDPOINT": secrets["endpoint"], "OVH_APPLICATION_KEY": secrets["application_key"],
           "OVH_APPLICATION_SECRET": secrets["application_secret"], "OVH_CONSUMER_KEY": secrets["consumer_key"]}
    rc, dummy, output = ansible.adhoc(module, args, "-vvv", env=env, credentials=False)
    assert rc == 0, output
    assert_clean(output, secrets)
    conf = ansible.workdir / "ovh.conf"
    conf.write_text("[default]\nendpoint=%(endpoint)s\n[%(endpoint)s]\napplication_key=%(application_key)s\n"
                    "application_secret=%(application_secret)s\nconsumer_key=%(consumer_key)s\n" % secrets)
    rc, dummy, output = ansible.adhoc(module, dict(args, config_file=str(conf)), "-vvv", credentials=False)
    assert rc == 0, output
    assert_clean(output, secrets)
    # A wrong secret from the file: the failure message must not print the secret either.
    conf.write_text(conf.read_text().replace(secrets["application_secret"], "WrongSecretValue0000000000000001"))
    rc, dummy, output = ansible.adhoc(module, dict(args, config_file=str(conf)), "-vvv", credentials=False)
    assert rc != 0 and "Invalid signature" in output, output
    assert "WrongSecretValue0000000000000001" not in output
    assert_clean(output, secrets)


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
