"""ovh_consumer_key, ovh_credential_info and ovh_credential against the emulator: idempotence,
waiting, storing, batch budgets, check mode, diff, messages and secrets in the output.

The modules run in-process (the ``modules`` fixture) where the result is what is checked, and with
`ansible -m` (the ``ansible`` fixture) where Ansible's output is: the rendered diff, -vvv output."""

import json
import os
import re
import subprocess
import sys

from emulator.customer import Customer, approve, refuse
from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY
from module_runner import ModuleRunner
from ovh_playbooks import assert_no_unhandled_exception

WRITES = ("POST", "PUT", "DELETE")
KEY = "signet.ovh.ovh_consumer_key"
INFO = "signet.ovh.ovh_credential_info"
CRED = "signet.ovh.ovh_credential"
ME_RULES = [{"path": "/me", "method": "GET"}]


def run_module(runner, module, args, *options, consumer_key=DEMO_CONSUMER_KEY):
    """One module, in-process (``runner`` is the ``modules`` fixture) or with `ansible localhost -m`
    (the ``ansible`` fixture); returns (rc, result dict, whole output)."""
    arguments = {"endpoint": runner.emulator.base_url, "application_key": DEMO_APPLICATION_KEY,
                 "application_secret": DEMO_APPLICATION_SECRET}
    if consumer_key:
        arguments["consumer_key"] = consumer_key
    arguments.update(args)
    if isinstance(runner, ModuleRunner):
        return runner.run(module, arguments, *options, credentials=False)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-i", "localhost,", "-c", "local",
               "-m", module, "-a", json.dumps(arguments)] + list(options)
    process = subprocess.run(command, cwd=str(runner.workdir), env=runner.env, capture_output=True, text=True,
                             timeout=300, check=False)
    output = process.stdout + process.stderr
    assert_no_unhandled_exception(output)
    match = re.search(r"=> (\{.*\})\s*$", process.stdout, re.DOTALL)
    return process.returncode, (json.loads(match.group(1)) if match else None), output


def writes(emulator):
    return [(entry["method"], entry["route"]) for entry in emulator.log if entry["method"] in WRITES]


def credential(emulator, consumer_key):
    with emulator.state.lock:
        return emulator.state.credential_by_key(consumer_key)


# --- ovh_consumer_key --------------------------------------------------


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
    assert writes(emulator) == []
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
    assert writes(emulator) == [("POST", "/auth/credential")]
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
    assert writes(emulator) == []


def test_check_mode_requests_nothing(modules, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True},
                                    "--check", consumer_key=None)
    assert rc == 0, output
    assert result["changed"] and result["consumer_key"] is None and result["status"] is None
    assert "would be requested" in result["msg"]
    assert writes(emulator) == [] and emulator.pending_validations() == []
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
    assert "kept it" in result["msg"] and writes(emulator) == []
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
    assert writes(emulator) == []


# --- ovh_credential_info -----------------------------------------------


def test_info_reads_120_credentials_in_7_requests(modules, emulator):
    third_party = emulator.add_application(account="customer-ovh", name="third-party", description="someone else's")
    for index in range(119):
        application_key = third_party["application_key"] if index % 2 else DEMO_APPLICATION_KEY
        emulator.add_consumer_key(application_key, [{"method": "GET", "path": "/me"}], validity=None if index % 3 else 3600)
    # Learn the server time first, so that the budget counts API work only.
    assert run_module(modules, INFO, {"current": True})[0] == 0
    emulator.clear_log()
    rc, result, output = run_module(modules, INFO, {})
    assert rc == 0, output
    credentials = result["credentials"]
    assert len(credentials) == 120
    assert [item["credential_id"] for item in credentials] == sorted(item["credential_id"] for item in credentials)
    names = {item["application"]["name"] for item in credentials}
    assert names == {"signet-demo", "third-party"}
    # Applications read through the credential: a third party's included.
    assert all(item["application"]["application_id"] == item["application_id"] for item in credentials)
    log = emulator.log
    assert len(log) == 7, [(e["method"], e["path"][:60]) for e in log]
    assert [entry["batch"] for entry in log] == [False] + [True] * 6
    assert sum(1 for entry in log if entry["route"] == "/me/api/credential/{credentialId}/application") == 3
    assert not result["changed"]


