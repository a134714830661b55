"""Every module of plugins/modules, with minimal valid arguments against the emulator's default seed.

Tests that say "every module" iterate ``MODULES``; tests/unit/plugins/modules/test_module_registry.py
fails when a module of plugins/modules is missing here (or when an entry names no module). A new
module needs one entry: its short name, the arguments of one run that succeeds against a fresh
emulator with DEFAULT_SEED (credentials are added by the runner), and one input the module itself
refuses before any request, with a piece of its message.
"""

import glob
import os

from emulator.seed import DEMO_KUBECONFIG_KEY, DEMO_S3_SECRET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTION = "signet.ovh."

WEB_SERVER = "ns3001234.ip-203-0-113.eu"
PROJECT = "0123456789abcdef0123456789abcdef"  # the demo Public Cloud project, its user 401001 "backup"
VPS = "vps-1a2b3c4d.vps.ovh.net"  # running, Debian 12, with a snapshot
CLOUD_PROJECT = "0123456789abcdef0123456789abcdef"
CLOUD_USER_PASSWORD = "DemoCloudUserPwQxZkVbNmLpRtYwHsJg"  # the seeded user "backup"'s, which no answer but its creation gave


class Entry(object):
    """One module: ``args`` succeed; ``bad_args`` fail with a message holding ``bad_message``,
    with no write sent; ``secrets``: values that must never appear in its output."""

    def __init__(self, name, args, bad_args, bad_message, secrets=()):
        self.name = name
        # Values the emulator holds that the module must never show (a password it never reads back),
        # checked by tests/integration/test_secrets.py in the -vvv output.
        self.secrets = tuple(secrets)
        self.fqcn = COLLECTION + name
        self.args = args
        self.bad_args = bad_args
        self.bad_message = bad_message
        self.secrets = secrets  # values the run handles that no output may show (tests/integration/test_secrets.py)

    def arguments(self, directory):
        """``args`` with "{tmp}" in a string value replaced by ``directory`` (a file a run writes)."""
        return dict((key, value.replace("{tmp}", str(directory)) if isinstance(value, str) else value)
                    for key, value in self.args.items())

    def __repr__(self):
        return self.name


