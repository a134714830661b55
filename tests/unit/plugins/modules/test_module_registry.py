"""The module registry (tests/module_registry.py) lists every module, and each entry is true: its
arguments succeed against a fresh emulator and its bad input fails before any write. Modules with an
OAuth2 service account (module_registry.SERVICE_ACCOUNT_CASES), each in-process. Invalid input of the
modules (tests/bad_input_cases.py), each case in-process: the message names the option, no write."""

import pytest

from bad_input_cases import API, CASES, case_arguments
from emulator.seed import DEMO_CLIENT_SECRET
from module_registry import MODULES, SERVICE_ACCOUNT_CASES, module_names, service_account_env


def test_every_module_is_in_the_registry():
    listed = [entry.name for entry in MODULES]
    assert len(listed) == len(set(listed)), "a module is listed twice"
    missing = sorted(set(module_names()) - set(listed))
    assert not missing, "modules missing from tests/module_registry.py: %s" % missing
    unknown = sorted(set(listed) - set(module_names()))
    assert not unknown, "tests/module_registry.py names modules that do not exist: %s" % unknown


@pytest.mark.parametrize("entry", MODULES, ids=[entry.name for entry in MODULES])
def test_registry_arguments_succeed(modules, tmp_path, entry):
    rc, result, output = modules.run(entry.fqcn, entry.arguments(tmp_path))
    assert rc == 0, output
    assert not result.get("failed"), result
    assert not any(secret in output for secret in entry.secrets)


@pytest.mark.parametrize("entry", MODULES, ids=[entry.name for entry in MODULES])
def test_registry_bad_input_fails_before_any_write(modules, emulator, entry):
    rc, result, output = modules.run(entry.fqcn, entry.bad_args)
    assert rc == 1, output
    assert entry.bad_message in result["msg"], result["msg"]
    assert emulator.writes() == []


@pytest.mark.parametrize("module, args", SERVICE_ACCOUNT_CASES, ids=[case[0].split(".")[-1] for case in SERVICE_ACCOUNT_CASES])
def test_module_with_service_account(modules, emulator, module, args):
    rc, result, output = modules.run(module, args, env=service_account_env(emulator), credentials=False)
    assert rc == 0, output
    assert DEMO_CLIENT_SECRET not in output
    assert emulator.log[0]["path"] == "/auth/oauth2/token"
    assert [entry["path"] for entry in emulator.log].count("/auth/oauth2/token") == 1
    assert not any(entry["signed"] for entry in emulator.log)


@pytest.mark.parametrize("module, options, message", CASES, ids=["%s-%d" % (case[0].split(".")[-1], n) for n, case in enumerate(CASES)])
def test_bad_input(modules, emulator, tmp_path, module, options, message):
    args, message = case_arguments(tmp_path, options, message, modules.module_credentials())
    rc, result, output = modules.run(module, args, credentials=False)
    assert rc != 0, output
    assert message in result["msg"], result["msg"]
    assert "Secret" not in output
    # Only the case the API itself refuses sends a write; it must not have succeeded.
    assert emulator.writes() == [] or module == API and message.startswith("HTTP 400"), emulator.writes()
    assert all(entry["status"] != 200 for entry in emulator.writes())
    if module == API and "HTTP" not in message:
        # Refused by the module before any call to the API.
        assert emulator.log == [], emulator.log


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40
