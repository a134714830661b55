"""ovh_credential in-process (tests/module_runner.py) against the emulator: faults on the allowed IPs'
update and on the revocation; bad input of the three credential modules; the three with the emulator's
clock ten minutes off."""

import pytest

from credential_runs import (
    CRED, FAULTS, IDEMPOTENT_OUTCOME, IDS, INFO, KEY, ME_RULES, ONE, assert_failure_names_the_call, credential, new_restricted_key,
    wait_for_landing, without_consumer_key)
from emulator.seed import DEMO_CONSUMER_KEY


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
