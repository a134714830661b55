"""API text that would do something if Ansible templated it, through the inventory plugin and a play,
with whatever ansible-core runs this (tests/matrix.sh: every version; tests/integration/test_inventory.py:
the suite's). The emulator (started here, on 127.0.0.1) holds an IAM tag and a VPS display name that
would run a command (``touch DIR/pwned``), a display name that would compute (``vps-{{7*7}}``), and
service names that are not host names (a path, spaces and braces, a control character), and a Public Cloud
instance named by that command, its image id ``vps-{{7*7}}`` (listed with products: [cloud_instance] and hosts
named by id).
Checked: the file is never created, every value (host variables, composed values, facts, messages) is
the literal text, group names are clean, the bad names are skipped with a warning that shows them
escaped (or fail the source with strict), and a hostname template never makes a host of such text.
The consumer key reaches the plugin through a lookup in the source: templated credentials, on every version.
The play also reads the display names through ovh_api_call (a registered result) and the ovh_api lookup with
allow_unsafe_lookups on: both stay literal.
Command line: python tests/matrix/hostile_inventory.py DIR BINDIR   (BINDIR holds ansible-inventory and
ansible-playbook; collections path and the rest from the environment)."""

import copy
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from emulator import DEFAULT_SEED, Emulator  # noqa: E402 pylint: disable=wrong-import-position

RUN = "{{ lookup('pipe', 'touch %s') }}"
COMPUTED = "vps-{{7*7}}"
BAD_NAMES = {
    "dedicatedServers": ["../../../escaped"],
    "vps": ["vps {{7*7}}.vps.ovh.net", "vps-\x1b[31mred.vps.ovh.net"],
}
HOSTILE_SERVER = "ns3009999.ip-192-0-2.eu"
HOSTILE_VPS = "vps-0bad0001.vps.ovh.net"
COMPUTED_VPS = "vps-0bad0002.vps.ovh.net"
HOSTILE_INSTANCE = "c1b2c3d4-0bad-4e5f-8a9b-000000000001"


def hostile_seed(marker):
    """DEFAULT_SEED plus the hostile services of the demo account; ``marker`` is the file the
    command would create."""
    run = RUN % marker
    seed = copy.deepcopy(DEFAULT_SEED)
    seed["dedicatedServers"].append({
        "account": "demo-ovh", "name": HOSTILE_SERVER, "serverId": 3009999, "ip": "192.0.2.99",
        "ips": ["192.0.2.99/32"], "datacenter": "gra3", "region": "eu-west-gra", "os": "debian12_64",
        "tags": {"note": run, "env": run}})
    seed["vps"].append({"account": "demo-ovh", "name": HOSTILE_VPS, "displayName": run, "ips": ["192.0.2.101"],
                        "tags": {"env": "prod"}})
    seed["vps"].append({"account": "demo-ovh", "name": COMPUTED_VPS, "displayName": COMPUTED, "ips": ["192.0.2.102"]})
    seed["cloudInstances"].append({"projectId": "0123456789abcdef0123456789abcdef", "id": HOSTILE_INSTANCE, "name": run,
                                   "region": "GRA11", "flavorId": "b3-8", "imageId": COMPUTED, "status": "ACTIVE",
                                   "ipAddresses": [{"ip": "192.0.2.130", "type": "public", "version": 4, "networkId": "x"}]})
    for index, name in enumerate(BAD_NAMES["dedicatedServers"]):
        seed["dedicatedServers"].append({"account": "demo-ovh", "name": name, "serverId": 3009990 + index,
                                         "ip": "192.0.2.%d" % (110 + index), "ips": [], "datacenter": "gra3",
                                         "region": "eu-west-gra", "os": "debian12_64"})
    for index, name in enumerate(BAD_NAMES["vps"]):
        seed["vps"].append({"account": "demo-ovh", "name": name, "displayName": "bad", "ips": ["192.0.2.%d" % (120 + index)]})
    return seed


