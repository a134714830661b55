"""ovh_consumer_key in-process (tests/module_runner.py) against the emulator: a new key with and without
waiting, a configured key kept or replaced, check mode, approval waited on, stored in an ovh.conf
(private, usable, another application's section refused, a pending key kept after a timeout), refusals
from this IP, the server's clock, faults on the request, the check and the wait, bad input, a request
that never connected."""

import os
import re
import shutil

import pytest

from api_log import write_routes, write_statuses
from credential_runs import (
    CURRENT, FAULTS, IDEMPOTENT_OUTCOME, IDS, KEY, ME_RULES, NEW_KEY, NEW_KEY_OUTCOME, assert_failure_names_the_call, calls, credential,
    run_module, wait_for_landing, without_consumer_key)
from emulator.customer import Customer, approve, refuse
from emulator.seed import DEMO_APPLICATION_KEY
from emulator.seed import DEMO_APPLICATION_KEY as APPLICATION_KEY
from emulator.seed import DEMO_APPLICATION_SECRET as APPLICATION_SECRET
from module_registry import service_account_env
from module_runner import seed_time_offset
from tamper import tamper, without

from ansible_collections.signet.ovh.plugins.module_utils.credentials import read_ini_value


def test_consumer_key_store_in_a_directory_is_refused(modules, emulator, tmp_path):
    args = {"access_rules": [{"path": "/me", "method": "GET"}], "store_in": str(tmp_path), "consumer_key": None}
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", dict(modules.module_credentials(), **args), credentials=False)
    assert rc == 1 and result["msg"] == "store_in: %s is a directory, not an ovh.conf file" % tmp_path, result
    assert emulator.log == []


def test_consumer_key_neither_stored_nor_returned_says_so(modules, emulator):
    credentials = modules.module_credentials()
    del credentials["consumer_key"]
    args = dict(credentials, access_rules=[{"path": "/me", "method": "GET"}], wait=True, wait_timeout=1, return_consumer_key=False)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", args, credentials=False)
    assert rc == 1, result
    assert "the key was neither stored nor returned (return_consumer_key is false): run the task again" in result["msg"], result["msg"]
    assert result["consumer_key"] is None
    (pending,) = emulator.pending_validations()
    assert pending["consumer_key"] not in output


def consumer_key_args(modules, **extra):
    credentials = modules.module_credentials()
    del credentials["consumer_key"]
    return dict(credentials, access_rules=[{"path": "/me", "method": "GET"}], **extra)


def test_consumer_key_expiring_by_the_server_clock_is_replaced(modules, emulator):
    # The client's idea of the server time is 50 s ahead (within the API's 60 s signature window):
    # a key the API still takes, expiring in 30 s, is expired by the server time the module reckons with.
    seed_time_offset(modules.cache, emulator.base_url, 50)
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], validity=30)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, consumer_key=key), credentials=False)
    assert (rc, result["changed"], result["status"]) == (0, True, "pendingValidation"), result
    assert result["msg"] == "the configured consumer key (option consumer_key) is expired; a new consumer key was requested"
    assert [(entry["path"], entry["status"]) for entry in emulator.log] == [("/auth/currentCredential", 200), ("/auth/credential", 200)]
    (pending,) = emulator.pending_validations()
    assert result["consumer_key"] == pending["consumer_key"] and key not in output


