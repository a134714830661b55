"""The emulator's README and guide list every route it serves and the data it is seeded with."""

import os

from emulator.routes import ROUTES
from emulator.seed import DEFAULT_SEED

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, "..", "..", "emulator", "README.md")
GUIDE = os.path.join(HERE, "..", "..", "..", "docs", "docsite", "rst", "guide_emulator.rst")


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def test_the_readme_lists_every_route():
    text = read(README)
    missing = ["%s %s" % (method, template) for method, template, _handler in ROUTES
               if "`%s %s`" % (method, template) not in text]
    assert not missing, missing


def test_the_guide_names_every_route_family():
    text = read(GUIDE)
    families = set()
    for _method, template, _handler in ROUTES:
        parts = template.split("/")
        families.add("/".join(parts[:3]) if len(parts) > 2 and not parts[2].startswith("{") else "/".join(parts[:2]))
    missing = sorted(family for family in families if "``%s" % family not in text)
    assert not missing, missing


def test_both_list_the_seeded_data():
    names = [account["nichandle"] for account in DEFAULT_SEED["accounts"]]
    names += [account["password"] for account in DEFAULT_SEED["accounts"]]
    names += [app["applicationKey"] for app in DEFAULT_SEED["applications"]]
    names += [credential["consumerKey"] for credential in DEFAULT_SEED["credentials"]]
    names += [service["clientId"] for service in DEFAULT_SEED["serviceAccounts"]]
    names += [item["name"] for key in ("zones", "domains", "dedicatedServers", "vps") for item in DEFAULT_SEED[key]]
    names += [item.get("displayName") for item in DEFAULT_SEED["vps"] if item.get("displayName")]
    names += [address for item in DEFAULT_SEED["dedicatedServers"] + DEFAULT_SEED["vps"] for address in item.get("ips", [])]
    names += [item["ipReverse"] for item in DEFAULT_SEED["reverses"]]
    names += [item["keyName"] for item in DEFAULT_SEED["sshKeys"]]
    names += [item["ip"] for item in DEFAULT_SEED["failoverIps"]] + [item["description"] for item in DEFAULT_SEED["failoverIps"]]
    for path in (README, GUIDE):
        text = read(path)
        missing = [name for name in names if name not in text]
        assert not missing, (path, missing)
