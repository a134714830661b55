"""Invalid input: a failed task whose message names the option and what is wrong, and no
write request in the emulator's log. Each case runs one module with `ansible -m`."""

import pytest

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
    (API, {"path": "/me", "config_file": "MALFORMED"}, "is not a valid ovh.conf INI file"),
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
    (RECORD, dict(A_SET, subdomain="mx1", type="CNAME", value=["example.net."]), "cannot exist next to other records of the same name: mx1 would have CNAME and A"),
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


@pytest.mark.parametrize("module, options, message", CASES, ids=["%s-%d" % (case[0].split(".")[-1], n) for n, case in enumerate(CASES)])
def test_bad_input(ansible, emulator, tmp_path, module, options, message):
    args = dict(options)
    if args.get("config_file") == "MALFORMED":
        args["config_file"] = str(tmp_path / "malformed.conf")
        (tmp_path / "malformed.conf").write_text("no section header\n")
    credentials = ansible.module_credentials()
    for key, value in list(args.items()):
        if value is None:
            del args[key]
            credentials.pop(key)
    rc, result, output = ansible.adhoc(module, dict(credentials, **args), credentials=False)
    assert rc != 0, output
    assert "Traceback" not in output
    assert message in result["msg"], result["msg"]
    assert emulator.writes() == [] or module == API and options.get("method") == "POST"
    assert all(entry["status"] != 200 for entry in emulator.writes())


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40
