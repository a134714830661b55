"""Reliability of ovh_credential_info, ovh_credential and ovh_consumer_key: faults injected by the
emulator, invalid input, secrets on failure paths and clock skew.

Every fault ends either in success after retries or in a failed task that names the call, the
HTTP status and the QueryID (or says there was no answer); never a traceback; a consumer key is
never requested twice by one run; and a rerun after the fault is gone converges.

The modules run in-process (module_runner) except where the output of a real Ansible run is what
is checked (secrets in -vvv output)."""

import time

import pytest

from emulator.customer import Customer, approve
from emulator.seed import DEMO_APPLICATION_KEY, DEMO_CONSUMER_KEY

from ansible_collections.signet.ovh.plugins.module_utils.credentials import read_ini_value

KEY = "signet.ovh.ovh_consumer_key"
INFO = "signet.ovh.ovh_credential_info"
CRED = "signet.ovh.ovh_credential"
ME_RULES = [{"path": "/me", "method": "GET"}]
LIST = "/me/api/credential"
ONE = "/me/api/credential/*"
NEW_KEY = "/auth/credential"
CURRENT = "/auth/currentCredential"

# (name, fault without method and path, module options, expected outcome: "ok" or "fail")
FAULTS = [
    ("429", dict(status=429, retry_after=1), {}),
    ("500", dict(status=500), {}),
    ("502 HTML", dict(status=502), {}),
    ("503", dict(status=503), {}),
    ("dropped connection", dict(drop=True), {}),
    # The emulator holds the answer 1 s, 4 times the client's timeout; the slow one 0.3 s of 10.
    ("read timeout", dict(delay=1), {"timeout": 0.25}),
    ("slow answer", dict(delay=0.3), {"timeout": 10}),
]
# What GET, PUT and DELETE (retried after a gateway error, a dropped connection or a timeout) and
# POST /auth/credential (never sent again once it may have reached the API) do with each fault.
IDEMPOTENT_OUTCOME = {"429": "ok", "500": "fail", "502 HTML": "ok", "503": "ok", "dropped connection": "ok",
                      "read timeout": "ok", "slow answer": "ok"}
NEW_KEY_OUTCOME = {"429": "ok", "500": "fail", "502 HTML": "fail", "503": "fail", "dropped connection": "fail",
                   "read timeout": "fail", "slow answer": "ok"}
IDS = [case[0] for case in FAULTS]


def without_consumer_key(runner, **args):
    """Module arguments with the application's credentials only (a consumer key is to be requested)."""
    credentials = runner.module_credentials()
    del credentials["consumer_key"]
    return dict(credentials, **args)


def credential(emulator, consumer_key):
    with emulator.state.lock:
        return emulator.state.credential_by_key(consumer_key)


def new_restricted_key(emulator):
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    return key, credential(emulator, key).credential_id


def assert_failure_names_the_call(output, result, method, path):
    assert "Traceback" not in output
    msg = result["msg"]
    assert msg.startswith("%s %s failed: " % (method, path)) or " %s %s failed: " % (method, path) in msg, msg
    assert ("HTTP " in msg and "[QueryID:" in msg) or "no answer from 127.0.0.1" in msg, msg


def calls(emulator, method, path):
    return [entry for entry in emulator.log if entry["method"] == method and entry["path"] == path]


def wait_for_landing(emulator, name, method, path, sent):
    """After a "read timeout" fault, the delayed request is still held by the emulator when the
    module returns: wait until the ``sent`` requests to ``method path`` are all logged (answered)."""
    if name != "read timeout":
        return
    deadline = time.monotonic() + 120  # a bound for a stuck emulator only, not a timing assumption
    while len(calls(emulator, method, path)) < sent:
        assert time.monotonic() < deadline, calls(emulator, method, path)
        time.sleep(0.05)


# --- faults ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, fault, options", FAULTS, ids=IDS)
def test_credential_info_faults(modules, emulator, name, fault, options):
    emulator.add_fault(method="GET", path=LIST, count=1, **fault)
    rc, result, output = modules.run(INFO, dict(options))
    assert "Traceback" not in output
    if IDEMPOTENT_OUTCOME[name] == "ok":
        assert rc == 0 and [item["credential_id"] for item in result["credentials"]] == [200000001], output
        assert result["credentials"][0]["application"]["name"] == "signet-demo"
    else:
        assert rc != 0, output
        assert_failure_names_the_call(output, result, "GET", LIST)
        assert "HTTP 500" in result["msg"] and result["status"] == 500 and result["query_id"]
    emulator.clear_faults()
    rc, result, output = modules.run(INFO, {})
    assert rc == 0 and len(result["credentials"]) == 1, output


