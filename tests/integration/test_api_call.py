"""ovh_api_call through ansible-playbook against the emulator: every method and encoding edge case at
-vvv, check mode, credentials from the environment and ovh.conf files, the server time learnt once
for twenty processes, a persistent server error as the user reads it. Its in-process tests (single
calls with faults) are in tests/unit/plugins/modules/test_ovh_api_call.py."""

from ovh_playbooks import APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY, unhandled_exceptions

WRITES = ("POST", "PUT", "DELETE")


def signed_ok(emulator):
    """Every API request of the run passed the signature check."""
    return [entry for entry in emulator.log if entry["status"] == 400]


def assert_no_secret(run):
    """The playbooks below run at -vvv: neither secret shows, whatever the outcome."""
    assert APPLICATION_SECRET not in run.output
    assert CONSUMER_KEY not in run.output


def test_every_method_and_encoding_edge_case(ansible, modules, emulator):
    emulator.clock_offset = 600  # the API's clock ten minutes ahead: the client signs with its offset
    run = ansible.run("api_call.yml", "-vvv")
    assert run.rc == 0, run
    assert_no_secret(run)
    assert run.recap["failed"] == 0
    assert not signed_ok(emulator), emulator.log
    methods = {(entry["method"], entry["route"]) for entry in emulator.log}
    assert ("POST", "/domain/zone/{zoneName}/record") in methods
    assert ("PUT", "/domain/zone/{zoneName}/record/{id}") in methods
    assert ("DELETE", "/domain/zone/{zoneName}/record/{id}") in methods
    assert ("POST", "/domain/zone/{zoneName}/refresh") in methods
    # The encoded slash stayed one path segment all the way to the server.
    assert any(entry["path"] == "/domain/zone/192.0.2.0%2F29" and entry["status"] == 404 for entry in emulator.log)
    # Booleans reached the server as true/false in the raw query string, signed as sent (404: unknown
    # route to the emulator, answered after the signature check; a bad signature would be a 400).
    payment = [(entry["query"], entry["status"], entry["signed"]) for entry in emulator.log if entry["path"] == "/me/payment/method"]
    assert payment == [("status=valid&default=true", 404, True), ("default=false&paymentType=CREDIT_CARD", 404, True)], payment
    # The second PUT's body was JSON text: decoded, then sent compactly like a mapping.
    assert [entry["body"] for entry in emulator.log if entry["method"] == "PUT"][1] == '{"ttl":900}'

    # The clock jumps after the offset was cached: the client refetches it once and retries.
    emulator.clock_offset = -600
    emulator.clear_log()
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"})
    assert rc == 0, output
    assert [entry["path"] for entry in emulator.log] == ["/me", "/auth/time", "/me"]


def test_check_mode_sends_no_write(ansible, emulator):
    run = ansible.run("check_mode.yml", "-vvv", "--check", "--diff")
    assert run.rc == 0, run
    assert_no_secret(run)
    assert run.recap["changed"] == 3
    assert [entry for entry in emulator.log if entry["method"] in WRITES] == []
    assert any(entry["path"] == "/domain/zone" for entry in emulator.log)


# (method, route, status) of the signed calls of sources.yml.
SOURCES_CALLS = [
    ("GET", "/me", 200),
    ("POST", "/domain/zone/{zoneName}/record", 200),
    ("PUT", "/domain/zone/{zoneName}/record/{id}", 200),
    ("GET", "/domain/zone/{zoneName}/record/{id}", 200),
    ("DELETE", "/domain/zone/{zoneName}/record/{id}", 200),
    ("POST", "/domain/zone/{zoneName}/refresh", 200),
    ("GET", "/domain/zone/{zoneName}/record", 200),
]