def test_info_filters_fallback_and_current(modules, emulator):
    other = emulator.add_application(name="other")
    other_key = emulator.add_consumer_key(other["application_key"], [{"method": "GET", "path": "/*"}])
    emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], state="expired")
    rc, result, output = run_module(modules, INFO, {"application_id": other["application_id"]})
    assert rc == 0, output
    assert [item["credential_id"] for item in result["credentials"]] == [credential(emulator, other_key).credential_id]
    assert result["credentials"][0]["application"] == {
        "application_id": other["application_id"], "application_key": other["application_key"], "name": "other",
        "description": "", "status": "active"}
    rc, result, output = run_module(modules, INFO, {"status": "expired"})
    assert [item["status"] for item in result["credentials"]] == ["expired"]
    assert result["credentials"][0]["expiration"] is not None
    # Without batch support: one GET per id.
    emulator.batch_enabled = False
    emulator.clear_log()
    rc, result, output = run_module(modules, INFO, {})
    assert rc == 0 and len(result["credentials"]) == 3, output
    assert len([entry for entry in emulator.log if entry["path"] != "/auth/time"]) == 1 + 2 + 2 * 3
    rc, result, output = run_module(modules, INFO, {"current": True})
    assert rc == 0, output
    (current,) = result["credentials"]
    assert current["credential_id"] == 200000001 and current["application"]["name"] == "signet-demo"
    assert current["rules"][0] == {"method": "GET", "path": "/*"}


def test_not_granted_call_fails_clearly(modules, emulator):
    narrow = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    rc, result, output = run_module(modules, INFO, {}, consumer_key=narrow)
    assert rc != 0
    assert "GET /me/api/credential failed: HTTP 403" in result["msg"], output
    assert "This call has not been granted" in result["msg"] and "access rules" in result["msg"]
    assert result["error_code"] == "NOT_GRANTED_CALL" and result["query_id"]


# --- ovh_credential ----------------------------------------------------


def test_credential_allowed_ips_normalized_check_and_diff(modules, ansible, emulator):
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], account="demo-ovh")
    credential_id = credential(emulator, target).credential_id
    args = {"credential_id": credential_id, "allowed_ips": ["192.0.2.1", "2001:db8::/32"]}
    rc, result, output = run_module(ansible, CRED, args, "--check", "--diff")  # the diff as Ansible renders it
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [] and credential(emulator, target).allowed_ips is None
    assert '-    "allowed_ips": null\n+    "allowed_ips": [\n+        "192.0.2.1/32",\n+        "2001:db8::/32"\n+    ]' in output
    rc, result, output = run_module(modules, CRED, args, "--diff")
    assert rc == 0 and result["changed"], output
    assert credential(emulator, target).allowed_ips == ["192.0.2.1/32", "2001:db8::/32"]
    assert result["credential"]["allowed_ips"] == ["192.0.2.1/32", "2001:db8::/32"]
    emulator.clear_log()
    same = {"credential_id": credential_id, "allowed_ips": ["2001:db8::/32", "192.0.2.1/32", "192.0.2.1"]}
    rc, result, output = run_module(modules, CRED, same)
    assert rc == 0 and not result["changed"], output
    assert writes(emulator) == []
    # Without allowed_ips nothing is changed; an empty list lifts the restriction.
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id})
    assert rc == 0 and not result["changed"] and result["credential"]["status"] == "validated", output
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id, "allowed_ips": []})
    assert rc == 0 and result["changed"] and credential(emulator, target).allowed_ips is None, output


def test_credential_revoke_check_mode_and_absent(modules, ansible, emulator):
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    credential_id = credential(emulator, target).credential_id
    args = {"credential_id": credential_id, "state": "absent"}
    rc, result, output = run_module(modules, CRED, args, "--check")
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [] and credential(emulator, target) is not None
    rc, result, output = run_module(ansible, CRED, args, "--diff")  # the diff as Ansible renders it
    assert rc == 0 and result["changed"] and result["credential"] is None, output
    assert '-    "state": "present"\n+    "state": "absent"' in output
    assert credential(emulator, target) is None
    assert writes(emulator) == [("DELETE", "/me/api/credential/{credentialId}")]
    rc, result, output = run_module(modules, CRED, args)
    assert rc == 0 and not result["changed"], output
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id, "allowed_ips": ["192.0.2.0/24"]})
    assert rc != 0 and "credential %s does not exist (never created, or revoked)" % credential_id in result["msg"], output
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id, "state": "absent",
                                                    "allowed_ips": ["192.0.2.0/24"]})
    assert rc != 0 and "allowed_ips cannot be set with state=absent" in result["msg"], output
    assert len(writes(emulator)) == 1


def test_secrets_stay_out_of_verbose_output(ansible, emulator, tmp_path):
    conf = tmp_path / "secret.conf"
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    credential_id = credential(emulator, target).credential_id
    with Customer(emulator, approve(emulator)) as customer:
        rc, result, output = run_module(ansible, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True},
                                        "-vvv", consumer_key=None)
        assert rc == 0, output
        outputs = [output]
        rc, result, output = run_module(ansible, KEY, {"access_rules": ME_RULES, "store_in": str(conf)}, "-vvv",
                                        consumer_key=None)
        assert rc == 0 and not result["changed"], output
        outputs.append(output)
    for module, args in ((INFO, {}), (INFO, {"current": True}), (CRED, {"credential_id": credential_id, "allowed_ips": ["127.0.0.1"]}),
                         (CRED, {"credential_id": credential_id, "state": "absent"})):
        rc, result, output = run_module(ansible, module, args, "-vvv", "--diff")
        assert rc == 0, output
        outputs.append(output)
    secrets = [DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY, customer.answered[0]["consumer_key"], target]
    for output in outputs:
        for secret in secrets:
            assert secret not in output