def test_consumer_key_store_in_unwritable(modules, emulator, tmp_path):
    # A missing directory is found before any request: no key is created that nobody stores.
    store_in = tmp_path / "missing" / "ovh.conf"
    rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, store_in=str(store_in)), credentials=False)
    assert rc == 1 and result["msg"] == "store_in: directory %s does not exist" % store_in.parent, result
    assert write_statuses(emulator) == [] and emulator.pending_validations() == []
    # The directory goes away while the module waits for the approval: the failure says the key
    # was created, with its validation URL, and changed is true.
    store_in = tmp_path / "vanishing" / "ovh.conf"
    store_in.parent.mkdir()

    def approve_and_remove(item):
        emulator.validate_consumer_key(item["consumer_key"])
        shutil.rmtree(str(store_in.parent))  # the lock file held beside ovh.conf included
    with Customer(emulator, approve_and_remove, clock=modules.clock) as customer:
        rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, store_in=str(store_in), wait=True),
                                          credentials=False)
    validation_url = customer.answered[0]["validation_url"]
    assert (rc, result["changed"], result["status"], result["validation_url"]) == (1, True, "validated", validation_url), result
    assert result["msg"] == ("store_in: directory %s does not exist; the consumer key was created (validation URL: %s) but is not "
                             "stored: run the task again once store_in can be written" % (store_in.parent, validation_url))
    assert customer.answered[0]["consumer_key"] not in _output
    assert write_statuses(emulator) == [("POST", "/auth/credential", 200)]


def test_consumer_key_answer_without_the_key(modules, emulator, monkeypatch):
    tamper(monkeypatch, "POST", "/auth/credential", without("consumerKey"))
    rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules), credentials=False)
    assert (rc, result["changed"], result["consumer_key"]) == (1, True, None), result
    assert result["msg"] == "POST /auth/credential answered without a consumer key: ['state', 'validationUrl']"
    assert write_statuses(emulator) == [("POST", "/auth/credential", 200)]


def test_new_key_without_wait(modules, emulator):
    rc, result, output = run_module(modules, KEY, {
        "access_rules": [{"path": "/domain/zone/example.com", "preset": "read-write-safe", "recursive": True},
                         {"path": "/", "preset": "read-only", "recursive": True}],
        "redirection": "https://example.net/done", "allowed_ips": ["192.0.2.1", "198.51.100.0/24"]},
        consumer_key=None)
    assert rc == 0, output
    assert result["changed"] and result["status"] == "pendingValidation"
    assert result["validation_url"].startswith(emulator.root_url + "/auth/?credentialToken=")
    assert result["allowed_ips"] == ["192.0.2.1/32", "198.51.100.0/24"]
    new = credential(emulator, result["consumer_key"])
    assert new.status == "pendingValidation" and new.redirection == "https://example.net/done"
    assert new.allowed_ips == ["192.0.2.1/32", "198.51.100.0/24"]
    # python-ovh's recursive rules; '/' gives only '/*'; the self-check rule is covered by GET /*.
    assert [(rule["method"], rule["path"]) for rule in new.rules] == [
        ("GET", "/domain/zone/example.com"), ("POST", "/domain/zone/example.com"), ("PUT", "/domain/zone/example.com"),
        ("GET", "/domain/zone/example.com/*"), ("POST", "/domain/zone/example.com/*"), ("PUT", "/domain/zone/example.com/*"),
        ("GET", "/*")]
    post = [entry for entry in emulator.log if entry["method"] == "POST"]
    assert len(post) == 1 and not post[0]["signed"]
    assert "no consumer key is configured" in result["msg"]


def test_configured_key_is_kept_when_it_covers_the_rules(modules, emulator):
    # The demo key grants every method on /*: it covers anything.
    rc, result, output = run_module(modules, KEY, {"access_rules": [
        {"path": "/domain/zone", "preset": "read-write", "recursive": True}, {"path": "/me", "method": "GET"}]})
    assert rc == 0, output
    assert not result["changed"] and result["status"] == "validated"
    assert result["credential_id"] == 200000001 and result["consumer_key"] is None and result["validation_url"] is None
    assert write_routes(emulator) == []
    assert "kept it" in result["msg"]


