"""Shared pytest setup: tests/ on sys.path (for the ``emulator`` package and ``module_runner``),
an ``emulator`` fixture and a ``modules`` fixture that runs modules in-process against it."""

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
