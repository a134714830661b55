"""ovh_credential_info in-process (tests/module_runner.py) against the emulator: 120 credentials read in
7 requests, filters, the fallback and the current key, a call not granted, faults on the list."""

import pytest

from credential_runs import FAULTS, IDEMPOTENT_OUTCOME, IDS, INFO, LIST, assert_failure_names_the_call, credential, run_module
from emulator.seed import DEMO_APPLICATION_KEY


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
        assert "HTTP 500" in result["msg"] and result["http_status"] == 500 and result["query_id"]
    emulator.clear_faults()
    rc, result, output = modules.run(INFO, {})
    assert rc == 0 and len(result["credentials"]) == 1, output
