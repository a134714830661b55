"""Shared pytest setup: tests/ on sys.path (for the ``emulator`` package and ``module_runner``),
an ``emulator`` fixture, a ``modules`` fixture that runs modules in-process against it, and the
``bulk_zone`` that in-process and playbook tests of the DNS modules share."""

import importlib
import sys
from pathlib import Path

import pytest

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)


@pytest.fixture
def emulator():
    """A started OVH API emulator with DEFAULT_SEED, stopped after the test."""
    emu = importlib.import_module("emulator").Emulator()
    emu.start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def modules(emulator, tmp_path, monkeypatch):
    """Runs modules in the test's process (module_runner.ModuleRunner): no Ansible process."""
    return importlib.import_module("module_runner").ModuleRunner(emulator, tmp_path, monkeypatch)


@pytest.fixture
def bulk_zone(emulator):
    """A zone of exactly 200 one-record sets (dns_runs.BULK_ZONE); its records."""
    return importlib.import_module("dns_runs").bulk_zone_records(emulator)
