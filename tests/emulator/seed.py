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
     "ips": ["203.0.113.50", "2001:db8:50::1"], "state": "running", "tags": {"env": "prod", "role": "web"}},
    {"account": "demo-ovh", "name": "vps-5e6f7a8b.vps.ovh.net", "displayName": "dev-vps",
     "ips": ["203.0.113.60"], "state": "stopped", "tags": {"env": "dev"}},
]
DEFAULT_SEED["reverses"] = [
    {"account": "demo-ovh", "ipReverse": "203.0.113.50", "reverse": "vps-1a2b3c4d.vps.ovh.net."},
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