def test_configured_key_that_lacks_a_rule_expired_or_refused_is_replaced(modules, emulator):
    narrow_rules = [{"method": "GET", "path": "/me"}, {"method": "GET", "path": "/auth/currentCredential"}]
    narrow = emulator.add_consumer_key(DEMO_APPLICATION_KEY, narrow_rules)
    rules = [{"path": "/me", "method": "GET"}]
    rc, result, output = run_module(modules, KEY, {"access_rules": rules}, consumer_key=narrow)
    assert rc == 0 and not result["changed"], output
    emulator.clear_log()
    rc, result, output = run_module(modules, KEY, {"access_rules": rules + [{"path": "/me", "method": "PUT"}]},
                                    consumer_key=narrow)
    assert rc == 0 and result["changed"], output
    assert "does not grant: PUT /me" in result["msg"]
    assert write_routes(emulator) == [("POST", "/auth/credential")]
    # Only the new key is in the output, the configured one is masked.
    assert narrow not in output and result["consumer_key"] in output

    for state in ("expired", "refused"):
        old = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], state=state)
        rc, result, output = run_module(modules, KEY, {"access_rules": rules}, consumer_key=old)
        assert rc == 0 and result["changed"], output
        assert "cannot be used: This credential is not valid: it " in result["msg"]

    # A key usable from anywhere is not kept when allowed_ips asks for less.
    rc, result, output = run_module(modules, KEY, {"access_rules": rules, "allowed_ips": ["127.0.0.1"]}, consumer_key=narrow)
    assert rc == 0 and result["changed"] and "may be used from anywhere" in result["msg"], output


def test_key_without_the_self_check_rule(modules, emulator):
    blind = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES, "add_self_check_rule": False},
                                    "--check", consumer_key=blind)
    assert rc == 0 and result["changed"], output
    assert "may not read GET /auth/currentCredential" in result["msg"]
    assert result["rules"] == [{"method": "GET", "path": "/me"}]
    assert write_routes(emulator) == []


def test_check_mode_requests_nothing(modules, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True},
                                    "--check", consumer_key=None)
    assert rc == 0, output
    assert result["changed"] and result["consumer_key"] is None and result["status"] is None
    assert "would be requested" in result["msg"]
    assert write_routes(emulator) == [] and emulator.pending_validations() == []
    assert not conf.exists()


def test_wait_approved_and_stored(modules, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    conf.write_text("# my settings\n[default]\nendpoint=ovh-eu\n\n[ovh-eu]\napplication_key=OtherKey\n"
                    "application_secret=OtherSecret\nconsumer_key=OtherConsumer\n\n[%s]\n; old key\nconsumer_key=Stale\n"
                    % emulator.base_url)
    os.chmod(str(conf), 0o640)
    args = {"access_rules": ME_RULES, "store_in": str(conf), "wait": True, "wait_timeout": 60}
    with Customer(emulator, approve(emulator, account="customer-ovh", validity=3600), clock=modules.clock) as customer:
        rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc == 0, output
    assert len(customer.answered) == 1
    new_key = customer.answered[0]["consumer_key"]
    assert result["changed"] and result["status"] == "validated" and result["consumer_key"] is None
    assert result["credential_id"] == credential(emulator, new_key).credential_id and result["expiration"]
    assert result["stored_in"] == str(conf)
    text = conf.read_text()
    assert text == ("# my settings\n[default]\nendpoint=ovh-eu\n\n[ovh-eu]\napplication_key=OtherKey\n"
                    "application_secret=OtherSecret\nconsumer_key=OtherConsumer\n\n[%s]\n; old key\nconsumer_key=%s\n"
                    "application_key=%s\n" % (emulator.base_url, new_key, DEMO_APPLICATION_KEY))
    assert os.stat(str(conf)).st_mode & 0o777 == 0o600  # a file holding a consumer key is made private
    assert new_key not in output and "Stale" not in output

    # Second run: the stored key is checked and kept.
    emulator.clear_log()
    rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc == 0 and not result["changed"], output
    assert "kept it" in result["msg"] and write_routes(emulator) == []
    assert conf.read_text() == text
    assert new_key not in output


def test_store_in_new_file_is_private_and_usable(modules, emulator, tmp_path):
    conf = tmp_path / "new.conf"
    with Customer(emulator, approve(emulator), clock=modules.clock):
        rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True,
                                                       "return_consumer_key": True}, consumer_key=None)
    assert rc == 0, output
    assert os.stat(str(conf)).st_mode & 0o777 == 0o600
    assert conf.read_text() == "[default]\nendpoint=%s\n\n[%s]\napplication_key=%s\nconsumer_key=%s\n" % (
        emulator.base_url, emulator.base_url, DEMO_APPLICATION_KEY, result["consumer_key"])
    # Another module reads the file.
    rc, me, output = run_module(modules, "signet.ovh.ovh_api_call", {"path": "/me", "config_file": str(conf)},
                                consumer_key=None)
    assert rc == 0 and me["json"]["nichandle"] == "demo-ovh", output


