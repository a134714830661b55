"""The EXAMPLES of every plugin run against the emulator, so the docs cannot drift from the code."""

import ast
import glob
import json
import os

import pytest
import yaml

from ovh_playbooks import ROOT

PLUGINS = sorted(glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) + glob.glob(os.path.join(ROOT, "plugins", "lookup", "*.py")))
# Values the examples take from the user's inventory or vault.
EXAMPLE_VARS = {"challenge_token": "8hjG6Zr1Hh1oYqX2oFqLzS5d7u0bJpQ9x3W4aVnC2eM"}


def examples(path):
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "EXAMPLES" for target in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no EXAMPLES" % path)


def endpoints(value):
    """Every endpoint an example sets, wherever it sets it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "endpoint":
                yield item
            yield from endpoints(item)
    elif isinstance(value, list):
        for item in value:
            yield from endpoints(item)


@pytest.mark.parametrize("path", PLUGINS, ids=[os.path.basename(path)[:-3] for path in PLUGINS])
def test_examples_run(ansible, emulator, path):
    tasks = examples(path)
    assert tasks, "no example task"
    # An example may name a real endpoint only as a default: the test must never leave 127.0.0.1.
    for endpoint in endpoints(tasks):
        assert "ovh_endpoint" in str(endpoint), endpoint
    playbook = [{
        "name": "Examples of %s" % os.path.basename(path),
        "hosts": "localhost",
        "gather_facts": False,
        "vars": EXAMPLE_VARS,
        "module_defaults": {"group/signet.ovh.ovh": {"endpoint": "{{ ovh_endpoint }}", "application_key": "{{ ovh_application_key }}",
                                                     "application_secret": "{{ ovh_application_secret }}",
                                                     "consumer_key": "{{ ovh_consumer_key }}"}},
        "environment": {"OVH_ENDPOINT": "{{ ovh_endpoint }}", "OVH_APPLICATION_KEY": "{{ ovh_application_key }}",
                        "OVH_APPLICATION_SECRET": "{{ ovh_application_secret }}", "OVH_CONSUMER_KEY": "{{ ovh_consumer_key }}"},
        "tasks": tasks,
    }]
    name = "examples_%s.yml" % os.path.basename(path)[:-3]
    (ansible.workdir / name).write_text(json.dumps(playbook))
    # Lookups run in the controller's process: they see its environment, not the play's.
    env = {"OVH_" + key.upper(): value for key, value in ansible.module_credentials().items()}
    run = ansible.run(name, playbook_dir=str(ansible.workdir), env=env)
    assert run.rc == 0, run
    assert run.recap["failed"] == 0
    assert all(entry["status"] in (200, 404) for entry in emulator.log), [(e["method"], e["path"], e["status"]) for e in emulator.log]
