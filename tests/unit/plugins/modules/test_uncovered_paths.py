"""Paths of the modules that the rest of the suite left unrun (tests/coverage.sh showed them), run
in-process against the emulator: failures with a clear message, and tolerated API answers."""


def writes(emulator):
    return [entry for entry in emulator.log if entry["method"] in ("POST", "PUT", "DELETE")]


SERVER = "ns3001234.ip-203-0-113.eu"
REINSTALL = {"method": "POST", "path": "/dedicated/server/%s/reinstall" % SERVER, "body": {"operatingSystem": "debian12_64"}}


def test_api_call_task_wait_options_are_checked_before_any_call(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, wait_timeout=-1))
    assert rc == 1 and "wait_timeout must be 0 or more seconds, got -1" in result["msg"], result
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, poll_interval=0))
    assert rc == 1 and "poll_interval must be more than 0 seconds, got 0" in result["msg"], result
    assert emulator.log == []


def test_api_call_task_not_done_within_wait_timeout_says_where_to_read_it(modules, emulator):
    # The reinstallation lasts minutes of emulator time; the clock does not move: the wait times out.
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, wait_timeout=1, poll_interval=0.5))
    assert rc == 1, result
    assert "; it goes on: read it with GET /dedicated/server/%s/task/" % SERVER in result["msg"], result["msg"]
    assert result["task"]["status"] in ("todo", "doing") and result["task"]["function"] == "reinstallServer"
    assert [entry["method"] for entry in writes(emulator)] == ["POST"]


def test_dns_records_unreadable_zone_file_and_bad_zone(modules, emulator, tmp_path):
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "zone_file": str(tmp_path / "missing.zone")})
    assert rc == 1 and result["msg"].startswith("cannot read the zone file %s: " % (tmp_path / "missing.zone")), result
    binary = tmp_path / "binary.zone"
    binary.write_bytes(b"@ IN TXT \"\xff\xfe\"\n")
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "zone_file": str(binary)})
    # A clean failure that names the file (its wording, about surrogates, could be clearer).
    assert rc == 1 and result["msg"].startswith(str(binary)), result
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "exa mple.com", "records": []})
    assert rc == 1 and "zone 'exa mple.com' is not a valid domain name" in result["msg"], result
    assert emulator.log == [] or writes(emulator) == []


def test_dns_record_delete_of_a_record_already_gone_is_not_an_error(modules, emulator):
    # Another client deleted the record between the read and the DELETE: the API answers 404.
    emulator.add_fault(status=404, count=1, method="DELETE")
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "www", "type": "CNAME",
                                                                   "state": "absent"})
    assert rc == 0 and result["changed"], result
    assert [entry["status"] for entry in writes(emulator) if entry["method"] == "DELETE"] == [404]


def test_consumer_key_store_in_a_directory_is_refused(modules, emulator, tmp_path):
    args = {"access_rules": [{"path": "/me", "method": "GET"}], "store_in": str(tmp_path), "consumer_key": None}
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", dict(modules.module_credentials(), **args), credentials=False)
    assert rc == 1 and result["msg"] == "store_in: %s is a directory, not an ovh.conf file" % tmp_path, result
    assert emulator.log == []


def test_consumer_key_neither_stored_nor_returned_says_so(modules, emulator):
    credentials = modules.module_credentials()
    del credentials["consumer_key"]
    args = dict(credentials, access_rules=[{"path": "/me", "method": "GET"}], wait=True, wait_timeout=1, return_consumer_key=False)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", args, credentials=False)
    assert rc == 1, result
    assert "the key was neither stored nor returned (return_consumer_key is false): run the task again" in result["msg"], result["msg"]
    assert result["consumer_key"] is None
    (pending,) = emulator.pending_validations()
    assert pending["consumer_key"] not in output
