"""The signet.ovh.ovh inventory plugin through ansible-inventory against the emulator: --list and
--graph, the request budget, the cache, filters, groups and secrets."""

import ast
import copy
import json
import os
import subprocess
import sys

import pytest
import yaml

from emulator import DEFAULT_SEED, Emulator
from ovh_playbooks import APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY, Ansible

CREDENTIALS = f"""
application_key: {APPLICATION_KEY}
application_secret: {APPLICATION_SECRET}
consumer_key: {CONSUMER_KEY}
"""


def plain(value):
    """JSON of ansible-inventory --list without the unsafe-text markers it may write."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def inventory(ansible, text, *args, name="test.ovh.yml", env=None):
    """ansible-inventory -i <name> <args>; returns (rc, stdout, stderr)."""
    (ansible.workdir / name).write_text(text)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", name] + list(args)
    process = subprocess.run(command, cwd=str(ansible.workdir), env=dict(ansible.env, **(env or {})), capture_output=True,
                             text=True, timeout=300, check=False)
    return process.returncode, process.stdout, process.stderr


@pytest.fixture
def fleet(tmp_path):
    """An emulator whose account holds exactly 120 dedicated servers and 40 VPS."""
    seed = copy.deepcopy(DEFAULT_SEED)
    for key in ("dedicatedServers", "vps", "reverses", "virtualNetworkInterfaces", "vracks", "failoverIps"):
        seed[key] = []  # the servers are replaced below, and with them what refers to them
    emu = Emulator(seed=seed).start()
    with emu.state.lock:
        emu.state.servers.generate("demo-ovh", dedicated=120, vps=40)
    try:
        yield emu
    finally:
        emu.stop()


def test_160_services_in_at_most_12_requests_then_none_from_the_cache(fleet, tmp_path):
    ansible = Ansible(fleet, tmp_path)
    text = f"""plugin: signet.ovh.ovh
endpoint: {fleet.base_url}
{CREDENTIALS}
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: {tmp_path / 'inventory-cache'}
keyed_groups:
  - key: ovh_datacenter | default(ovh_zone)
    prefix: dc
  - key: ovh_tags.env
    prefix: env
"""
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    requests = fleet.log
    assert len(requests) <= 12, [(entry["method"], entry["path"][:60]) for entry in requests]
    assert sum(1 for entry in requests if entry["batch"]) == 3 + 3 + 1 + 1  # objects and IPs, 50 a request
    data = plain(json.loads(out))
    hostvars = data["_meta"]["hostvars"]
    assert len(hostvars) == 160
    assert len(data["ovh_dedicated_server"]["hosts"]) == 120 and len(data["ovh_vps"]["hosts"]) == 40
    server = hostvars["ns4000000.ip-10-10-0.eu"]
    assert server["ansible_host"] == "10.10.0.1"
    assert server["ovh_product"] == "dedicated_server" and server["ovh_ips"] == ["10.10.0.1/32"]
    assert server["ovh_datacenter"] == "gra3" and server["ovh_commercial_range"] == "advance"
    assert server["ovh_power_state"] == "poweron" and server["ovh_state"] == "ok" and server["ovh_os"] == "debian12_64"
    assert server["ovh_tags"] == {"env": "staging", "batch": "generated"}
    vps = hostvars["vps-00000000.vps.ovh.net"]
    assert vps["ovh_product"] == "vps" and vps["ansible_host"] == "10.20.0.1" and vps["ovh_memory_limit"] == 4096
    assert len(data["dc_gra3"]["hosts"]) == 30 and len(data["env_prod"]["hosts"]) == 60 + 40

    fleet.clear_log()
    rc, out, err = inventory(ansible, text, "--graph")
    assert rc == 0, err
    assert fleet.log == []  # the cached run asks the API nothing
    assert "@dc_gra3:" in out and "|--ns4000000.ip-10-10-0.eu" in out and "@ovh_vps:" in out


def test_filters_groups_compose_and_reverse_names(ansible, emulator):
    text = f"""plugin: signet.ovh.ovh