@pytest.mark.parametrize("name, fault, options", FAULTS, ids=IDS)
def test_credential_allowed_ips_faults(modules, emulator, name, fault, options):
    key, credential_id = new_restricted_key(emulator)
    args = {"credential_id": credential_id, "allowed_ips": ["192.0.2.0/24", "2001:db8::/32"]}
    emulator.add_fault(method="PUT", path=ONE, count=1, **fault)
    rc, result, output = modules.run(CRED, dict(args, **options))
    assert "Traceback" not in output
    path = "/me/api/credential/%d" % credential_id
    if IDEMPOTENT_OUTCOME[name] == "ok":
        assert rc == 0 and result["changed"], output
        assert result["credential"]["allowed_ips"] == ["192.0.2.0/24", "2001:db8::/32"]
    else:
        assert rc != 0, output
        assert_failure_names_the_call(output, result, "PUT", path)
        assert "HTTP 500" in result["msg"] and not result["changed"]
        assert credential(emulator, key).allowed_ips is None
    emulator.clear_faults()
    wait_for_landing(emulator, name, "PUT", path, sent=2)  # timed out, sent again
    rc, result, output = modules.run(CRED, args)
    assert rc == 0 and result["changed"] == (IDEMPOTENT_OUTCOME[name] != "ok"), output
    assert credential(emulator, key).allowed_ips == ["192.0.2.0/24", "2001:db8::/32"]
    rc, result, output = modules.run(CRED, args)
    assert rc == 0 and not result["changed"], output


@pytest.mark.parametrize("name, fault, options", FAULTS, ids=IDS)
def test_credential_revoke_faults(modules, emulator, name, fault, options):
    key, credential_id = new_restricted_key(emulator)
    args = {"credential_id": credential_id, "state": "absent"}
    emulator.add_fault(method="DELETE", path=ONE, count=1, **fault)
    rc, result, output = modules.run(CRED, dict(args, **options))
    assert "Traceback" not in output
    if IDEMPOTENT_OUTCOME[name] == "ok":
        assert rc == 0 and result["credential"] is None, output
        # A timed-out DELETE that the API carried out later: the retry may find it revoked already.
        assert result["changed"] or name == "read timeout"
    else:
        assert rc != 0, output
        assert_failure_names_the_call(output, result, "DELETE", "/me/api/credential/%d" % credential_id)
        assert credential(emulator, key) is not None
    emulator.clear_faults()
    wait_for_landing(emulator, name, "DELETE", "/me/api/credential/%d" % credential_id, sent=2)  # timed out, sent again
    rc, result, output = modules.run(CRED, args)
    assert rc == 0 and result["changed"] == (IDEMPOTENT_OUTCOME[name] != "ok"), output
    assert credential(emulator, key) is None
    assert credential(emulator, DEMO_CONSUMER_KEY) is not None  # only that credential
    rc, result, output = modules.run(CRED, args)
    assert rc == 0 and not result["changed"], output


