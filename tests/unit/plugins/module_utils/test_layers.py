"""The import layers of module_utils: each file imports only files of a lower layer, so there is no
cycle and a newcomer knows where new code goes. A new file must be given its layer here."""

import os
import re

import pytest

MODULE_UTILS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "module_utils")

# Lowest first: 0, no import of the collection's own; then what the client is made of; the client;
# product logic over the client; what builds on a product; what the modules share (AnsibleModule).
LAYERS = {
    "clock": 0, "masking": 0, "naming": 0, "shapes": 0, "signer": 0, "state_files": 0,
    "caches": 1, "config": 1, "errors": 1, "tasks": 1, "transport": 1,
    "names": 2, "rate_limit": 2, "ssh_keys": 2,
    "client": 3,
    "cloud": 4, "credentials": 4, "dns": 4, "dns_zone": 4, "servers": 4, "vps": 4, "vrack": 4,
    "cloud_instances": 5, "cloud_network": 5, "cloud_storage": 5, "cloud_users": 5, "domain": 5, "ip": 5, "kube": 5,
    "zonefile": 5,
    "module": 6,
    "dns_module": 7,
}
IMPORT = re.compile(r"^\s*from ansible_collections\.signet\.ovh\.plugins\.module_utils\.(\w+) import", re.M)


def own_imports(name):
    with open(os.path.join(MODULE_UTILS, name + ".py")) as handle:
        return sorted(set(IMPORT.findall(handle.read())))


FILES = sorted(name[:-3] for name in os.listdir(MODULE_UTILS) if name.endswith(".py") and name != "__init__.py")


def test_every_file_has_a_layer():
    assert sorted(set(FILES) - set(LAYERS)) == [], "give the new module_utils file its layer in LAYERS"


@pytest.mark.parametrize("name", FILES)
def test_imports_go_to_lower_layers_only(name):
    upward = [other for other in own_imports(name) if LAYERS[other] >= LAYERS[name]]
    assert upward == [], "%s (layer %d) imports %s of its own layer or above" % (name, LAYERS[name], upward)