def test_wait_refused_expired_and_timeout(modules, emulator):
    args = {"access_rules": ME_RULES, "wait": True, "wait_timeout": 60}
    with Customer(emulator, refuse(emulator), clock=modules.clock):
        rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc != 0
    assert "the consumer key was refused instead of approved (validation URL: %s/auth/?credentialToken=" % emulator.root_url \
        in result["msg"], output
    assert result["status"] == "refused"

    with Customer(emulator, approve(emulator, validity=0), clock=modules.clock):
        rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc != 0 and "the consumer key was expired instead of approved (validation URL: http" in result["msg"], output

    rc, result, output = run_module(modules, KEY, dict(args, wait_timeout=3), consumer_key=None)
    assert rc != 0
    assert re.search(r"the consumer key was not approved within 3 seconds .*The customer must open "
                     r"http://127\.0\.0\.1:\d+/auth/\?credentialToken=\w+, log in", result["msg"]), output
    assert result["validation_url"] in result["msg"]


def test_consumer_key_bad_input(modules, emulator):
    cases = [
        ({"access_rules": [{"path": "/me"}]}, "one of the following is required: method, methods, preset"),
        ({"access_rules": [{"path": "/me", "method": "GET", "preset": "read-only"}]}, "mutually exclusive"),
        ({"access_rules": [{"path": "me", "method": "GET"}]}, "access_rules[0]: path must start with '/'"),
        ({"access_rules": [{"path": "/me", "method": "PATCH"}]}, "method must be one of"),
        ({"access_rules": ME_RULES, "allowed_ips": ["192.0.2.1/24"]}, "'192.0.2.1/24' has host bits set; the network is 192.0.2.0/24"),
        ({"access_rules": ME_RULES, "allowed_ips": ["nope"]}, "'nope' is not an IP address or CIDR block"),
        ({"access_rules": []}, "access_rules must hold at least one rule"),
    ]
    for args, message in cases:
        rc, result, output = run_module(modules, KEY, args, consumer_key=None)
        assert rc != 0 and message in result["msg"], (args, output)
    assert write_routes(emulator) == []


def test_wait_approved_but_refused_from_this_ip(modules, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    args = {"access_rules": ME_RULES, "allowed_ips": ["192.0.2.0/24"], "store_in": str(conf), "wait": True,
            "wait_timeout": 60}
    approved_at = []

    def approve_and_note(item):
        approve(emulator)(item)
        approved_at.append(len(emulator.log))  # where the approval falls in the log (no wall clock)

    with Customer(emulator, approve_and_note, clock=modules.clock) as customer:
        rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc != 0, output
    # Failed at the first poll after the approval, not after wait_timeout (a poll every 2 seconds).
    polls = [entry for entry in emulator.log[approved_at[0]:] if entry["path"] == "/auth/currentCredential"]
    assert len(polls) <= 1, polls
    new_key = customer.answered[0]["consumer_key"]
    msg = result["msg"]
    assert "the consumer key was approved (validation URL: %s)" % customer.answered[0]["validation_url"] in msg, msg
    assert "outside its allowed_ips (192.0.2.0/24)" in msg
    assert "This credential is not allowed to be used from IP 127.0.0.1" in msg and "[QueryID: EU." in msg
    assert "stored in %s [%s] all the same" % (conf, emulator.base_url) in msg
    assert result["status"] == "validated" and result["error_code"] == "FORBIDDEN" and result["stored_in"] == str(conf)
    assert credential(emulator, new_key).status == "validated"
    assert "consumer_key=%s\n" % new_key in conf.read_text() and new_key not in output
    # The approval is kept: the next run fails the same way without requesting a new key...
    emulator.clear_log()
    rc, result, output = run_module(modules, KEY, dict(args, wait=False), consumer_key=None)
    assert rc != 0, output
    assert ("the configured consumer key (store_in %s [%s] consumer_key) is validated, but the API refuses it from this "
            "machine's IP address" % (conf, emulator.base_url)) in result["msg"], result["msg"]
    assert "force: true" in result["msg"] and "[QueryID:" in result["msg"]
    assert write_routes(emulator) == [] and new_key not in output
    # ... unless told to.
    rc, result, output = run_module(modules, KEY, dict(args, wait=False, force=True), consumer_key=None)
    assert rc == 0 and result["changed"] and "force is set" in result["msg"], output
    assert write_routes(emulator) == [("POST", "/auth/credential")]


def test_configured_key_refused_from_this_ip_fails_without_request(modules, emulator):
    emulator.set_error_form("current")  # no errorCode: recognised by the message
    elsewhere = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], allowed_ips=["192.0.2.0/24"])
    for extra in ((), ("--check",)):
        rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES}, *extra, consumer_key=elsewhere)
        assert rc != 0, output
        assert ("the configured consumer key (option consumer_key) is validated, but the API refuses it from this "
                "machine's IP address, which is outside the key's allowed IPs") in result["msg"], result["msg"]
        assert "GET /auth/currentCredential failed: HTTP 403" in result["msg"]
        assert elsewhere not in output
    assert write_routes(emulator) == [] and emulator.pending_validations() == []