@pytest.mark.parametrize("name, fault, options", FAULTS, ids=IDS)
def test_consumer_key_request_faults(modules, emulator, tmp_path, name, fault, options):
    conf = tmp_path / "ovh.conf"
    args = without_consumer_key(modules, access_rules=ME_RULES, store_in=str(conf))
    emulator.add_fault(method="POST", path=NEW_KEY, count=1, **fault)
    rc, result, output = modules.run(KEY, dict(args, **options), credentials=False)
    assert "Traceback" not in output
    if NEW_KEY_OUTCOME[name] == "ok":
        assert rc == 0 and result["changed"] and result["status"] == "pendingValidation", output
        stored = read_ini_value(str(conf), emulator.base_url, "consumer_key")
        assert credential(emulator, stored).status == "pendingValidation"
        assert stored not in output
    else:
        assert rc != 0, output
        assert_failure_names_the_call(output, result, "POST", NEW_KEY)
        assert not conf.exists()
        if name in ("dropped connection", "read timeout"):
            assert "no answer from 127.0.0.1" in result["msg"] and "may have been created" in result["msg"]
    emulator.clear_faults()
    wait_for_landing(emulator, name, "POST", NEW_KEY, sent=1)  # never sent again
    # Never sent again once it may have reached the API; only a 429 (refused before any work) is.
    posts = calls(emulator, "POST", NEW_KEY)
    assert len(posts) == (2 if name == "429" else 1), [entry["status"] for entry in posts]
    assert [entry["status"] for entry in posts].count(200) <= 1

    # Rerun without the fault: the key stored by the first run once approved, else a new key
    # requested, approved and stored; the next run keeps it.
    if NEW_KEY_OUTCOME[name] == "ok":
        emulator.validate_consumer_key(read_ini_value(str(conf), emulator.base_url, "consumer_key"))
    with Customer(emulator, approve(emulator), clock=modules.clock):
        rc, result, output = modules.run(KEY, dict(args, wait=True, wait_timeout=60), credentials=False)
    assert rc == 0 and result["status"] == "validated", output
    assert result["changed"] == (NEW_KEY_OUTCOME[name] != "ok")
    stored = read_ini_value(str(conf), emulator.base_url, "consumer_key")
    assert credential(emulator, stored).status == "validated"
    emulator.clear_log()
    rc, result, output = modules.run(KEY, args, credentials=False)
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
    assert emulator.writes() == []


@pytest.mark.parametrize("name, fault, options", FAULTS, ids=IDS)
def test_consumer_key_check_faults(modules, emulator, name, fault, options):
    # The configured (demo) key grants everything: it is checked, then kept.
    emulator.add_fault(method="GET", path=CURRENT, count=1, **fault)
    rc, result, output = modules.run(KEY, dict({"access_rules": ME_RULES}, **options))
    assert "Traceback" not in output
    if IDEMPOTENT_OUTCOME[name] == "ok":
        assert rc == 0 and not result["changed"] and result["credential_id"] == 200000001, output
    else:
        assert rc != 0, output
        assert_failure_names_the_call(output, result, "GET", CURRENT)
        assert "HTTP 500" in result["msg"]
    assert emulator.writes() == []  # a failed check never requests a key
    emulator.clear_faults()
    rc, result, output = modules.run(KEY, {"access_rules": ME_RULES})
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
    assert emulator.writes() == []


@pytest.mark.parametrize("name, fault, options", FAULTS, ids=IDS)
def test_consumer_key_wait_faults(modules, emulator, tmp_path, name, fault, options):
    # No configured key: the first GET /auth/currentCredential is the wait's first poll of the new key.
    conf = tmp_path / "ovh.conf"
    args = without_consumer_key(modules, access_rules=ME_RULES, store_in=str(conf), wait=True, wait_timeout=60)
    emulator.add_fault(method="GET", path=CURRENT, count=1, **fault)
    with Customer(emulator, approve(emulator), clock=modules.clock):
        rc, result, output = modules.run(KEY, dict(args, **options), credentials=False)
    assert "Traceback" not in output
    assert len(calls(emulator, "POST", NEW_KEY)) == 1
    stored = read_ini_value(str(conf), emulator.base_url, "consumer_key")
    assert stored and stored not in output
    if IDEMPOTENT_OUTCOME[name] == "ok":
        assert rc == 0 and result["status"] == "validated" and result["credential_id"], output
    else:
        assert rc != 0, output
        assert_failure_names_the_call(output, result, "GET", CURRENT)
        assert result["msg"].startswith("waiting for the approval of the consumer key (validation URL: ")
        assert "the pending key was stored in %s" % conf in result["msg"]
    # The stored key, approved by the customer (meanwhile, or now), is kept: the rerun requests nothing.
    if credential(emulator, stored).status == "pendingValidation":
        assert rc != 0
        emulator.validate_consumer_key(stored)
    assert credential(emulator, stored).status == "validated"
    emulator.clear_faults()
    emulator.clear_log()
    rc, result, output = modules.run(KEY, args, credentials=False)
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
    assert emulator.writes() == []


# --- bad input ---------------------------------------------------------------------------------

