"""The signet.ovh.ovh inventory through ansible-inventory: what hand mutants of the plugin changed
unnoticed (tests/MUTATION.md): with_ips false, --flush-cache, strict compose, connect_with, filter
values. (test_inventory.py holds the older tests of the plugin.)"""

import json

from test_inventory import CREDENTIALS, inventory, plain

WEB = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"
VPS = "vps-1a2b3c4d.vps.ovh.net"


def hostvars(out):
    return plain(json.loads(out))["_meta"]["hostvars"]


def test_with_ips_false_reads_no_ips(ansible, emulator):
    text = "plugin: signet.ovh.ovh\nendpoint: %s\n%swith_ips: false\n" % (emulator.base_url, CREDENTIALS)
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    found = hostvars(out)
    assert found[WEB]["ovh_ips"] == [] and found[VPS]["ovh_ips"] == []
    assert found[WEB]["ansible_host"] == "203.0.113.10"  # a server's own ip field
    assert found[VPS]["ansible_host"] == VPS  # a VPS without its addresses: its name
    assert not [entry for entry in emulator.log if entry["path"].endswith("/ips")], [entry["path"] for entry in emulator.log]


def test_flush_cache_reads_the_api_and_refreshes_the_cache(ansible, emulator, tmp_path):
    text = ("plugin: signet.ovh.ovh\nendpoint: %s\n%scache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n"
            "products: [vps]\n" % (emulator.base_url, CREDENTIALS, tmp_path / "inventory-cache"))
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    assert hostvars(out)["vps-5e6f7a8b.vps.ovh.net"]["ovh_display_name"] == "dev-vps"
    with emulator.state.lock:
        emulator.state.vps.services[("demo-ovh", "vps-5e6f7a8b.vps.ovh.net")].display_name = "renamed-vps"
    rc, out, err = inventory(ansible, text, "--list")
    assert hostvars(out)["vps-5e6f7a8b.vps.ovh.net"]["ovh_display_name"] == "dev-vps"  # from the cache
    emulator.clear_log()
    rc, out, err = inventory(ansible, text, "--list", "--flush-cache")
    assert rc == 0, err
    assert hostvars(out)["vps-5e6f7a8b.vps.ovh.net"]["ovh_display_name"] == "renamed-vps"
    assert [entry for entry in emulator.log if entry["path"] == "/vps"]
    emulator.clear_log()
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    assert hostvars(out)["vps-5e6f7a8b.vps.ovh.net"]["ovh_display_name"] == "renamed-vps"  # the flushed run wrote the cache
    assert emulator.log == []


def test_strict_compose_fails_and_lenient_compose_leaves_the_variable_out(ansible, emulator):
    text = ("plugin: signet.ovh.ovh\nendpoint: %s\n%sproducts: [vps]\ncompose:\n  broken: ovh_no_such_field.sub\n"
            "  name_upper: ovh_name | upper\n" % (emulator.base_url, CREDENTIALS))
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    found = hostvars(out)
    assert "broken" not in found[VPS] and found[VPS]["name_upper"] == VPS.upper()
    rc, out, err = inventory(ansible, text + "strict: true\n", "--list")
    assert "ovh_no_such_field" in " ".join(err.split()), err
    assert VPS not in out


def test_connect_with_addresses_and_reverse_names(ansible, emulator):
    base = "plugin: signet.ovh.ovh\nendpoint: %s\n%s" % (emulator.base_url, CREDENTIALS)
    rc, out, err = inventory(ansible, base + "connect_with: ipv4\n", "--list")
    assert rc == 0, err
    assert hostvars(out)[VPS]["ansible_host"] == "203.0.113.50"
    rc, out, err = inventory(ansible, base + "connect_with: ipv6\n", "--list")
    assert hostvars(out)[VPS]["ansible_host"] == "2001:db8:50::1"
    assert hostvars(out)[WEB]["ansible_host"] == "2001:db8:10::1"
    with emulator.state.lock:
        emulator.state.servers.reverses[("demo-ovh", "203.0.113.10")] = "web1.example.com."
    rc, out, err = inventory(ansible, base + "connect_with: reverse\n", "--list")
    assert hostvars(out)[WEB]["ansible_host"] == "web1.example.com"


def test_filter_values_read_as_booleans(ansible, emulator):
    text = ("plugin: signet.ovh.ovh\nendpoint: %s\n%sproducts: [vps]\nfilters:\n"
            "  - \"'1' if ovh_display_name == 'web-vps' else '0'\"\n" % (emulator.base_url, CREDENTIALS))
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    assert sorted(hostvars(out)) == [VPS]
