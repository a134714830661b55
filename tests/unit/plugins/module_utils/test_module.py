"""module: the connection options are one list (the argument spec, the doc fragment and the lookup's and
the inventory's client all follow client.CONNECTION_OPTIONS), and the wait options match their fragment."""

import os
import re

import pytest
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


MODULES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "modules")
PLUGINS = [os.path.join(MODULES, name) for name in sorted(os.listdir(MODULES)) if name.endswith(".py")] + [
    os.path.join(MODULES, "..", "inventory", "ovh.py"), os.path.join(MODULES, "..", "lookup", "ovh_api.py")]


@pytest.mark.parametrize("path", PLUGINS, ids=os.path.basename)
def test_shared_options_are_documented_by_their_fragment(path):
    """A plugin with wait options, an IAM tag filter or a DNS zone takes their text from the fragment (and gives only
    the defaults that differ): the options are written once."""
    with open(path) as handle:
        source = handle.read()
    documentation = yaml.safe_load(re.search(r"DOCUMENTATION = r'''\n(.*?)'''", source, re.S).group(1))
    fragments = documentation.get("extends_documentation_fragment") or []
    options = documentation.get("options") or {}
    wanted = []
    if "wait_options(" in source:
        wanted.append("signet.ovh.wait")
    if re.search(r"wait_options\([^)]*poll_interval=", source):
        wanted.append("signet.ovh.wait.poll_interval")
    if "iam_tags" in source:
        wanted.append("signet.ovh.iam_tags")
    if re.search(r"\bzone=dict\(", source):
        wanted.append("signet.ovh.dns")
    assert [name for name in wanted if name not in fragments] == []
    for name in ("wait", "wait_timeout", "poll_interval", "iam_tags", "zone"):
        assert set(options.get(name) or {}) <= {"default"}, "%s: %s is written in the plugin, not taken from its fragment" % (
            os.path.basename(path), name)
    assert "signet.ovh.ovh" in fragments and not set(options) & set(CONNECTION_OPTIONS)