BAD_INPUT = [
    (CRED, {"credential_id": "two hundred"}, ["credential_id", "unable to convert to int"]),
    (CRED, {"credential_id": "12abc", "state": "absent"}, ["credential_id", "unable to convert to int"]),
    (CRED, {"credential_id": 200000001, "allowed_ips": ["192.0.2.0/33"]},
     ["allowed_ips: '192.0.2.0/33' is not an IP address or CIDR block"]),
    (CRED, {"credential_id": 200000001, "allowed_ips": ["192.0.2.1/24"]},
     ["allowed_ips: '192.0.2.1/24' has host bits set; the network is 192.0.2.0/24"]),
    (CRED, {"credential_id": 200000001, "allowed_ips": ["office"]}, ["allowed_ips: 'office' is not an IP address or CIDR block"]),
    (INFO, {"application_id": "mine"}, ["application_id", "unable to convert to int"]),
    (INFO, {"status": "active"}, ["value of status must be one of"]),
    (KEY, {"access_rules": [{"path": "/me", "method": "PATCH"}]}, ["value of method must be one of", "access_rules"]),
    (KEY, {"access_rules": [{"path": "/me", "methods": ["GET", "HEAD"]}]}, ["value of methods must be one or more of", "HEAD", "access_rules"]),
    (KEY, {"access_rules": [{"path": "me", "method": "GET"}]}, ["access_rules[0]: path must start with '/'"]),
    (KEY, {"access_rules": [{"path": "/me", "method": "GET"}, {"path": "domain/zone/*", "preset": "read-only"}]},
     ["access_rules[1]: path must start with '/'"]),
    (KEY, {"access_rules": [{"path": "/me", "preset": "everything"}]}, ["value of preset must be one of", "access_rules"]),
    (KEY, {"access_rules": ME_RULES, "allowed_ips": ["300.1.2.3"]}, ["allowed_ips: '300.1.2.3' is not an IP address or CIDR block"]),
    (KEY, {"access_rules": ME_RULES, "wait_timeout": -1}, ["wait_timeout must be 0 or more seconds, got -1"]),
]


@pytest.mark.parametrize("module, args, texts", BAD_INPUT,
                         ids=["%s-%d" % (case[0].split(".")[-1], number) for number, case in enumerate(BAD_INPUT)])
def test_bad_input(modules, emulator, module, args, texts):
    if module == KEY:
        rc, result, output = modules.run(module, without_consumer_key(modules, **args), credentials=False)
    else:
        rc, result, output = modules.run(module, args)
    assert rc != 0, output
    assert "Traceback" not in output
    for text in texts:
        assert text in result["msg"], result["msg"]
    assert emulator.writes() == []
    assert emulator.pending_validations() == []


# --- secrets on failure paths --------------------------------------------------------------------


def assert_clean(output, *secrets):
    assert output
    for secret in secrets:
        assert secret not in output


def test_secrets_on_failure_paths_of_info_and_credential(ansible, emulator, secrets):
    credential_id = credential(emulator, secrets["consumer_key"]).credential_id
    cases = [
        (INFO, {}, dict(method="GET", path=LIST), "GET /me/api/credential failed: HTTP 500"),
        (INFO, {"current": True}, dict(method="GET", path=CURRENT), "GET /auth/currentCredential failed: HTTP 500"),
        (CRED, {"credential_id": credential_id, "allowed_ips": ["127.0.0.1"]}, dict(method="PUT", path=ONE),
         "PUT /me/api/credential/%d failed: HTTP 500" % credential_id),
        (CRED, {"credential_id": credential_id, "state": "absent"}, dict(method="DELETE", path=ONE),
         "DELETE /me/api/credential/%d failed: HTTP 500" % credential_id),
        (CRED, {"credential_id": credential_id}, dict(method="GET", path=ONE), "GET /me/api/credential/%d failed: HTTP 500" % credential_id),
    ]
    for module, args, fault, message in cases:
        emulator.add_fault(status=500, count=10, **fault)
        rc, result, output = ansible.adhoc(module, dict(secrets, **args), "-vvv", "--diff", credentials=False)
        emulator.clear_faults()
        assert rc != 0 and message in result["msg"], output
        assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output  # the invocation is shown, masked
        assert_clean(output, secrets["application_secret"], secrets["consumer_key"])
    assert credential(emulator, secrets["consumer_key"]) is not None  # nothing applied