def test_wait_timeout_stores_the_pending_key(modules, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    args = {"access_rules": ME_RULES, "store_in": str(conf), "wait": True, "wait_timeout": 2}
    rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc != 0, output
    (pending,) = emulator.pending_validations()
    assert "the pending key was stored in %s [%s]: once approved, it is usable and the next run keeps it" % (
        conf, emulator.base_url) in result["msg"], result["msg"]
    assert pending["validation_url"] in result["msg"] and result["stored_in"] == str(conf)
    assert result["consumer_key"] is None and pending["consumer_key"] not in output
    assert "consumer_key=%s\n" % pending["consumer_key"] in conf.read_text()
    # The customer approves later: the stored key is kept, nothing is requested.
    emulator.validate_consumer_key(pending["consumer_key"])
    emulator.clear_log()
    rc, result, output = run_module(modules, KEY, args, consumer_key=None)
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
    assert write_routes(emulator) == []
    # Without store_in the message points at the returned key.
    rc, result, output = run_module(modules, KEY, dict(args, store_in=None), consumer_key=None)
    assert rc != 0 and "the pending key is returned in consumer_key" in result["msg"], output
    assert result["consumer_key"] and result["stored_in"] is None


def test_kept_key_expiration_is_read_on_the_server_clock(modules, emulator):
    # The API's clock is 10 minutes behind: a key that expires in 5 minutes by the API's clock looks
    # expired by the local clock, but is valid.
    emulator.clock_offset = -600
    short = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], validity=300)
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES}, consumer_key=short)
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
    assert write_routes(emulator) == []


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


def test_consumer_keys_need_an_application(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", {"access_rules": [{"method": "GET", "path": "/me"}]},
                                     env=service_account_env(emulator), credentials=False)
    assert rc != 0 and "ovh_consumer_key needs application_key and application_secret" in result["msg"], output
    assert emulator.writes() == []


def test_a_consumer_key_request_that_never_connected_changed_nothing(modules, emulator):
    # Nothing listens on port 1: the request for a key never reached an API, so no key can exist.
    # (Before, the task said changed: true and that a key "may have been created".)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", {
        "endpoint": "http://127.0.0.1:1/1.0", "application_key": APPLICATION_KEY, "application_secret": APPLICATION_SECRET,
        "access_rules": [{"method": "GET", "path": "/me"}], "timeout": 2}, credentials=False)
    assert rc == 1 and not result["changed"], output
    assert "POST /auth/credential failed" in result["msg"] and "may have been created" not in result["msg"], result["msg"]
