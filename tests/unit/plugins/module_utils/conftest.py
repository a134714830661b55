"""Fixtures of the module_utils tests (the ``emulator`` fixture is in tests/conftest.py)."""

import pytest

from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY

from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.config import resolve_settings


@pytest.fixture
def client(emulator, tmp_path):
    """A client of the collection with the demo credentials, the server time learnt, the log cleared."""
    settings = resolve_settings(dict(endpoint=emulator.base_url, application_key=DEMO_APPLICATION_KEY,
                                     application_secret=DEMO_APPLICATION_SECRET, consumer_key=DEMO_CONSUMER_KEY,
                                     config_file=None), environ={}, default_files=[])
    api = OvhClient(settings, time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")), sleep=lambda seconds: None)
    api.get("/auth/time", auth=False)  # warm up: the budgets below count API work only
    api.timestamp()
    emulator.clear_log()
    yield api
    api.close()