def test_secrets_on_failure_paths_of_consumer_key(ansible, emulator, secrets, tmp_path):
    app_only = dict(secrets)
    del app_only["consumer_key"]
    outputs = []
    # The configured key is refused: from this IP, or by a server error while checking it.
    elsewhere = emulator.add_consumer_key(secrets["application_key"], [{"method": "GET", "path": "/*"}], allowed_ips=["192.0.2.0/24"])
    rc, result, output = ansible.adhoc(KEY, dict(app_only, consumer_key=elsewhere, access_rules=ME_RULES), "-vvv", credentials=False)
    assert rc != 0 and "refuses it from this machine's IP address" in result["msg"], output
    outputs.append(output)
    emulator.add_fault(status=500, count=10, method="GET", path=CURRENT)
    rc, result, output = ansible.adhoc(KEY, dict(secrets, access_rules=ME_RULES), "-vvv", credentials=False)
    assert rc != 0 and "GET /auth/currentCredential failed: HTTP 500" in result["msg"], output
    outputs.append(output)
    emulator.clear_faults()
    # A persistent server error on the request, and while waiting for a stored key.
    emulator.add_fault(status=500, count=10, method="POST", path=NEW_KEY)
    rc, result, output = ansible.adhoc(KEY, dict(app_only, access_rules=ME_RULES), "-vvv", credentials=False)
    assert rc != 0 and "POST /auth/credential failed: HTTP 500" in result["msg"], output
    outputs.append(output)
    emulator.clear_faults()
    conf = tmp_path / "secret.conf"
    emulator.add_fault(status=500, count=10, method="GET", path=CURRENT)
    rc, result, output = ansible.adhoc(KEY, dict(app_only, access_rules=ME_RULES, store_in=str(conf), wait=True),
                                       "-vvv", credentials=False)
    assert rc != 0 and "the pending key was stored in" in result["msg"], output
    outputs.append(output)
    emulator.clear_faults()
    pending = read_ini_value(str(conf), emulator.base_url, "consumer_key")
    # The new key is refused by the customer while the task waits.
    with Customer(emulator, lambda item: emulator.refuse_consumer_key(item["consumer_key"])):
        rc, result, output = ansible.adhoc(KEY, dict(app_only, access_rules=ME_RULES, store_in=str(conf), wait=True),
                                           "-vvv", credentials=False)
    assert rc != 0 and "the consumer key was refused instead of approved" in result["msg"], output
    outputs.append(output)
    refused = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == NEW_KEY]
    assert len(refused) == 3
    for output in outputs:
        assert_clean(output, secrets["application_secret"], secrets["consumer_key"], elsewhere, pending)
    application_id = credential(emulator, secrets["consumer_key"]).application_id
    with emulator.state.lock:
        issued = [item.consumer_key for item in emulator.state.credentials.values() if item.application_id == application_id]
    assert len(issued) == 4  # the configured key, the one refused from this IP, the stored pending one, the refused one
    for output in outputs:
        assert_clean(output, *issued)


# --- clock skew --------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [600, -600])
def test_credential_modules_with_clock_ten_minutes_off(modules, emulator, offset):
    emulator.clock_offset = offset
    key, credential_id = new_restricted_key(emulator)
    rc, result, output = modules.run(INFO, {})
    assert rc == 0 and sorted(item["credential_id"] for item in result["credentials"]) == [200000001, credential_id], output
    rc, result, output = modules.run(INFO, {"current": True})
    assert rc == 0 and result["credentials"][0]["credential_id"] == 200000001, output
    args = {"credential_id": credential_id, "allowed_ips": ["203.0.113.0/24"]}
    rc, result, output = modules.run(CRED, args)
    assert rc == 0 and result["changed"], output
    assert credential(emulator, key).allowed_ips == ["203.0.113.0/24"]
    rc, result, output = modules.run(CRED, args)
    assert rc == 0 and not result["changed"], output
    rc, result, output = modules.run(CRED, {"credential_id": credential_id, "state": "absent"})
    assert rc == 0 and result["changed"] and credential(emulator, key) is None, output
    rc, result, output = modules.run(KEY, {"access_rules": ME_RULES})
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
