"""Every module with an OAuth2 service account instead of AK/AS/CK: each in-process, and all of
them in one ansible-playbook run with -vvv for the client secret's masking."""

import json

import pytest

from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

CASES = [
    ("signet.ovh.ovh_api_call", {"path": "/me"}),
    ("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "sa", "type": "A", "value": ["192.0.2.44"]}),
    ("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [{"subdomain": "sa2", "type": "A", "value": ["192.0.2.45"]}]}),
    ("signet.ovh.ovh_dns_record_info", {"zone": "example.com"}),
    ("signet.ovh.ovh_credential_info", {"status": "validated"}),
    ("signet.ovh.ovh_credential", {"credential_id": 200000001}),
]


def service_account_env(emulator):
    return {"OVH_ENDPOINT": emulator.base_url, "OVH_CLIENT_ID": DEMO_CLIENT_ID, "OVH_CLIENT_SECRET": DEMO_CLIENT_SECRET}


@pytest.mark.parametrize("module, args", CASES, ids=[case[0].split(".")[-1] for case in CASES])
def test_module_with_service_account(modules, emulator, module, args):
    rc, result, output = modules.run(module, args, env=service_account_env(emulator), credentials=False)
    assert rc == 0, output
    assert DEMO_CLIENT_SECRET not in output
    assert emulator.log[0]["path"] == "/auth/oauth2/token"
    assert [entry["path"] for entry in emulator.log].count("/auth/oauth2/token") == 1
    assert not any(entry["signed"] for entry in emulator.log)


def test_every_module_with_service_account_in_one_verbose_playbook(ansible, emulator):
    tasks = [{"name": module, module: args} for module, args in CASES]
    (ansible.workdir / "service_account.yml").write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    run = ansible.run("service_account.yml", "-vvv", env=service_account_env(emulator), credentials=False,
                      playbook_dir=str(ansible.workdir))
    assert run.rc == 0 and run.recap["failed"] == 0, run
    assert DEMO_CLIENT_SECRET not in run.output
    # One token per task (each task is its own process), fetched before its calls; nothing signed.
    paths = [entry["path"] for entry in emulator.log]
    assert paths[0] == "/auth/oauth2/token" and paths.count("/auth/oauth2/token") == len(CASES), paths
    assert not any(entry["signed"] for entry in emulator.log)


def test_both_modes_refused_before_any_request(modules, emulator):
    env = {"OVH_CLIENT_ID": DEMO_CLIENT_ID, "OVH_CLIENT_SECRET": DEMO_CLIENT_SECRET}
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, env=env)
    assert rc != 0 and "both authentication modes are configured" in result["msg"], output
    assert emulator.log == []


def test_half_a_service_account(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "endpoint": emulator.base_url, "client_id": DEMO_CLIENT_ID},
                                     credentials=False)
    assert rc != 0 and "missing client_secret" in result["msg"], output
    assert emulator.log == []


def test_wrong_client_secret(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "endpoint": emulator.base_url, "client_id": DEMO_CLIENT_ID,
                                                                 "client_secret": "WrongClientSecret000000000000001"}, credentials=False)
    assert rc != 0 and "POST /auth/oauth2/token failed: HTTP 401" in result["msg"], output
    assert "WrongClientSecret000000000000001" not in output


def test_consumer_keys_need_an_application(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", {"access_rules": [{"method": "GET", "path": "/me"}]},
                                     env=service_account_env(emulator), credentials=False)
    assert rc != 0 and "ovh_consumer_key needs application_key and application_secret" in result["msg"], output
    assert emulator.writes() == []