# --- playbooks ---------------------------------------------------------


def test_check_mode_playbook_sends_no_write(ansible, emulator):
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    credential_id = credential(emulator, target).credential_id
    run = ansible.run("credentials_check_mode.yml", extra_vars={"credential_id": credential_id})
    assert run.rc == 0, run
    assert run.recap["changed"] == 3
    assert writes(emulator) == [] and emulator.pending_validations() == []
    assert credential(emulator, target).allowed_ips is None


def test_documented_pruning_examples(ansible, emulator):
    day = 86400
    app = emulator.add_application(name="retired-app")
    retired = [emulator.add_consumer_key(app["application_key"], [{"method": "GET", "path": "/*"}]) for _index in range(2)]
    emulator.clock_offset = -100 * day
    old_unused = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    old_used = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    emulator.clock_offset = -95 * day
    with emulator.state.lock:
        emulator.state.credential_by_key(old_used).last_use = int(emulator.state.now())
    emulator.clock_offset = -10 * day
    recent = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    emulator.clock_offset = 0
    run = ansible.run("credentials_prune.yml", extra_vars={"application_id": app["application_id"]})
    assert run.rc == 0, run
    assert all(credential(emulator, key) is None for key in retired + [old_unused, old_used])
    assert credential(emulator, recent) is not None and credential(emulator, DEMO_CONSUMER_KEY) is not None
    assert run.recap["changed"] == 2
    again = ansible.run("credentials_prune.yml", extra_vars={"application_id": app["application_id"]})
    assert again.rc == 0 and again.recap["changed"] == 0, again


# --- refused from this IP, pending keys after a timeout, another application's section -----


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
    assert writes(emulator) == [] and new_key not in output
    # ... unless told to.
    rc, result, output = run_module(modules, KEY, dict(args, wait=False, force=True), consumer_key=None)
    assert rc == 0 and result["changed"] and "force is set" in result["msg"], output
    assert writes(emulator) == [("POST", "/auth/credential")]


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
    assert writes(emulator) == [] and emulator.pending_validations() == []


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
    assert writes(emulator) == []
    # Without store_in the message points at the returned key.
    rc, result, output = run_module(modules, KEY, dict(args, store_in=None), consumer_key=None)
    assert rc != 0 and "the pending key is returned in consumer_key" in result["msg"], output
    assert result["consumer_key"] and result["stored_in"] is None


def test_store_in_section_of_another_application_is_refused(modules, ansible, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    others = [
        ("application_key=OtherAppKeyValue0001\napplication_secret=OtherAppSecretValue0001\n", "application_key"),
        ("application_secret=OtherAppSecretValue0001\n", "application_secret"),
        ("application_key=%s\napplication_secret=OtherAppSecretValue0001\n" % DEMO_APPLICATION_KEY, "application_secret"),
    ]
    for lines, option in others:
        text = "[default]\nendpoint=%s\n\n[%s]\n%sconsumer_key=OtherConsumerKeyValue0001\n" % (
            emulator.base_url, emulator.base_url, lines)
        conf.write_text(text)
        for runner, extra in ((modules, ()), (modules, ("--check",)), (ansible, ("-vvv",))):
            rc, result, output = run_module(runner, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True},
                                            *extra, consumer_key=None)
            assert rc != 0, output
            assert ("store_in: section [%s] of %s holds the %s of another application than this task's"
                    % (emulator.base_url, conf, option)) in result["msg"], result["msg"]
            for secret in ("OtherAppSecretValue0001", "OtherConsumerKeyValue0001", DEMO_APPLICATION_SECRET):
                assert secret not in output
        assert conf.read_text() == text
    assert emulator.log == []  # refused before any request
    # The same application's secret in the section is fine, and kept.
    text = "[%s]\napplication_key=%s\napplication_secret=%s\n" % (emulator.base_url, DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET)
    conf.write_text(text)
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES, "store_in": str(conf)}, consumer_key=None)
    assert rc == 0 and result["changed"], output
    assert conf.read_text().startswith(text) and "consumer_key=" in conf.read_text()


def test_kept_key_expiration_is_read_on_the_server_clock(modules, emulator):
    # The API's clock is 10 minutes behind: a key that expires in 5 minutes by the API's clock looks
    # expired by the local clock, but is valid.
    emulator.clock_offset = -600
    short = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], validity=300)
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES}, consumer_key=short)
    assert rc == 0 and not result["changed"] and "kept it" in result["msg"], output
    assert writes(emulator) == []
