"""The demo data the emulator starts with (its shape is also the --seed file format).

The keys are fake demo values, published on purpose so that tests and examples can use them.
"""

DEMO_APPLICATION_KEY = "DemoAppKey000001"
DEMO_APPLICATION_SECRET = "DemoAppSecret0000000000000000001"
DEMO_CONSUMER_KEY = "DemoConsumerKey00000000000000001"
DEMO_CLIENT_ID = "EU.demoserviceaccount1"
DEMO_CLIENT_SECRET = "DemoClientSecret0000000000000001"

_ALL_METHODS = ("GET", "POST", "PUT", "DELETE")


def _nichandle(nichandle, password, email, firstname, name):
    # Every field of nichandle.Nichandle (schemas/me.json) that a real account has set.
    return {
        "nichandle": nichandle,
        "password": password,
        "email": email,
        "firstname": firstname,
        "name": name,
        "organisation": None,
        "legalform": "individual",
        "address": "1 rue de l'Exemple",
        "zip": "59100",
        "city": "Roubaix",
        "area": None,
        "country": "FR",
        "phone": "+33.123456789",
        "phoneCountry": "FR",
        "fax": None,
        "language": "fr_FR",
        "currency": {"code": "EUR", "symbol": "EURO"},
        "ovhCompany": "ovh",
        "ovhSubsidiary": "FR",
        "state": "complete",
        "customerCode": None,
        "kycValidated": False,
        "spareEmail": None,
        "vat": None,
        "birthCity": None,
        "birthDay": None,
        "companyNationalIdentificationNumber": None,
        "complementaryAddress": None,
        "corporationType": None,
        "italianSDI": None,
        "nationalIdentificationNumber": None,
        "phoneType": "landline",
        "purposeOfPurchase": None,
        "sex": None,
    }


