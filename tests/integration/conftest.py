"""Fixtures of the playbook tests; the helpers are in ovh_playbooks.py."""

import pytest

from ovh_playbooks import Ansible


@pytest.fixture
def ansible(emulator, tmp_path):
    return Ansible(emulator, tmp_path)


@pytest.fixture
def secrets(emulator):
    """Credentials of a new application, distinctive values to look for in the output."""
    app = emulator.add_application(name="secret-test")
    consumer_key = emulator.add_consumer_key(app["application_key"], [{"method": m, "path": "/*"} for m in ("GET", "POST", "PUT", "DELETE")])
    return {"endpoint": emulator.base_url, "application_key": app["application_key"],
            "application_secret": app["application_secret"], "consumer_key": consumer_key}
