"""Reliability of ovh_credential_info, ovh_credential and ovh_consumer_key where the output of a real
Ansible run is what is checked: secrets on failure paths, in -vvv output. Their faults injected by the
emulator, invalid input and clock skew run in-process, in tests/unit/plugins/modules (the faults in
tests/credential_runs.py)."""

from credential_runs import CRED, CURRENT, INFO, KEY, LIST, ME_RULES, NEW_KEY, ONE, credential
from emulator.customer import Customer

from ansible_collections.signet.ovh.plugins.module_utils.credentials import read_ini_value


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