DEFAULT_SEED = {
    "accounts": [
        _nichandle("demo-ovh", "demo", "demo@example.com", "Demo", "User"),
        _nichandle("customer-ovh", "customer", "customer@example.net", "Client", "Customer"),
    ],
    "applications": [
        {
            "applicationId": 1001,
            "applicationKey": DEMO_APPLICATION_KEY,
            "applicationSecret": DEMO_APPLICATION_SECRET,
            "name": "signet-demo",
            "description": "signet.ovh demo application",
            "account": "demo-ovh",
            "status": "active",
        },
    ],
    "credentials": [
        {
            "credentialId": 200000001,
            "consumerKey": DEMO_CONSUMER_KEY,
            "applicationId": 1001,
            "account": "demo-ovh",
            "status": "validated",
            "rules": [{"method": method, "path": "/*"} for method in _ALL_METHODS],
            "allowedIPs": None,
            "validity": None,
        },
    ],
    # OAuth2 service accounts (client credentials), an alternative to AK/AS/CK.
    "serviceAccounts": [
        {"clientId": DEMO_CLIENT_ID, "clientSecret": DEMO_CLIENT_SECRET, "account": "demo-ovh"},
    ],
    "zones": [
        {
            "account": "demo-ovh",
            "name": "example.com",
            "records": [
                {"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0},
                {"fieldType": "NS", "subDomain": "", "target": "ns1.ovh.net.", "ttl": 0},
                {"fieldType": "A", "subDomain": "", "target": "192.0.2.10", "ttl": 3600},
                {"fieldType": "CNAME", "subDomain": "www", "target": "example.com.", "ttl": 3600},
                {"fieldType": "MX", "subDomain": "", "target": "10 mx1.example.com.", "ttl": 3600},
                {"fieldType": "A", "subDomain": "mx1", "target": "192.0.2.25", "ttl": 3600},
                {"fieldType": "TXT", "subDomain": "", "target": "\"v=spf1 include:mx.ovh.com ~all\"", "ttl": 600},
            ],
        },
        {
            "account": "demo-ovh",
            "name": "example.org",
            "records": [
                {"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0},
                {"fieldType": "NS", "subDomain": "", "target": "ns1.ovh.net.", "ttl": 0},
            ],
        },
        {
            "account": "customer-ovh",
            "name": "customer.net",
            "records": [
                {"fieldType": "NS", "subDomain": "", "target": "dns2.ovh.net.", "ttl": 0},
                {"fieldType": "NS", "subDomain": "", "target": "ns2.ovh.net.", "ttl": 0},
                {"fieldType": "A", "subDomain": "", "target": "198.51.100.7", "ttl": 3600},
            ],
        },
    ],
}

# DynHost of the demo zone (tests/emulator/zone.py) and the registrar side of the demo domain
# (tests/emulator/domain.py): the domain example.com is registered with OVHcloud's name servers.
DEMO_DYNHOST_PASSWORD = "DemoDynHostPassword01"
DEFAULT_SEED["zones"][0]["dynHost"] = {
    "records": [{"subDomain": "home", "ip": "203.0.113.50"}],
    "logins": [{"loginSuffix": "home", "subDomain": "home", "password": DEMO_DYNHOST_PASSWORD}],
}
DEFAULT_SEED["domains"] = [
    {"account": "demo-ovh", "name": "example.com", "nameServers": [{"host": "dns1.ovh.net"}, {"host": "ns1.ovh.net"}]},
    {"account": "demo-ovh", "name": "example.org", "nameServers": [{"host": "dns1.ovh.net"}, {"host": "ns1.ovh.net"}]},
]

# Dedicated servers, VPS and reverses (tests/emulator/servers.py, ip.py). ns3005678 is being
# reinstalled when the emulator starts (its steps advance on the emulator clock).
DEFAULT_SEED["dedicatedServers"] = [
    {"account": "demo-ovh", "name": "ns3001234.ip-203-0-113.eu", "serverId": 3001234, "ip": "203.0.113.10",
     "ips": ["203.0.113.10/32", "2001:db8:10::/64"], "datacenter": "gra3", "region": "eu-west-gra",
     "availabilityZone": "eu-west-gra-a", "os": "debian12_64", "commercialRange": "advance", "rack": "G102A07",
     "tags": {"env": "prod", "role": "web"}},
    {"account": "demo-ovh", "name": "ns3005678.ip-198-51-100.eu", "serverId": 3005678, "ip": "198.51.100.20",
     "ips": ["198.51.100.20/32", "2001:db8:20::/64"], "datacenter": "rbx8", "region": "eu-west-rbx",
     "availabilityZone": "eu-west-rbx-a", "os": "ubuntu2204-server_64", "commercialRange": "rise", "rack": "R08B12",
     "tags": {"env": "staging", "role": "db"}, "reinstalling": {"operatingSystem": "ubuntu2404-server_64"}},
    {"account": "customer-ovh", "name": "ns3100000.ip-198-51-100.eu", "serverId": 3100000, "ip": "198.51.100.99",
     "datacenter": "sbg5", "region": "eu-west-sbg", "os": "rocky9_64", "tags": {"env": "prod"}},
]
DEFAULT_SEED["vps"] = [
    {"account": "demo-ovh", "name": "vps-1a2b3c4d.vps.ovh.net", "displayName": "web-vps",
     "ips": ["203.0.113.50", "2001:db8:50::1"], "state": "running", "tags": {"env": "prod", "role": "web"},
     "image": "Debian 12", "snapshot": {"description": "before upgrade", "createdSecondsAgo": 86400},
     "tasks": [{"type": "rebootVm", "startedSecondsAgo": 7200}]},
    {"account": "demo-ovh", "name": "vps-5e6f7a8b.vps.ovh.net", "displayName": "dev-vps",
     "ips": ["203.0.113.60"], "state": "stopped", "tags": {"env": "dev"}, "image": "Ubuntu 24.04"},
]

# The account's public SSH keys (tests/emulator/ssh_keys.py): what a VPS rebuild's sshKey names.
DEMO_SSH_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekIvU3uFd+xZ6nIc/xLuKgfbyq0SKkY "
                "admin@example.com")
DEFAULT_SEED["sshKeys"] = [
    {"account": "demo-ovh", "keyName": "admin", "key": DEMO_SSH_KEY},
    {"account": "demo-ovh", "keyName": "ci",
     "key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAgDDQnP3jDKMHGHq2AKuGIgzw194rIVlNq1LsxI+aYYkPmWMj65pA/Qu4YO/ZIKMhsj+maqc"
            "tX8+M53pbb18TEDpYkJz94wyjBxh6tgCrhiIM8NfeKyFZTatS7MSPmmGJD5ljI+uaQP0LuGDv2SCjIbI/pmqnLV/PjOd6W29fExA6WJCc/eMMow"
            "cYerYAq4YiDPDX3ishWU2rUuzEj5phiQ+ZYyPrmkD9C7hg79kgoyGyP6Zqpy1fz4zneltvXxMQOliQnP3jDKMHGHq2AKuGIgzw194rIVlNq1LsxI"
            "+aYYkPmWMj65pA/Qu4YO/ZIKMhsj+maqctX8+M53pbb18TEDpYg== ci@example.com"},
    {"account": "customer-ovh", "keyName": "customer",
     "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqnEA0bAR6PUnGiA9HvgvFmGF1uM0T3gmv0+S5uNqvc customer@example.net"},
]
DEFAULT_SEED["reverses"] = [
    {"account": "demo-ovh", "ipReverse": "203.0.113.50", "reverse": "vps-1a2b3c4d.vps.ovh.net."},
]

# vRack (tests/emulator/vrack.py): pn-12345 of demo-ovh holds the older ns3005678 (whole-server
# attachment: it has no virtual network interface), a Public Cloud project and an IP block.
# ns3001234 has a vrack-mode interface, in no vRack yet; a second project and block are free to join.
DEMO_VRACK = "pn-12345"
DEMO_VRACK_INTERFACE = "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"
DEMO_PROJECTS = ("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210")
DEFAULT_SEED["virtualNetworkInterfaces"] = [
    {"serverName": "ns3001234.ip-203-0-113.eu", "uuid": "3f6a1b2c-8d4e-4f5a-9b6c-7d8e9f0a1b2c", "name": "ovh_public",
     "mode": "public", "networkInterfaceController": ["00:25:90:aa:bb:01"]},
    {"serverName": "ns3001234.ip-203-0-113.eu", "uuid": DEMO_VRACK_INTERFACE, "name": "ovh_vrack",
     "mode": "vrack", "networkInterfaceController": ["00:25:90:aa:bb:02"]},
]
DEFAULT_SEED["vrackEligible"] = [
    {"account": "demo-ovh", "cloudProjects": list(DEMO_PROJECTS), "ipBlocks": ["192.0.2.128/28", "198.51.100.128/28"]},
]
DEFAULT_SEED["cloudProjects"] = [
    {"account": "demo-ovh", "projectId": DEMO_PROJECTS[0], "description": "demo-project",
     "operations": [{"action": "project#create", "regions": ["GRA11"], "status": "completed"}],
     "users": [{"id": 401001, "username": "user-DemoBackup01", "description": "backup", "roles": ["objectstore_operator"],
                "password": "DemoCloudUserPwQxZkVbNmLpRtYwHsJg"}],
     "networks": [{"id": "pn-12345_100", "name": "backend", "vlanId": 100, "status": "ACTIVE", "type": "private",
                   "regions": [{"region": "GRA11", "status": "ACTIVE",
                                "openstackId": "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"}]}]},
    {"account": "demo-ovh", "projectId": DEMO_PROJECTS[1], "description": "demo-staging"},
]
# S3 object storage of the demo project (tests/emulator/cloud_storage.py): the user "backup" has one S3 key
# and a policy, and the bucket demo-backups in GRA holds three objects (a bucket absent refuses unless forced).
DEMO_S3_ACCESS = "5a3c0f1e2d4b6a798897a6b5c4d3e2f1"
DEMO_S3_SECRET = "DemoS3SecretKeyQwrtyPsdfghJklzxv"
DEFAULT_SEED["cloudStorage"] = [
    {"projectId": DEMO_PROJECTS[0],
     "s3Credentials": [{"userId": 401001, "access": DEMO_S3_ACCESS, "secret": DEMO_S3_SECRET}],
     "policies": {"401001": '{"Statement": [{"Sid": "RWContainer", "Effect": "Allow", "Action": ["s3:GetObject", '
                            '"s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"], "Resource": '
                            '["arn:aws:s3:::demo-backups", "arn:aws:s3:::demo-backups/*"]}]}'},
     "buckets": [{"region": "GRA", "name": "demo-backups", "ownerId": 401001, "encryption": "AES256",
                  "versioning": "enabled",
                  "objects": [{"key": "db/2026-12-01.sql.gz", "size": 52428800},
                              {"key": "db/2026-12-02.sql.gz", "size": 52531200},
                              {"key": "etc.tar.gz", "size": 1048576}]}]},
]
# Managed Kubernetes (tests/emulator/cloud_kube.py): one READY cluster of the demo project in GRA11 with
# one node pool of two b2-7 nodes; its kubeconfig is a known value the secrets test looks for.
DEMO_KUBE_ID = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"
DEMO_NODEPOOL_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
DEMO_KUBECONFIG_KEY = "Zq7XvN2pLk9RwT4mYb6HcJ3sDf8GhQ1eWu5A"  # distinctive: no 8 characters of it elsewhere
DEMO_KUBECONFIG = ("apiVersion: v1\nkind: Config\nclusters:\n- name: demo-cluster\n  cluster:\n"
                   "    server: https://6f1c2b.c1.gra11.k8s.ovh.net\nusers:\n- name: kubernetes-admin-demo-cluster\n"
                   "  user:\n    client-key-data: " + DEMO_KUBECONFIG_KEY + "\n")
DEFAULT_SEED["cloudKube"] = [
    {"projectId": DEMO_PROJECTS[0], "id": DEMO_KUBE_ID, "name": "demo-cluster", "region": "GRA11", "version": "1.28",
     "updatePolicy": "MINIMAL_DOWNTIME", "kubeconfig": DEMO_KUBECONFIG, "ipRestrictions": ["198.51.100.0/24"],
     "openIdConnect": {"issuerUrl": "https://sso.example.com/realms/ops", "clientId": "demo-cluster",
                       "usernameClaim": "preferred_username"},
     "nodepools": [{"id": DEMO_NODEPOOL_ID, "name": "default", "flavorName": "b2-7", "desiredNodes": 2, "minNodes": 1,
                    "maxNodes": 5, "template": {"metadata": {"labels": {"role": "web"}}}}]},
]
# Public Cloud instances (tests/emulator/cloud_instances.py), read by the inventory: in the demo project a
# plain one, one named by a Jinja2 template (API text that must stay text) and one whose name is not a
# valid host name; one in the staging project.
DEMO_FLAVOR = "0b2f3a4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"  # b3-8 in GRA11
DEMO_IMAGE = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"  # Debian 12
DEFAULT_SEED["cloudInstances"] = [
    {"projectId": DEMO_PROJECTS[0], "id": "a1b2c3d4-0001-4e5f-8a9b-000000000001", "name": "web-1", "region": "GRA11",
     "flavorId": DEMO_FLAVOR, "imageId": DEMO_IMAGE, "status": "ACTIVE", "created": 1710000000, "planCode": "b3-8.consumption",
     "ipAddresses": [
         {"ip": "198.51.100.21", "type": "public", "version": 4, "networkId": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
          "gatewayIp": "198.51.100.1"},
         {"ip": "2001:db8:1:2::21", "type": "public", "version": 6, "networkId": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"},
         {"ip": "10.0.0.21", "type": "private", "version": 4, "networkId": "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"}]},
    {"projectId": DEMO_PROJECTS[0], "id": "a1b2c3d4-0002-4e5f-8a9b-000000000002", "name": "{{ lookup('pipe', 'id') }}",
     "region": "BHS5", "flavorId": DEMO_FLAVOR, "imageId": "{{ lookup('env', 'HOME') }}", "status": "SHUTOFF",
     "created": 1710000100,
     "ipAddresses": [{"ip": "203.0.113.77", "type": "public", "version": 4, "networkId": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"}]},
    {"projectId": DEMO_PROJECTS[0], "id": "a1b2c3d4-0003-4e5f-8a9b-000000000003", "name": "db 1/../etc", "region": "SBG5",
     "flavorId": DEMO_FLAVOR, "imageId": DEMO_IMAGE, "status": "ACTIVE", "created": 1710000200,
     "ipAddresses": [{"ip": "10.0.0.31", "type": "private", "version": 4, "networkId": "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"}]},
    {"projectId": DEMO_PROJECTS[1], "id": "b1b2c3d4-0001-4e5f-8a9b-000000000001", "name": "staging-1", "region": "GRA11",
     "flavorId": DEMO_FLAVOR, "imageId": DEMO_IMAGE, "status": "BUILD", "created": 1710000300, "ipAddresses": []},
]
DEFAULT_SEED["vracks"] = [
    {"account": "demo-ovh", "serviceName": DEMO_VRACK, "name": "demo-network", "description": "Demo private network",
     "tags": {"env": "prod"}, "dedicatedServers": ["ns3005678.ip-198-51-100.eu"], "dedicatedServerInterfaces": [],
     "cloudProjects": [DEMO_PROJECTS[0]], "ips": [{"block": "192.0.2.128/28", "region": "eu-west-gra"}]},
]

# Failover IPs (tests/emulator/ip.py): one routed to each demo server (a fail-over moves it from one to
# the other), a block, and a parked one. The web address has a firewall with one rule and is under
# automatic mitigation.
DEFAULT_SEED["failoverIps"] = [
    {"account": "demo-ovh", "ip": "203.0.113.100/32", "routedTo": "ns3001234.ip-203-0-113.eu", "description": "web VIP",
     "tags": {"env": "prod", "role": "vip"}, "movedSecondsAgo": 86400,
     "firewall": {"ipOnFirewall": "203.0.113.100", "enabled": True,
                  "rules": [{"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.0/24",
                             "destinationPort": 22}]},
     "mitigation": [{"ipOnMitigation": "203.0.113.100", "auto": True, "permanent": False}]},
    {"account": "demo-ovh", "ip": "198.51.100.128/30", "routedTo": "ns3005678.ip-198-51-100.eu", "description": "db block",
     "tags": {"env": "staging"}},
    {"account": "demo-ovh", "ip": "203.0.113.101/32", "routedTo": None, "description": "spare"},
]