endpoint: {emulator.base_url}
{CREDENTIALS}
iam_tags:
  env: prod
filters:
  - ovh_state in ['ok', 'running']
connect_with: reverse
groups:
  web: "ovh_tags.role == 'web'"
compose:
  region: ovh_region | default(ovh_zone)
keyed_groups:
  - key: ovh_product
    prefix: product
strict: true
"""
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    data = plain(json.loads(out))
    hostvars = data["_meta"]["hostvars"]
    assert sorted(hostvars) == ["ns3001234.ip-203-0-113.eu", "vps-1a2b3c4d.vps.ovh.net"]
    assert hostvars["ns3001234.ip-203-0-113.eu"]["ansible_host"] == "ns3001234.ip-203-0-113.eu"
    assert hostvars["ns3001234.ip-203-0-113.eu"]["region"] == "eu-west-gra"
    assert hostvars["vps-1a2b3c4d.vps.ovh.net"]["ovh_ips"] == ["203.0.113.50", "2001:db8:50::1"]
    assert sorted(data["web"]["hosts"]) == sorted(hostvars)
    assert data["product_vps"]["hosts"] == ["vps-1a2b3c4d.vps.ovh.net"]
    lists = [entry for entry in emulator.log if entry["path"] in ("/dedicated/server", "/vps")]
    assert [entry["query"] for entry in lists] == ["iamTags=%7B%22env%22%3A%5B%7B%22operator%22%3A%22EQ%22%2C%22value%22%3A%22prod%22%7D%5D%7D"] * 2

    # A Jinja filter that drops everything, products limited: only the VPS list is read.
    emulator.clear_log()
    rc, out, err = inventory(ansible, text.replace("ovh_state in ['ok', 'running']", "ovh_vcore > 8") +
                             "products: [vps]\n", "--graph")
    assert rc == 0, err
    assert "ns3001234" not in out and "vps-1a2b3c4d" not in out
    assert not [entry for entry in emulator.log if entry["path"].startswith("/dedicated")]


def test_credentials_from_the_environment_and_secrets_never_shown(ansible, emulator, secrets):
    text = "plugin: signet.ovh.ovh\nproducts: [vps]\n"
    env = {"OVH_ENDPOINT": secrets["endpoint"], "OVH_APPLICATION_KEY": secrets["application_key"],
           "OVH_APPLICATION_SECRET": secrets["application_secret"], "OVH_CONSUMER_KEY": secrets["consumer_key"]}
    rc, out, err = inventory(ansible, text, "--list", "-vvv", env=env)
    assert rc == 0, err
    listed = plain(json.loads(out[out.index("\n{") + 1:]))  # -vvv writes lines before the JSON
    assert sorted(listed["_meta"]["hostvars"]) == ["vps-1a2b3c4d.vps.ovh.net", "vps-5e6f7a8b.vps.ovh.net"]
    assert "2 services read in" in out + err
    for value in (secrets["application_secret"], secrets["consumer_key"]):
        assert value not in out + err

    # A refused consumer key: the error names the failure and the QueryID, never the secrets.
    env["OVH_CONSUMER_KEY"] = secrets["consumer_key"][:-4] + "ZZZZ"
    rc, out, err = inventory(ansible, text, "--list", "-vvv", env=env)
    assert "GET /vps failed: HTTP 403" in out + err and "QueryID" in out + err
    for value in (secrets["application_secret"], env["OVH_CONSUMER_KEY"], secrets["consumer_key"]):
        assert value not in out + err


def test_the_documented_example_runs(ansible, emulator):
    """The plugin's EXAMPLES (its first, uncommented file) with the emulator's endpoint and credentials."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "inventory", "ovh.py")
    with open(path) as handle:
        tree = ast.parse(handle.read())
    text = next(node.value.value for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id == "EXAMPLES")
    example = yaml.safe_load(text)
    assert example["plugin"] == "signet.ovh.ovh"
    rc, out, err = inventory(ansible, yaml.safe_dump(example) + f"endpoint: {emulator.base_url}\n" + CREDENTIALS, "--list")
    assert rc == 0, err
    data = plain(json.loads(out))
    # What the example's comment claims: grouped by datacenter and by the env tag, web by role, ansible_user composed.
    assert data["dc_gra3"]["hosts"] == ["ns3001234.ip-203-0-113.eu"] and data["dc_rbx8"]["hosts"] == ["ns3005678.ip-198-51-100.eu"]
    assert sorted(data["env_prod"]["hosts"]) == ["ns3001234.ip-203-0-113.eu", "vps-1a2b3c4d.vps.ovh.net"]
    assert sorted(data["web"]["hosts"]) == ["ns3001234.ip-203-0-113.eu", "vps-1a2b3c4d.vps.ovh.net"]
    hostvars = data["_meta"]["hostvars"]
    assert hostvars["ns3001234.ip-203-0-113.eu"]["ansible_user"] == "debian"
    assert hostvars["ns3005678.ip-198-51-100.eu"]["ansible_user"] == "root"