def assert_every_method_ran(run, emulator, subdomain):
    """sources.yml ran every method, signed, and left no record behind."""
    assert run.rc == 0, run
    assert run.recap["failed"] == 0 and run.recap["changed"] == 4, run
    assert [(entry["method"], entry["route"], entry["status"]) for entry in emulator.log if entry["signed"]] == SOURCES_CALLS, emulator.log
    assert all(entry["signed"] for entry in emulator.log if entry["path"] != "/auth/time")
    assert [entry["body"] for entry in emulator.log if entry["method"] == "PUT"] == ['{"ttl":3600}']
    zone = emulator.zone("demo-ovh", "example.org")
    assert [record for record in zone.pending_records() + zone.live_records() if record["subDomain"] == subdomain] == []


def test_credentials_from_environment_only(ansible, emulator):
    env = {"OVH_ENDPOINT": emulator.base_url, "OVH_APPLICATION_KEY": APPLICATION_KEY,
           "OVH_APPLICATION_SECRET": APPLICATION_SECRET, "OVH_CONSUMER_KEY": CONSUMER_KEY}
    run = ansible.run("sources.yml", "-vvv", env=env, credentials=False)
    assert_every_method_ran(run, emulator, "_signet-sources")
    assert_no_secret(run)


def test_credentials_from_ovh_conf_in_working_directory(ansible, emulator):
    (ansible.workdir / "ovh.conf").write_text(
        "[default]\nendpoint=%s\n\n[%s]\napplication_key=%s\napplication_secret=%s\nconsumer_key=%s\n"
        % (emulator.base_url, emulator.base_url, APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY))
    run = ansible.run("sources.yml", "-vvv", credentials=False)
    assert_every_method_ran(run, emulator, "_signet-sources")
    assert_no_secret(run)


def test_credentials_from_home_and_explicit_config_file(ansible, emulator, tmp_path):
    (ansible.home / ".ovh.conf").write_text(
        "[default]\nendpoint=%s\n\n[%s]\napplication_key=%s\napplication_secret=wrong-secret\n" % (
            emulator.base_url, emulator.base_url, APPLICATION_KEY))
    explicit = tmp_path / "explicit.conf"
    explicit.write_text("[%s]\napplication_secret=%s\nconsumer_key=%s\n" % (emulator.base_url, APPLICATION_SECRET, CONSUMER_KEY))
    run = ansible.run("sources.yml", credentials=False)
    assert run.rc == 2, run  # ~/.ovh.conf alone has a wrong secret and no consumer key
    assert "missing consumer_key" in run.output and str(ansible.home / ".ovh.conf") in run.output
    assert "wrong-secret" not in run.output
    assert emulator.log == []
    run = ansible.run("sources_config_file.yml", credentials=False, extra_vars={"ovh_config_file": str(explicit)})
    assert run.rc == 0, run
    assert run.recap["changed"] == 3
    assert [(entry["method"], entry["status"]) for entry in emulator.log if entry["signed"]] == [
        ("GET", 200), ("POST", 200), ("PUT", 200), ("DELETE", 200)], emulator.log


def test_twenty_reads_make_at_most_21_requests(ansible, modules, emulator):
    run = ansible.run("repeat_get.yml")  # twenty tasks, twenty processes
    assert run.rc == 0, run
    assert len(emulator.log) <= 21, [entry["path"] for entry in emulator.log]
    assert sum(1 for entry in emulator.log if entry["path"] == "/auth/time") == 1
    # Later runs reuse the cached offset: no /auth/time at all.
    emulator.clear_log()
    for dummy in range(20):
        assert modules.run("signet.ovh.ovh_api_call", {"path": "/domain/zone"})[0] == 0
    assert len(emulator.log) == 20


def test_persistent_server_error_fails_with_everything_support_needs(ansible, emulator):
    emulator.add_fault(status=500, count=100, path="/me")
    run = ansible.run("single_call.yml", "-vvv")  # the message as the user reads it
    assert run.rc == 2, run
    assert_no_secret(run)
    assert run.recap["failed"] == 1
    failed = [entry for entry in emulator.log if entry["path"] == "/me"]
    assert len(failed) == 1  # a 500 is not retried
    message = run.output
    assert "GET /me failed: HTTP 500" in message
    assert "Server::InternalServerError" in message
    assert "QueryID: EU." in message
    assert not unhandled_exceptions(message)