def plain(value):
    """The value without the unsafe-text markers some versions write in --list."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def read(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        return handle.read()


def check(folder):
    marker = os.path.join(folder, "pwned")
    run = RUN % marker
    assert not os.path.exists(marker), "API text ran a command: %s exists" % marker

    # ansible-inventory --list: hosts, literal values, valid group names, bad names skipped with a warning.
    inventory = plain(json.loads(read(folder, "inventory.json")))
    hostvars = inventory["_meta"]["hostvars"]
    for name in (HOSTILE_SERVER, HOSTILE_VPS, COMPUTED_VPS, "ns3001234.ip-203-0-113.eu", "vps-1a2b3c4d.vps.ovh.net"):
        assert name in hostvars, "%s is not a host: %s" % (name, sorted(hostvars))
    for bad in BAD_NAMES["dedicatedServers"] + BAD_NAMES["vps"]:
        assert bad not in hostvars, bad
    assert hostvars[HOSTILE_SERVER]["ovh_tags"] == {"note": run, "env": run}
    assert hostvars[HOSTILE_SERVER]["note"] == run
    assert hostvars[HOSTILE_VPS]["ovh_display_name"] == run and hostvars[HOSTILE_VPS]["label"] == "name=" + run
    assert hostvars[COMPUTED_VPS]["ovh_display_name"] == COMPUTED and hostvars[COMPUTED_VPS]["label"] == "name=" + COMPUTED
    groups = [name for name in inventory if name != "_meta"]
    for group in groups:
        assert re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", group), "group name %r is not clean" % group
    assert inventory["dc_gra7"]["hosts"] and inventory["dc_gra3"]["hosts"], groups
    assert "vps-49" not in read(folder, "inventory.json")
    warnings = " ".join(read(folder, "inventory.err").split())
    for shown in ('"../../../escaped"', '"vps {{7*7}}.vps.ovh.net"', '"vps-\\u001b[31mred.vps.ovh.net"'):
        assert "service name %s is not a valid host name" % shown in warnings, (shown, warnings)
    assert "\x1b" not in read(folder, "inventory.err"), "a control character reached the terminal"

    # strict: the source fails, naming the first bad service.
    strict = " ".join(read(folder, "strict.err").split())
    assert 'the dedicated_server service name "../../../escaped" is not a valid host name: it holds a slash' in strict, strict

    # hostname template: display names that are no host names are skipped with a warning, never computed.
    named = plain(json.loads(read(folder, "hostname.json")))["_meta"]["hostvars"]
    assert "web-vps" in named and "dev-vps" in named and "ns3001234.ip-203-0-113.eu" in named, sorted(named)
    assert named["web-vps"]["ovh_name"] == "vps-1a2b3c4d.vps.ovh.net"
    assert not [name for name in named if "49" in name or "{" in name], sorted(named)
    warnings = " ".join(read(folder, "hostname.err").split())
    assert 'the hostname template gives "vps-{{7*7}}" for service "%s"' % COMPUTED_VPS in warnings, warnings

    # The play: every value as Ansible saw it is the literal text.
    log = read(folder, "play.log")
    assert "vps-49" not in log
    server = json.loads(read(folder, "out/%s.json" % HOSTILE_SERVER))
    assert server["tags"] == {"note": run, "env": run} and server["note"] == run, server
    assert server["joined"].startswith("name= tags=") and run in server["joined"], server
    assert [group for group in server["groups"] if group.startswith("env_")] != [], server
    vps = json.loads(read(folder, "out/%s.json" % HOSTILE_VPS))
    assert vps["display_name"] == vps["display_copy"] == run and vps["label"] == "name=" + run, vps
    assert vps["joined"].startswith("name=" + run + " tags="), vps
    # The same text read by a module (registered result) and by the lookup with allow_unsafe_lookups on.
    assert vps["module_name"] == vps["lookup_name"] == run, vps
    computed = json.loads(read(folder, "out/%s.json" % COMPUTED_VPS))
    assert computed["module_name"] == computed["lookup_name"] == COMPUTED, computed
    assert computed["display_name"] == computed["display_copy"] == COMPUTED, computed
    assert computed["joined"].startswith("name=" + COMPUTED + " "), computed
    # Public Cloud instances named by id: the instance named by the command keeps it as text, in --list and in the play.
    cloud = plain(json.loads(read(folder, "cloud.json")))["_meta"]["hostvars"]
    assert cloud[HOSTILE_INSTANCE]["ovh_name"] == run and cloud[HOSTILE_INSTANCE]["ovh_image_id"] == COMPUTED, cloud
    assert cloud[HOSTILE_INSTANCE]["ansible_host"] == "192.0.2.130"
    instance = json.loads(read(folder, "out/%s.json" % HOSTILE_INSTANCE))
    assert instance["name"] == instance["name_copy"] == run and instance["label"] == "name=", instance
    assert "vps-49" not in read(folder, "cloud.log")
    assert not os.path.exists(marker), "API text ran a command: %s exists" % marker
    return len(hostvars)


HERE = os.path.dirname(os.path.abspath(__file__))
CREDENTIALS = {"OVH_APPLICATION_KEY": "DemoAppKey000001", "OVH_APPLICATION_SECRET": "DemoAppSecret0000000000000000001",
               "OVH_CONSUMER_KEY": "DemoConsumerKey00000000000000001"}


def run(folder, bindir, env=None):
    """Starts the emulator with the hostile seed, runs ansible-inventory three ways and the play
    (outputs in ``folder``), checks them; returns the number of hosts."""
    folder, bindir = os.path.abspath(folder), os.path.abspath(bindir)
    os.makedirs(os.path.join(folder, "out"), exist_ok=True)
    marker = os.path.join(folder, "pwned")
    emu = Emulator(seed=hostile_seed(marker)).start()
    try:
        env = dict(os.environ if env is None else env, OVH_ENDPOINT=emu.base_url, ANSIBLE_NOCOLOR="1", **CREDENTIALS)
        # The consumer key reaches the plugin through a lookup in the source (templated credentials).
        env["SIGNET_MATRIX_CONSUMER_KEY"] = env.pop("OVH_CONSUMER_KEY")
        with open(os.path.join(HERE, "hostile.ovh.yml"), encoding="utf-8") as handle:
            source = handle.read()
        sources = {"inventory": source, "strict": source + "strict: true\n",
                   "hostname": source + "hostname: \"{{ ovh_display_name | default(ovh_name) }}\"\n",
                   "cloud": source + "products: [cloud_instance]\nhostname: \"{{ ovh_id }}\"\n"}
        for name, text in sources.items():
            path = os.path.join(folder, name + ".ovh.yml")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            with open(os.path.join(folder, name + ".json"), "w") as out, open(os.path.join(folder, name + ".err"), "w") as err:
                process = subprocess.run([os.path.join(bindir, "ansible-inventory"), "-i", path, "--list"], cwd=folder, env=env,
                                         stdout=out, stderr=err, timeout=300, check=False)
            assert process.returncode == 0 or name == "strict", read(folder, name + ".err")
        # The play reads API text through the lookup too, with the protection ansible-core gives lookups lifted.
        env["ANSIBLE_ALLOW_UNSAFE_LOOKUPS"] = "true"
        with open(os.path.join(folder, "play.log"), "w") as log:
            process = subprocess.run([os.path.join(bindir, "ansible-playbook"), "-i", os.path.join(folder, "inventory.ovh.yml"),
                                      os.path.join(HERE, "hostile.yml"), "-e", "out=%s" % os.path.join(folder, "out"),
                                      "-e", "ansible_python_interpreter=%s" % os.path.join(bindir, "python")],
                                     cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=300, check=False)
        assert process.returncode == 0, read(folder, "play.log")
        with open(os.path.join(folder, "cloud.log"), "w") as log:
            process = subprocess.run([os.path.join(bindir, "ansible-playbook"), "-i", os.path.join(folder, "cloud.ovh.yml"),
                                      os.path.join(HERE, "hostile.yml"), "-e", "out=%s" % os.path.join(folder, "out"),
                                      "-e", "ansible_python_interpreter=%s" % os.path.join(bindir, "python")],
                                     cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=300, check=False)
        assert process.returncode == 0, read(folder, "cloud.log")
    finally:
        emu.stop()
    return check(folder)


if __name__ == "__main__":
    print("hostile API data: %d hosts; nothing ran, every value literal, bad names skipped" % run(sys.argv[1], sys.argv[2]))