def test_service_account_from_ovh_conf(ansible, emulator):
    """The plugin reads ~/.ovh.conf like the modules, and authenticates with OAuth2."""
    from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    (ansible.home / ".ovh.conf").write_text(f"[default]\nendpoint={emulator.base_url}\n\n[{emulator.base_url}]\n"
                                            f"client_id={DEMO_CLIENT_ID}\nclient_secret={DEMO_CLIENT_SECRET}\n")
    rc, out, err = inventory(ansible, "plugin: signet.ovh.ovh\nproducts: [dedicated_server]\nwith_ips: false\n", "--list", "-vvv")
    assert rc == 0, err
    assert "ns3001234.ip-203-0-113.eu" in out and DEMO_CLIENT_SECRET not in out + err
    api = [entry for entry in emulator.log if entry["path"].startswith("/dedicated")]
    assert api and all(entry["headers"].get("Authorization") == "<redacted>" and not entry["signed"] for entry in api)


def test_sources_that_cannot_be_read_say_why_and_filters_that_fail(ansible, emulator):
    """One ansible-inventory run, five sources. Each of the four that cannot be read fails alone with
    its reason, which Ansible shows before going on with the others; the first three before reading
    any service. The fifth keeps the hosts whose filters hold, whatever type a filter gives, and drops
    those where a filter fails (strict is false)."""
    base = f"plugin: signet.ovh.ovh\nendpoint: {emulator.base_url}\n"
    failing_filter = "ovh_product != 'vps' or ovh_no_such_field.sub == 1"  # fails for the VPS only
    sources = {
        "nocredentials.ovh.yml": (base, "OVH credentials for endpoint %s are incomplete: missing application_key, "
                                        "application_secret, consumer_key" % emulator.base_url),
        "transport.ovh.yml": (base + CREDENTIALS + "rate_limit: 0\n",
                              "rate_limit must be a positive number of requests per second, got 0.0"),
        "tags.ovh.yml": (base + CREDENTIALS + "iam_tags:\n  env: [{operator: MATCHES, value: prod}]\n",
                         "iam_tags.env: operator 'MATCHES' is not one of EQ, NEQ, LIKE, ILIKE, EXISTS, NEXISTS"),
        "strict.ovh.yml": (base + CREDENTIALS + "strict: true\nfilters: [\"%s\"]\n" % failing_filter,
                           "could not evaluate filter \"%s\" for vps-1a2b3c4d.vps.ovh.net: 'ovh_no_such_field' is undefined"
                           % failing_filter),
        "lenient.ovh.yml": (base + CREDENTIALS + "connect_with: name\nfilters:\n  - \"%s\"\n" % failing_filter +
                            "  - \"'yes' if ovh_product == 'dedicated_server' else 'no'\"\n  - ovh_product | length\n", None),
    }
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "--list"]
    for name, (text, _reason) in sources.items():
        (ansible.workdir / name).write_text(text)
        command += ["-i", name]
    process = subprocess.run(command, cwd=str(ansible.workdir), env=ansible.env, capture_output=True, text=True, timeout=300,
                             check=False)
    assert process.returncode == 0, process.stderr
    warnings = " ".join(process.stderr.split())
    for name, (_text, reason) in sources.items():
        if reason:
            assert "signet.ovh.ovh inventory: %s" % reason in warnings, (name, process.stderr)
    hostvars = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    assert sorted(hostvars) == ["ns3001234.ip-203-0-113.eu", "ns3005678.ip-198-51-100.eu"], hostvars
    assert all(variables["ansible_host"] == name for name, variables in hostvars.items())
    # Read by the strict and the lenient sources only.
    assert len([entry for entry in emulator.log if entry["path"] == "/dedicated/server"]) == 2


