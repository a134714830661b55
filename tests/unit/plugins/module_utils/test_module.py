"""module: the connection options are one list (the argument spec, the doc fragment and the lookup's and
the inventory's client all follow client.CONNECTION_OPTIONS), and the wait options match their fragment."""

import yaml

from ansible_collections.signet.ovh.plugins.doc_fragments.ovh import ModuleDocFragment as Connection
from ansible_collections.signet.ovh.plugins.doc_fragments.wait import ModuleDocFragment as Wait
from ansible_collections.signet.ovh.plugins.module_utils.client import CONNECTION_OPTIONS
from ansible_collections.signet.ovh.plugins.module_utils.module import ovh_argument_spec, wait_options


def test_the_argument_spec_and_the_fragment_are_the_connection_options():
    fragment = yaml.safe_load(Connection.DOCUMENTATION)["options"]
    assert sorted(ovh_argument_spec()) == sorted(CONNECTION_OPTIONS) == sorted(fragment)
    for name, spec in ovh_argument_spec().items():
        assert spec["type"] == fragment[name]["type"], name
        assert spec.get("default") == fragment[name].get("default"), name


def test_wait_options_defaults_are_the_fragments():
    fragment = yaml.safe_load(Wait.DOCUMENTATION)["options"]
    fragment.update(yaml.safe_load(Wait.POLL_INTERVAL)["options"])
    spec = wait_options(poll_interval=10.0)
    assert sorted(spec) == sorted(fragment)
    for name, option in spec.items():
        assert (option["type"], option["default"]) == (fragment[name]["type"], fragment[name]["default"]), name
