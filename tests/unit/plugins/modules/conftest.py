"""Fixtures of the in-process module tests (the ``modules`` and ``emulator`` fixtures are in
tests/conftest.py)."""

import pytest

from api_log import sent
from dns_runs import Runner
from module_runner import seed_time_offset


@pytest.fixture
def runner(modules, emulator, tmp_path):
    """Runs the module of dns_records.yml or dns_info.yml in-process with that playbook's defaults
    (dns_runs.Runner); the server time as if learnt by an earlier task, so that budgets count API work only."""
    seed_time_offset(tmp_path / "cache", emulator.base_url)
    return Runner(None, modules, emulator, tmp_path)


@pytest.fixture
def logged_run(modules, emulator):
    """``logged_run(module, args, *options)``: the log cleared, then (rc, result, output, sent requests)."""
    def run_one(module, args, *options):
        emulator.clear_log()
        rc, result, output = modules.run(module, args, *options)
        return rc, result, output, sent(emulator)
    return run_one