def test_api_text_is_data_and_bad_service_names_are_skipped(tmp_path):
    """tests/matrix/hostile_inventory.py with this suite's ansible-core (the matrix runs it with every version):
    an IAM tag and a VPS display name that would run a command, ``vps-{{7*7}}``, service names that
    are a path, hold spaces and braces or a control character."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "matrix"))
    try:
        import hostile_inventory  # pylint: disable=import-outside-toplevel
    finally:
        sys.path.pop(0)
    env = Ansible(None, tmp_path).env
    assert hostile_inventory.run(str(tmp_path / "hostile"), os.path.dirname(sys.executable), env=env) == 7
    assert not (tmp_path / "hostile" / "pwned").exists()


def test_credentials_as_templates_lookup_vault_and_extra_vars(ansible, emulator, secrets):
    """Credential options are templated: a lookup, a vaulted value, an extra var; what they give is
    sent (the API accepts the key) and never shown."""
    password = ansible.workdir / "vault-password"
    password.write_text("inventory-vault-password\n")
    vault_env = {"ANSIBLE_VAULT_PASSWORD_FILE": str(password)}
    vaulted = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-vault"), "encrypt_string",
                              secrets["application_secret"], "--name", "application_secret"],
                             env=dict(ansible.env, **vault_env), capture_output=True, text=True, timeout=120, check=True).stdout
    text = (f"plugin: signet.ovh.ovh\nendpoint: \"{{{{ ovh_test_endpoint }}}}\"\n"
            f"application_key: {secrets['application_key']}\n{vaulted}\n"
            "consumer_key: \"{{ lookup('ansible.builtin.env', 'MY_OVH_CK') }}\"\nproducts: [vps]\n")
    env = dict(vault_env, MY_OVH_CK=secrets["consumer_key"])
    rc, out, err = inventory(ansible, text, "--list", "-vvv", "-e", "ovh_test_endpoint=%s" % emulator.base_url, env=env)
    assert rc == 0, err
    listed = plain(json.loads(out[out.index("\n{") + 1:]))
    assert sorted(listed["_meta"]["hostvars"]) == ["vps-1a2b3c4d.vps.ovh.net", "vps-5e6f7a8b.vps.ovh.net"]
    assert emulator.log and all(entry["status"] == 200 for entry in emulator.log), emulator.log
    for value in (secrets["application_secret"], secrets["consumer_key"]):
        assert value not in out + err

    # A template that fails names the option, not what it held.
    rc, out, err = inventory(ansible, text.replace("MY_OVH_CK') }}", "MY_OVH_CK') | no_such_filter }}"), "--list",
                             "-e", "ovh_test_endpoint=%s" % emulator.base_url, env=env)
    assert "signet.ovh.ovh inventory: could not template the consumer_key option" in " ".join(err.split()), err
    assert secrets["consumer_key"] not in out + err


def test_hostname_template_duplicates_ipv6_and_location_groups(ansible, emulator):
    base = f"plugin: signet.ovh.ovh\nendpoint: {emulator.base_url}\n{CREDENTIALS}"
    text = base + ("hostname: \"{{ ovh_display_name | default(ovh_name) }}\"\nconnect_with: ipv6\n"
                   "keyed_groups:\n  - key: ovh_location\n    prefix: dc\n")
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    data = plain(json.loads(out))
    hostvars = data["_meta"]["hostvars"]
    assert sorted(hostvars) == ["dev-vps", "ns3001234.ip-203-0-113.eu", "ns3005678.ip-198-51-100.eu", "web-vps"]
    assert hostvars["web-vps"]["ovh_name"] == "vps-1a2b3c4d.vps.ovh.net"
    # IPv6: a VPS's address, the first address of a server's /64; none: the service name.
    assert hostvars["web-vps"]["ansible_host"] == "2001:db8:50::1"
    assert hostvars["ns3001234.ip-203-0-113.eu"]["ansible_host"] == "2001:db8:10::1"
    assert hostvars["dev-vps"]["ansible_host"] == "vps-5e6f7a8b.vps.ovh.net" and hostvars["dev-vps"]["ovh_main_ipv6"] is None
    # Clean datacenter groups for both products (a VPS's zone is "Region OpenStack: os-gra7").
    assert hostvars["web-vps"]["ovh_zone"] == "Region OpenStack: os-gra7"
    assert sorted(data["dc_gra7"]["hosts"]) == ["dev-vps", "web-vps"]
    assert data["dc_gra3"]["hosts"] == ["ns3001234.ip-203-0-113.eu"] and data["dc_rbx8"]["hosts"] == ["ns3005678.ip-198-51-100.eu"]

    # Two services given one name: the source fails naming both, nothing is renamed.
    rc, out, err = inventory(ansible, base + "hostname: \"{{ ovh_product }}\"\nproducts: [vps]\n", "--list")
    assert ('signet.ovh.ovh inventory: services "vps-1a2b3c4d.vps.ovh.net" and "vps-5e6f7a8b.vps.ovh.net" both get the '
            'host name "vps"') in " ".join(err.split()), err
    assert "vps-1a2b3c4d" not in out

    # A template that fails for some hosts: skipped with a warning, or the source fails with strict.
    failing = base + "hostname: \"{{ ovh_display_name }}\"\n"
    rc, out, err = inventory(ansible, failing, "--list")
    assert rc == 0, err
    assert sorted(plain(json.loads(out))["_meta"]["hostvars"]) == ["dev-vps", "web-vps"]
    assert 'the hostname template failed for service "ns3001234.ip-203-0-113.eu"' in " ".join(err.split()), err
    rc, out, err = inventory(ansible, failing + "strict: true\n", "--list")
    assert "dev-vps" not in out
    assert 'signet.ovh.ovh inventory: the hostname template failed for service "ns3001234.ip-203-0-113.eu"' in " ".join(err.split())


DEMO_PROJECT = "0123456789abcdef0123456789abcdef"
STAGING_PROJECT = "fedcba9876543210fedcba9876543210"
TEMPLATE_INSTANCE = "a1b2c3d4-0002-4e5f-8a9b-000000000002"  # named {{ lookup('pipe', 'id') }}


def test_cloud_instances_one_request_per_project_and_names_checked(ansible, emulator):
    """products: [cloud_instance]: the project list, then one request per project; the instances whose names are no
    host names (a template, a path with a space) are skipped with a warning showing them as text."""
    text = f"plugin: signet.ovh.ovh\nendpoint: {emulator.base_url}\n{CREDENTIALS}products: [cloud_instance]\n"
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    data = plain(json.loads(out))
    hostvars = data["_meta"]["hostvars"]
    assert sorted(hostvars) == ["staging-1", "web-1"] and sorted(data["ovh_cloud_instance"]["hosts"]) == ["staging-1", "web-1"]
    web = hostvars["web-1"]
    assert (web["ovh_product"], web["ovh_project"], web["ovh_region"], web["ovh_location"], web["ovh_status"]) == (
        "cloud_instance", DEMO_PROJECT, "GRA11", "gra11", "ACTIVE")
    assert web["ovh_flavor_id"] == "0b2f3a4c-5d6e-4f70-8a9b-0c1d2e3f4a5b" and web["ovh_image_id"] == "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
    assert web["ovh_public_ips"] == ["198.51.100.21", "2001:db8:1:2::21"] and web["ovh_private_ips"] == ["10.0.0.21"]
    assert web["ansible_host"] == web["ovh_main_ipv4"] == "198.51.100.21" and web["ovh_main_ipv6"] == "2001:db8:1:2::21"
    assert web["ovh_ip_addresses"][2]["network_id"] == "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"
    assert hostvars["staging-1"]["ovh_project"] == STAGING_PROJECT and hostvars["staging-1"]["ansible_host"] == "staging-1"
    warnings = " ".join(err.split())
    for shown in ('"{{ lookup(\'pipe\', \'id\') }}"', '"db 1/../etc"'):
        assert "the cloud_instance service name %s is not a valid host name" % shown in warnings, warnings
    assert [entry["path"] for entry in emulator.log if entry["path"].startswith("/cloud")] == [
        "/cloud/project", "/cloud/project/%s/instance" % DEMO_PROJECT, "/cloud/project/%s/instance" % STAGING_PROJECT]
    # strict: the source fails on the first bad name (ansible-inventory reports the failed source).
    rc, out, err = inventory(ansible, text + "strict: true\n", "--list")
    assert "the cloud_instance service name \"{{ lookup('pipe', 'id') }}\" is not a valid host name" in " ".join(err.split())
    assert "web-1" not in out


def test_the_cloud_instance_example_names_hosts_by_id_and_keeps_api_text_as_text(ansible, emulator):
    """The EXAMPLES' cloud.ovh.yml (commented there): one request, hosts named by id, an instance named by a
    template keeps that name as text (ovh_name), groups by region and status."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "inventory", "ovh.py")
    with open(path) as handle:
        tree = ast.parse(handle.read())
    text = next(node.value.value for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id == "EXAMPLES")
    block = text[text.index("# cloud.ovh.yml"):].split("\n\n")[0]
    source = "\n".join(line[2:] for line in block.splitlines() if line.startswith("# ") and not line.startswith("# cloud.ovh.yml")
                       and ":" in line or line.startswith("#   "))
    example = yaml.safe_load(source)
    assert example["products"] == ["cloud_instance"] and example["hostname"] == "{{ ovh_id }}"
    rc, out, err = inventory(ansible, yaml.safe_dump(example) + f"endpoint: {emulator.base_url}\n" + CREDENTIALS, "--list")
    assert rc == 0, err
    data = plain(json.loads(out))
    hostvars = data["_meta"]["hostvars"]
    assert sorted(hostvars) == ["a1b2c3d4-0001-4e5f-8a9b-000000000001", TEMPLATE_INSTANCE, "a1b2c3d4-0003-4e5f-8a9b-000000000003"]
    assert hostvars[TEMPLATE_INSTANCE]["ovh_name"] == "{{ lookup('pipe', 'id') }}"
    assert hostvars[TEMPLATE_INSTANCE]["ovh_image_id"] == "{{ lookup('env', 'HOME') }}"
    assert hostvars["a1b2c3d4-0003-4e5f-8a9b-000000000003"]["ovh_name"] == "db 1/../etc"
    assert data["region_gra11"]["hosts"] == ["a1b2c3d4-0001-4e5f-8a9b-000000000001"]
    assert data["status_shutoff"]["hosts"] == [TEMPLATE_INSTANCE]
    assert hostvars["a1b2c3d4-0003-4e5f-8a9b-000000000003"]["ansible_host"] == "10.0.0.31"  # no public address
    assert [entry["path"] for entry in emulator.log if entry["path"].startswith("/cloud")] == [
        "/cloud/project/%s/instance" % DEMO_PROJECT]


