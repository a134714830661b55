"""Modules with an OAuth2 service account instead of AK/AS/CK, all of them in one ansible-playbook run
with -vvv for the client secret's masking. Each runs in-process in
tests/unit/plugins/modules/test_module_registry.py; the refusals in the modules' own test files."""

import json

from emulator.seed import DEMO_CLIENT_SECRET
from module_registry import SERVICE_ACCOUNT_CASES as CASES
from module_registry import service_account_env


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