MODULES = [
    Entry("ovh_api_call", {"path": "/me"},
          {"path": "me"}, "path must start with '/'"),
    Entry("ovh_consumer_key", {"access_rules": [{"method": "GET", "path": "/me"}]},
          {"access_rules": [{"method": "GET", "path": "/me"}], "wait_timeout": -1}, "wait_timeout must be"),
    Entry("ovh_cloud_s3_bucket", {"project": PROJECT, "region": "GRA", "name": "registry-bucket", "versioning": "enabled"},
          {"project": PROJECT, "region": "GRA", "name": "Bad_Bucket"}, "is not a valid S3 bucket name"),
    # The seeded key's secret is read and written to a file: it must never be shown.
    Entry("ovh_cloud_s3_credential", {"project": PROJECT, "user_id": 401001, "secret_path": "{tmp}/s3.credentials"},
          {"project": PROJECT, "user_id": 401001, "secret_path": "/nonexistent-dir/s3.credentials"}, "does not exist",
          secrets=(DEMO_S3_SECRET,)),
    Entry("ovh_cloud_s3_policy", {"project": PROJECT, "user_id": 401001, "policy": {"Statement": []}},
          {"project": PROJECT, "user_id": 401001, "policy": "{not json"}, "policy is not valid JSON"),
    Entry("ovh_cloud_kube", {"project": PROJECT, "name": "demo-cluster", "update_policy": "ALWAYS_UPDATE"},
          {"project": PROJECT, "name": "demo-cluster", "private_network_id": "pn-12345_100"}, "not its \"pn-12345_100\" id"),
    # The seeded cluster's kubeconfig is read and written to a file: its key must never be shown (the rest of the
    # file, cluster names and URLs, is also in the cluster's own results).
    Entry("ovh_cloud_kube_kubeconfig", {"project": PROJECT, "cluster": "demo-cluster", "path": "{tmp}/demo.kubeconfig"},
          {"project": PROJECT, "cluster": "demo-cluster", "path": "/nonexistent-dir/kubeconfig"}, "does not exist",
          secrets=(DEMO_KUBECONFIG_KEY,)),
    Entry("ovh_cloud_kube_nodepool", {"project": PROJECT, "cluster": "demo-cluster", "name": "default", "desired_nodes": 3,
                                      "wait": False},  # real runs: real time
          {"project": PROJECT, "cluster": "demo-cluster", "name": "web", "min_nodes": 3, "max_nodes": 2},
          "min_nodes (3) must not be more than max_nodes (2)"),
    Entry("ovh_credential", {"credential_id": 200000001},
          {"credential_id": 200000001, "allowed_ips": ["not-an-ip"]}, "not-an-ip"),
    Entry("ovh_credential_info", {},
          {"application_id": 1001, "current": True}, "current"),
    Entry("ovh_dedicated_server", {"service_name": WEB_SERVER, "monitoring": False, "display_name": "web1"},
          {"service_name": WEB_SERVER, "rescue_ssh_key": "not a key"}, "rescue_ssh_key: the key type 'not' is not one of"),
    Entry("ovh_dedicated_server_boot", {"service_name": WEB_SERVER, "boot": "rescue", "wait": False},  # real runs: real time
          {"service_name": WEB_SERVER, "boot": "rescue boot"}, "boot must be harddisk, rescue"),
    Entry("ovh_dedicated_server_info", {"service_name": WEB_SERVER},
          {"iam_tags": {"env": [{"operator": "BOGUS", "value": "x"}]}}, "iam_tags.env: operator"),
    Entry("ovh_dedicated_server_install", {"service_name": WEB_SERVER, "operating_system": "debian12_64"},
          {"service_name": WEB_SERVER, "operating_system": "debian12_64", "customizations": {"hostname": "bad host!"}},
          "customizations.hostname"),
    Entry("ovh_dns_dnssec", {"zone": "example.com", "wait": False},  # no wait: real runs take it in real time
          {"zone": "exa mple.com"}, "is not a valid"),
    Entry("ovh_dns_dynhost_login", {"zone": "example.com", "login_suffix": "home", "subdomain": "home"},
          {"zone": "example.com", "login_suffix": "bad suffix!", "subdomain": "home"}, "login_suffix"),
    Entry("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "home", "ip": "203.0.113.50"},
          {"zone": "example.com", "subdomain": "home", "ip": "203.0.113.500"}, "203.0.113.500"),
    Entry("ovh_dns_record", {"zone": "example.com", "subdomain": "s", "type": "TXT", "value": ["registry test"]},
          {"zone": "example.com", "subdomain": "a", "type": "A", "value": ["192.0.2.300"]}, "is not an IPv4 address"),
    Entry("ovh_dns_record_info", {"zone": "example.com"},
          {"zone": "example.com", "subdomain": "a..b"}, "is not a valid DNS name"),
    Entry("ovh_dns_records", {"zone": "example.com", "records": [{"subdomain": "s2", "type": "A", "value": ["192.0.2.9"]}]},
          {"zone": "example.com", "records": [{"subdomain": "a", "type": "A", "value": ["x"]}]}, "records[0]: value 'x'"),
    Entry("ovh_dns_zone_info", {"zone": "example.com"},
          {"zone": "exa mple.com"}, "is not a valid"),
    Entry("ovh_domain_name_servers", {"domain": "example.com", "name_servers": [{"host": "dns1.ovh.net"}, {"host": "ns1.ovh.net"}]},
          {"domain": "example.com", "name_servers": [{"host": "bad host!"}]}, "bad host!"),
    Entry("ovh_ip_firewall", {"ip": "203.0.113.100", "enabled": True},
          {"ip": "203.0.113.100", "rules": [{"sequence": 20, "action": "permit", "protocol": "tcp"}]}, "rules[0].sequence 20"),
    Entry("ovh_ip_info", {"type": "failover"},
          {"ip": "203.0.113.500"}, "203.0.113.500"),
    Entry("ovh_ip_mitigation", {"ip": "203.0.113.100", "state": "disabled"},
          {"ip": "198.51.100.128/30"}, "ip_on_mitigation is required"),
    Entry("ovh_ip_move", {"ip": "203.0.113.100", "to": WEB_SERVER},  # already there: no write
          {"ip": "203.0.113.100", "to": "not a service!"}, "is not a service name"),
    Entry("ovh_ip_reverse", {"ip": "203.0.113.50", "reverse": "vps-1a2b3c4d.vps.ovh.net."},
          {"ip": "203.0.113.500", "reverse": "x.example.com."}, "203.0.113.500"),
    Entry("ovh_cloud_network", {"project": "0123456789abcdef0123456789abcdef", "name": "backend", "wait": False},
          {"project": "0123456789abcdef0123456789abcdef", "name": "backend", "vlan_id": 5000}, "vlan_id must be a VLAN id"),
    Entry("ovh_cloud_network_subnet", {"project": "0123456789abcdef0123456789abcdef", "network": "backend", "region": "GRA11",
                                       "cidr": "10.0.0.0/24"},
          {"project": "0123456789abcdef0123456789abcdef", "network": "backend", "region": "GRA11", "cidr": "10.0.0.0/33"},
          "cidr must be an IPv4 block"),
    Entry("ovh_vrack_member", {"vrack": "pn-12345", "cloud_project": "fedcba9876543210fedcba9876543210", "wait": False},
          {"vrack": "pn-12345", "ip_block": "192.0.2.128/28"}, "ip_block needs region"),
    Entry("ovh_ssh_key", {"name": "admin", "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekIvU3uFd+xZ6nIc/xLuKgfbyq0SKkY"},
          {"name": "admin", "key": "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ=="}, "the key says ssh-ed25519 but"),
    Entry("ovh_vps", {"service_name": VPS, "state": "running", "display_name": "web-vps"},
          {"service_name": VPS, "display_name": "x" * 51}, "display_name is 51 characters long"),
    Entry("ovh_vps_rebuild", {"service_name": VPS, "image": "Debian 12"},
          {"service_name": VPS, "image": "Debian 12", "public_ssh_key": "ssh-rsa not*base64"}, "public_ssh_key: the base64"),
    Entry("ovh_cloud_user", {"project": CLOUD_PROJECT, "description": "backup", "roles": ["objectstore_operator"]},
          {"project": CLOUD_PROJECT, "description": "backup", "roles": ["root"]}, "value of roles must be one or more of",
          secrets=(CLOUD_USER_PASSWORD,)),
    Entry("ovh_cloud_user_info", {"project": CLOUD_PROJECT},
          {"project": "demo-project"}, "project must be a Public Cloud project id", secrets=(CLOUD_USER_PASSWORD,)),
    Entry("ovh_vps_snapshot", {"service_name": VPS},
          {"service_name": VPS, "wait_timeout": -1}, "wait_timeout must be"),
]

BY_NAME = dict((entry.name, entry) for entry in MODULES)


def module_names():
    """The short names of the modules in plugins/modules."""
    return sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))
                  if not os.path.basename(path).startswith("_"))


# The modules that tests/unit/plugins/modules/test_module_registry.py runs with an OAuth2 service account,
# in-process, and tests/integration/test_oauth2.py in one ansible-playbook run at -vvv.
SERVICE_ACCOUNT_CASES = [
    ("signet.ovh.ovh_api_call", {"path": "/me"}),
    ("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "sa", "type": "A", "value": ["192.0.2.44"]}),
    ("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [{"subdomain": "sa2", "type": "A", "value": ["192.0.2.45"]}]}),
    ("signet.ovh.ovh_dns_record_info", {"zone": "example.com"}),
    ("signet.ovh.ovh_credential_info", {"status": "validated"}),
    ("signet.ovh.ovh_credential", {"credential_id": 200000001}),
]


def service_account_env(emulator):
    """The environment of a run with the emulator's demo service account and nothing else."""
    from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    return {"OVH_ENDPOINT": emulator.base_url, "OVH_CLIENT_ID": DEMO_CLIENT_ID, "OVH_CLIENT_SECRET": DEMO_CLIENT_SECRET}