def test_cloud_instance_name_that_is_no_host_name_never_becomes_ansible_host(ansible, emulator):
    """With a hostname template an instance's name is not its host name, but it is still what ansible_host falls
    back to (no address, or connect_with name): one that is no host name (an ssh option, a template) is refused
    there too, never handed to the connection."""
    with emulator.state.lock:
        emulator.state.cloud_instances.instances[DEMO_PROJECT].append({
            "projectId": DEMO_PROJECT, "id": "a1b2c3d4-0009-4e5f-8a9b-000000000009", "name": "-oProxyCommand=id>x",
            "region": "GRA11", "flavorId": "f", "imageId": "i", "status": "BUILD", "ipAddresses": []})
    text = (f"plugin: signet.ovh.ovh\nendpoint: {emulator.base_url}\n{CREDENTIALS}products: [cloud_instance]\n"
            f"cloud_projects: [{DEMO_PROJECT}]\nhostname: \"{{{{ ovh_id }}}}\"\n")
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    hostvars = plain(json.loads(out))["_meta"]["hostvars"]
    assert "a1b2c3d4-0009-4e5f-8a9b-000000000009" not in hostvars
    assert hostvars["a1b2c3d4-0001-4e5f-8a9b-000000000001"]["ansible_host"] == "198.51.100.21"
    assert "the cloud_instance service name \"-oProxyCommand=id>x\" is not a valid host name" in " ".join(err.split()), err
    rc, out, err = inventory(ansible, text + "connect_with: name\n", "--list")
    hostvars = plain(json.loads(out))["_meta"]["hostvars"]
    assert sorted(hostvars) == ["a1b2c3d4-0001-4e5f-8a9b-000000000001"], hostvars
    assert [host["ansible_host"] for host in hostvars.values()] == ["web-1"]
    # connect_with reverse drops a trailing dot from the name: what is checked is what ansible_host would be.
    with emulator.state.lock:
        emulator.state.cloud_instances.instances[DEMO_PROJECT][-1]["name"] = "-oProxyCommand=id>x."
    rc, out, err = inventory(ansible, text + "connect_with: reverse\n", "--list")
    hostvars = plain(json.loads(out))["_meta"]["hostvars"]
    assert sorted(hostvars) == ["a1b2c3d4-0001-4e5f-8a9b-000000000001"], hostvars


