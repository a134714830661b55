"""Invalid input of the modules: the cases, run in-process by tests/unit/plugins/modules/test_module_registry.py
(test_bad_input) and some of them through ansible-playbook by tests/integration/test_bad_input.py. Each
fails its task with a message that names the option and what is wrong, and sends no write."""

API = "signet.ovh.ovh_api_call"
RECORD = "signet.ovh.ovh_dns_record"
RECORDS = "signet.ovh.ovh_dns_records"
INFO = "signet.ovh.ovh_dns_record_info"

ENDPOINT_ERROR = "is neither a known endpoint name"
A_SET = {"zone": "example.com", "subdomain": "a", "type": "A", "value": ["192.0.2.1"]}


# (module, options, text the message must hold); credentials come from the emulator unless options say otherwise.
CASES = [
    (API, {"path": "/me", "endpoint": "ovh-fr"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "endpoint": "eu.api.ovh.com"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "endpoint": "http://127.0.0.1:9/2.0"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "endpoint": "ftp://127.0.0.1/1.0"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "method": "PATCH"}, "value of method must be one of: GET, POST, PUT, DELETE"),
    (API, {"path": "me"}, "path must start with '/'"),
    (API, {"path": "/1.0/me"}, "path is relative to the endpoint's /1.0"),
    (API, {"path": "/me", "query": {"ids": [1, 2]}}, "query: query parameter 'ids' must be a string, number or boolean"),
    (API, {"path": "/me", "timeout": 0}, "timeout must be a positive number of seconds"),
    (API, {"path": "/me", "status_code": ["ok"]}, "status_code"),
    (API, {"path": "/me", "colour": "blue"}, "Unsupported parameters"),
    (API, {"path": "/me", "application_key": None, "application_secret": None, "consumer_key": None},
     "missing application_key, application_secret, consumer_key"),
    (API, {"path": "/me", "application_secret": None, "consumer_key": None}, "missing application_secret, consumer_key"),
    (API, {"path": "/me", "consumer_key": None}, "missing consumer_key"),
    (API, {"path": "/auth/time", "auth": False, "application_secret": None, "consumer_key": None}, "missing application_secret"),
    (API, {"path": "/me", "config_file": "/nonexistent/ovh.conf"}, "config_file /nonexistent/ovh.conf does not exist"),
    (API, {"path": "/me", "config_file": "/"}, "config_file / does not exist or is not a file"),
    (API, {"path": "/me", "config_file": "MALFORMED"}, "config_file {config_file} is not a valid ovh.conf INI file: line 1 comes before any"),
    (API, {"path": "/me", "config_file": "NO_EQUALS"}, "config_file {config_file} is not a valid ovh.conf INI file: line 3 not of the form"),
    (API, {"path": "/me", "config_file": "DUPLICATE"}, "config_file {config_file} is not a valid ovh.conf INI file: line 3: key 'consumer_key'"),
    # Root reads a chmod 000 file anyway: a file whose bytes cannot be read as text stands in for an unreadable one.
    (API, {"path": "/me", "config_file": "NOT_UTF8"}, "config_file {config_file} is not a valid ovh.conf INI file: it is not UTF-8 text"),
    (API, {"path": "/me", "endpoint": None, "config_file": "NO_ENDPOINT"}, "no OVH endpoint configured: set the endpoint option"),
    (API, {"path": "/me", "endpoint": "OVH-EU"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "endpoint": "https://eu.api.ovh.com"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "endpoint": "http://127.0.0.1:9/1.0?x=1"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "endpoint": "http:///1.0"}, ENDPOINT_ERROR),
    (API, {"path": "/me", "method": "post"}, "value of method must be one of: GET, POST, PUT, DELETE, got: post"),
    (API, {"path": "/me", "method": "HEAD"}, "value of method must be one of: GET, POST, PUT, DELETE, got: HEAD"),
    (API, {"path": ""}, "path must start with '/'"),
    (API, {"path": "https://eu.api.ovh.com/1.0/me"}, "path must start with '/'"),
    (API, {"path": "/me", "application_key": None}, "missing application_key"),
    (API, {"path": "/me", "application_key": None, "application_secret": None, "consumer_key": None, "client_id": "EU.someone"},
     "missing client_secret"),
    (API, {"path": "/me", "client_id": "EU.someone", "client_secret": "x" * 32}, "both authentication modes are configured"),
    (API, {"method": "POST", "path": "/domain/zone/example.com/record", "body": "fieldType=A&subDomain=x"},
     "body is a string but not JSON text"),
    (API, {"method": "POST", "path": "/domain/zone/example.com/record", "body": '{"fieldType": "A", "subDomain": "x",'},
     "body is a string but not JSON text"),
    (API, {"method": "PUT", "path": "/domain/zone/example.com/record/1", "body": '"just a string"'},
     "body is a string holding the JSON text of a string, not of an object"),
    (API, {"method": "PUT", "path": "/domain/zone/example.com/record/1", "body": {"ttl": float("nan")}},
     "body must be a JSON value: Out of range float values are not JSON compliant"),
    (API, {"method": "GET", "path": "/domain/zone/example.com/record", "body": {"fieldType": "A"}},
     "body is only sent with POST and PUT, not with GET: give GET parameters in query"),
    (API, {"method": "DELETE", "path": "/domain/zone/example.com/record/1", "body": {"id": 1}}, "body is only sent with POST and PUT, not with DELETE"),
    (API, {"method": "POST", "path": "/domain/zone/example.com/record", "body": {"fieldType": "A", "subDomain": "x", "target": "1.2.3", "ttl": 0}},
     "HTTP 400, Client::BadRequest"),
    (RECORD, dict(A_SET, value=["192.0.2.300"]), "value '192.0.2.300' of an A record is not an IPv4 address"),
    (RECORD, dict(A_SET, type="AAAA"), "value '192.0.2.1' of an AAAA record is not an IPv6 address"),
    (RECORD, dict(A_SET, ttl=30), "ttl 30 is invalid"),
    (RECORD, dict(A_SET, ttl=-1), "ttl -1 is invalid"),
    (RECORD, dict(A_SET, type="MX", value=["mx1.example.com."]), "of an MX record must be 'priority host'"),
    (RECORD, dict(A_SET, type="MX", value=["70000 mx1.example.com."]), "MX priority '70000'"),
    (RECORD, dict(A_SET, type="SRV", value=["10 sip.example.com."]), "of an SRV record must be 'priority weight port target'"),
    (RECORD, dict(A_SET, type="CAA", value=["issue letsencrypt.org"]), "of a CAA record must be 'flags tag value'"),
    (RECORD, dict(A_SET, type="CNAME", value=["bad host!"]), "is not a valid host name"),
    (RECORD, dict(A_SET, type="TXT", value=['"unbalanced'], txt_transformation="quoted"), "is not a valid sequence of quoted strings"),
    (RECORD, {"zone": "example.com", "subdomain": "a", "type": "A"}, "state is present but all of the following are missing: value"),
    (RECORD, dict(A_SET, value=[]), "value must hold at least one value"),
    (RECORD, dict(A_SET, subdomain="", type="CNAME", value=["example.net."]), "a CNAME record cannot be at the zone apex"),
    (RECORD, dict(A_SET, subdomain="mx1", type="CNAME", value=["example.net."]),
     "cannot exist next to other records of the same name: mx1 would have CNAME and A"),
    (RECORD, dict(A_SET, subdomain="c", type="CNAME", value=["a.example.net.", "b.example.net."]), "a CNAME record set holds one value"),
    (RECORD, dict(A_SET, subdomain="bad name"), "subdomain 'bad name' is not a valid DNS name"),
    (RECORD, dict(A_SET, subdomain="a.example.net."), "subdomain 'a.example.net.' is not inside the zone example.com"),
    (RECORD, dict(A_SET, type="TYPO"), "value of type must be one of"),
    (RECORD, dict(A_SET, zone="exa mple.com"), "zone 'exa mple.com' is not a valid domain name"),
    (RECORD, dict(A_SET, zone="not-mine.example"), "GET /domain/zone/not-mine.example/record failed: HTTP 404"),
    (RECORD, dict(A_SET, on_existing="overwrite"), "value of on_existing must be one of"),
    (RECORDS, {"zone": "example.com", "records": [dict(subdomain="a", type="A", value=["x"])]},
     "records[0]: value 'x' of an A record is not an IPv4 address"),
    (RECORDS, {"zone": "example.com", "records": [dict(subdomain="a", type="A", value=["192.0.2.1"]), dict(subdomain="A", type="A", value=["192.0.2.2"])]},
     "records[1]: a A is already listed in records[0]"),
    (RECORDS, {"zone": "example.com", "records": [dict(subdomain="a", type="A", value=["192.0.2.1"], ttl=30)]}, "records[0].ttl 30 is invalid"),
    (RECORDS, {"zone": "example.com", "records": [dict(type="A", value=["192.0.2.1"])]}, "missing required arguments: subdomain"),
    (RECORDS, {"zone": "example.com", "records": [dict(subdomain="a", type="A")]}, "records[0]: value is required when state is present"),
    (RECORDS, {"zone": "example.com", "records": [dict(subdomain="www", type="A", value=["192.0.2.1"])]}, "cannot exist next to other records"),
    (INFO, {"zone": "example.com", "type": "TYPO"}, "value of type must be one of"),
    (INFO, {"zone": "example.com", "subdomain": "a..b"}, "subdomain 'a..b' is not a valid DNS name"),
]


# Contents of the config files the cases above name; the secrets in them must not show in any message.
CONFIG_FILES = {
    "MALFORMED": b"no section header\n",
    "NO_EQUALS": b"[default]\nendpoint=ovh-eu\nSecretPastedAlone\n",
    "DUPLICATE": b"[ovh-eu]\nconsumer_key=SecretOne\nconsumer_key=SecretTwo\n",
    "NOT_UTF8": b"[ovh-eu]\napplication_secret=Secret\xff\xfe\n",
    "NO_ENDPOINT": b"[ovh-eu]\napplication_key=AK\n",
}


def case_arguments(tmp_path, options, message, credentials):
    """The module arguments and expected message of a case: config files written, None options removed."""
    args = dict(options)
    if args.get("config_file") in CONFIG_FILES:
        path = tmp_path / ("%s.conf" % args["config_file"].lower())
        path.write_bytes(CONFIG_FILES[args["config_file"]])
        args["config_file"] = str(path)
        message = message.format(config_file=path)
    credentials = dict(credentials)
    for key, value in list(args.items()):
        if value is None:
            del args[key]
            credentials.pop(key)
    return dict(credentials, **args), message
