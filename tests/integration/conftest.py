"""Fixtures of the playbook tests; the helpers are in ovh_playbooks.py."""

import pytest

from ovh_playbooks import Ansible


@pytest.fixture
def ansible(emulator, tmp_path):
    return Ansible(emulator, tmp_path)