def test_a_project_whose_instances_cannot_be_read_is_skipped(ansible, emulator):
    """One project answers 403 (404 alike): its instances are skipped with a warning naming it, the other project's
    are still hosts; with strict the source fails; another status fails the source."""
    text = f"plugin: signet.ovh.ovh\nendpoint: {emulator.base_url}\n{CREDENTIALS}products: [cloud_instance]\n"
    emulator.add_fault(status=403, count=1, method="GET", path="/cloud/project/%s/instance" % DEMO_PROJECT)
    rc, out, err = inventory(ansible, text, "--list")
    assert rc == 0, err
    assert sorted(plain(json.loads(out))["_meta"]["hostvars"]) == ["staging-1"]
    warnings = " ".join(err.split())
    assert "the instances of Public Cloud project %s cannot be read: GET /cloud/project/%s/instance failed: HTTP 403" % (
        DEMO_PROJECT, DEMO_PROJECT) in warnings, warnings
    emulator.add_fault(status=404, count=1, method="GET", path="/cloud/project/%s/instance" % STAGING_PROJECT)
    rc, out, err = inventory(ansible, text + "strict: true\n", "--list")
    assert "the instances of Public Cloud project %s cannot be read" % STAGING_PROJECT in " ".join(err.split())
    assert "web-1" not in out
    emulator.add_fault(status=400, count=1, method="GET", path="/cloud/project/%s/instance" % STAGING_PROJECT)
    rc, out, err = inventory(ansible, text, "--list")
    assert "HTTP 400" in " ".join(err.split()) and "web-1" not in out
