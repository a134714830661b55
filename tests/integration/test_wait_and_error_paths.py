"""Waits, task failures and API errors that the rest of the suite left unrun (a coverage run listed
them), run in-process (tests/module_runner.py) against the emulator:

- ovh_domain_name_servers: an update already running is waited for; bad wait_timeout; an update
  the API refuses while another runs; a task that fails, a malformed task, an error while waiting.
- ovh_dns_dnssec: the opposite change in progress is waited for before the request; a wait that
  runs out before anything was sent; DNSSEC ending otherwise; an error while waiting.
- ovh_dns_dynhost_login, ovh_dns_dynhost_record, ovh_ip_reverse, ovh_dedicated_server_info:
  bad input and API errors, with ``changed`` saying what was applied; ovh_dns_zone_info: an
  export that is not text.
- ovh_dedicated_server_install and ovh_api_call: a reinstallation that was running installed
  another system; a malformed task; an error reading the installation's progress.
- ovh_consumer_key: a key expiring by the server's clock; store_in that cannot be written, found before the
  request or (changed since) after it; an answer without the consumer key.
- The collection's cache directory unusable: a warning, or no request with rate_limit.

Each failure names what failed, its HTTP status and QueryID where the API gave one."""

import shutil

from emulator import routes
from emulator.customer import Customer
from emulator.seed import DEMO_APPLICATION_KEY, DEMO_DYNHOST_PASSWORD
from module_runner import seed_time_offset

ZONE = "/domain/zone/example.com"
WEB = "ns3001234.ip-203-0-113.eu"  # Debian 12, no reinstallation running
BUSY = "ns3005678.ip-198-51-100.eu"  # being reinstalled with ubuntu2404-server_64 when the emulator starts
ORIGINAL_ROUTES = routes.ROUTES


def sent(emulator):
    """(method, path?query) of the API requests, without the server-time fetch."""
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""))
            for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.writes()]


def tamper(monkeypatch, method, template, edit):
    """A fault the emulator has no switch for: its answer to ``method template`` (a route of
    emulator.routes) goes through ``edit(answer)``. Replaces an earlier tamper; undone after the test."""
    assert (method, template) in [(m, t) for m, t, _handler in ORIGINAL_ROUTES]

    def wrap(handler):
        return lambda call: edit(handler(call))
    monkeypatch.setattr(routes, "ROUTES", tuple((m, t, wrap(h) if (m, t) == (method, template) else h) for m, t, h in ORIGINAL_ROUTES))


def without(field):
    return lambda answer: dict((key, value) for key, value in answer.items() if key != field)


def but_the_first(edit):
    """``edit`` for every answer but the first."""
    answers = []

    def edit_later(answer):
        answers.append(answer)
        return answer if len(answers) == 1 else edit(answer)
    return edit_later


# --- ovh_domain_name_servers --------------------------------------------------------------

NEW_SERVERS = [{"host": "ns1.example.net"}, {"host": "ns2.example.net"}]
DOMAIN_TASK = "/domain/{serviceName}/task/{id}"


def name_servers(domain, **extra):
    return dict({"domain": domain, "name_servers": NEW_SERVERS}, **extra)


def test_name_servers_wait_for_the_update_already_running(modules, emulator):
    emulator.state.task_seconds = (5, 10)
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.org", wait=False))
    assert (rc, result["changed"], result["task"]["status"]) == (0, True, "todo"), result
    task_id = result["task"]["id"]
    emulator.clear_log()
    # The same servers again (the old ones are listed, to be deleted): nothing to request, but the
    # update in progress is waited for.
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.org"))
    assert (rc, result["changed"]) == (0, False), result
    assert (result["task"]["id"], result["task"]["status"]) == (task_id, "done")
    task = "/domain/example.org/task"
    assert sent(emulator) == [
        ("GET", "/domain/example.org/nameServer"), ("GET", "/domain/example.org/nameServer/1000003,1000004,1000005,1000006"),
        ("GET", task + "?function=DomainDnsUpdate&status=todo"), ("GET", task + "?function=DomainDnsUpdate&status=doing")] + \
        [("GET", "%s/%d" % (task, task_id))] * 5
    assert modules.clock.sleeps == [1.0, 2.0, 4.0, 8.0]  # 15 s of todo then doing
    assert emulator.writes() == []
    hosts = sorted(server["host"] for server in emulator.state.domains[("demo-ovh", "example.org")].name_servers.values())
    assert hosts == ["ns1.example.net", "ns2.example.net"]


def test_name_servers_refusals(modules, emulator):
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.org", wait_timeout=-1))
    assert rc == 1 and result["msg"] == "wait_timeout must be 0 or more seconds, got -1", result
    assert emulator.log == []
    # Another update runs: the API refuses a second one; nothing was changed.
    emulator.state.task_seconds = (0, 3600)
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.org", wait=False))
    assert rc == 0 and result["changed"], result
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.org", name_servers=[
        {"host": "dns1.ovh.net"}, {"host": "ns1.ovh.net"}]))
    assert (rc, result["changed"], result["status"]) == (1, False, 409), result
    assert result["msg"].startswith("POST /domain/example.org/nameServers/update failed: HTTP 409, Client::Conflict (CONFLICT): "
                                    "A name server update of this domain is already in progress [QueryID: EU.ext-1."), result["msg"]
    assert writes(emulator) == [("POST", "/domain/example.org/nameServers/update", 200),
                                ("POST", "/domain/example.org/nameServers/update", 409)]


def test_name_servers_task_failures(modules, emulator, monkeypatch):
    emulator.state.task_seconds = (0, 0)  # each update is over at once: the next one is not refused
    tamper(monkeypatch, "GET", DOMAIN_TASK, lambda task: dict(task, status="error", comment="The registry refused ns1.example.net"))
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.com"))
    assert (rc, result["changed"], result["task"]["status"]) == (1, True, "error"), result
    assert result["msg"] == "the name server update failed: domain task %d of example.com ended error: The registry refused " \
                            "ns1.example.net" % result["task"]["id"]
    # A task answer without its status: a clean failure that quotes it.
    tamper(monkeypatch, "GET", DOMAIN_TASK, without("status"))
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.org"))
    assert (rc, result["changed"]) == (1, True), result
    (read,) = [path for _method, path in sent(emulator) if path.startswith("/domain/example.org/task/")]
    assert result["msg"].startswith("GET %s answered {" % read) and result["msg"].endswith("}, not a domain task"), result["msg"]
    assert "'status'" not in result["msg"] and "'function': 'DomainDnsUpdate'" in result["msg"]
    # An API error once the update was requested: changed, since the update goes on.
    monkeypatch.setattr(routes, "ROUTES", ORIGINAL_ROUTES)
    emulator.add_fault(status=500, method="GET", path="/domain/example.com/task/*")
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.com", name_servers=[
        {"host": "dns1.ovh.net"}, {"host": "ns1.ovh.net"}]))
    assert (rc, result["changed"], result["status"]) == (1, True, 500), result
    assert result["msg"].startswith("GET /domain/example.com/task/")
    assert " failed: HTTP 500, Server::InternalServerError (INTERNAL_SERVER_ERROR): Internal server error [QueryID: " in result["msg"]
    assert [status for _method, path, status in writes(emulator) if path == "/domain/example.com/nameServers/update"] == [200, 200]


# --- ovh_dns_dnssec -----------------------------------------------------------------------

def test_dnssec_waits_for_the_opposite_change_before_its_own(modules, emulator):
    emulator.state.task_seconds = (5, 10)
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (0, True, "enabled"), result
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com", "state": "disabled", "wait": False})
    assert (rc, result["changed"], result["status"]) == (0, True, "disableInProgress"), result
    emulator.clear_log()
    # The API takes no request while the disable runs: the wait runs out before anything is sent.
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com", "wait_timeout": 0})
    assert (rc, result["changed"], result["status"]) == (1, False, "disableInProgress"), result
    assert result["msg"] == ("the DNSSEC change of example.com in progress (disableInProgress) still pending after 0 seconds "
                             "(last read: disableInProgress)")
    assert sent(emulator) == [("GET", ZONE + "/dnssec")] * 2
    emulator.clear_log()
    sleeps = len(modules.clock.sleeps)
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (0, True, "enabled"), result
    # Waited for the disable (15 s), then for its own enable: one POST, which the API took.
    assert sent(emulator) == [("GET", ZONE + "/dnssec")] * 6 + [("POST", ZONE + "/dnssec")] + [("GET", ZONE + "/dnssec")] * 5
    assert writes(emulator) == [("POST", ZONE + "/dnssec", 200)]
    assert modules.clock.sleeps[sleeps:] == [1.0, 2.0, 4.0, 8.0] * 2


def test_dnssec_ending_otherwise_and_error_while_waiting(modules, emulator):
    emulator.state.task_seconds = (1, 2)
    extras = emulator.zone("demo-ovh", "example.com").extras

    def disabled_elsewhere():
        # Another client disables DNSSEC as soon as the enable is over (done at once, for brevity).
        with emulator.state.lock:
            if extras.dnssec_status(emulator.state.now()) == "enabled":
                extras.dnssec, extras.dnssec_task = "disabled", None
    with modules.clock.during_waits(disabled_elsewhere):
        rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (1, True, "disabled"), result
    assert result["msg"] == "DNSSEC of example.com ended disabled instead of enabled"
    assert writes(emulator) == [("POST", ZONE + "/dnssec", 200)]
    emulator.clear_log()

    def failing_read():
        emulator.add_fault(status=500, method="GET", path=ZONE + "/dnssec")
    with modules.clock.during_waits(failing_read):
        rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    emulator.clear_faults()
    # The request was taken before the read failed: changed.
    assert (rc, result["changed"], result["status"]) == (1, True, 500), result
    assert result["msg"].startswith("GET /domain/zone/example.com/dnssec failed: HTTP 500, Server::InternalServerError "
                                    "(INTERNAL_SERVER_ERROR): Internal server error [QueryID: EU.ext-1."), result["msg"]
    assert result["query_id"] and result["query_id"] in result["msg"]
    assert writes(emulator) == [("POST", ZONE + "/dnssec", 200)]
    assert [entry["status"] for entry in emulator.log if entry["method"] == "GET" and entry["path"] == ZONE + "/dnssec"] == [200, 200, 500]


def test_refused_writes_report_no_change(modules, emulator):
    # A write the API refuses changed nothing: changed is false and the result shows the state as it is.
    emulator.add_fault(status=500, method="POST", path=ZONE + "/dnssec")
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (1, False, 500), result
    assert result["msg"].startswith("POST /domain/zone/example.com/dnssec failed: HTTP 500"), result["msg"]
    emulator.clear_faults()
    single = "/ip/203.0.113.50%2F32/reverse/203.0.113.50"
    for method, args in (("DELETE", {"state": "absent"}), ("POST", {"reverse": "other.example.com"})):
        emulator.add_fault(status=500, method=method, path=single if method == "DELETE" else "/ip/203.0.113.50%2F32/reverse")
        rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", dict({"ip": "203.0.113.50"}, **args), "--diff")
        emulator.clear_faults()
        assert (rc, result["changed"], result["status"]) == (1, False, 500), result
        assert result["reverse"] == result["previous_reverse"] and result["previous_reverse"], result
        assert "diff" not in result and result["msg"].startswith("%s /ip/203.0.113.50%%2F32/reverse" % method), result["msg"]


# --- DynHost, reverse DNS, dedicated server info ------------------------------------------

def test_dynhost_login_bad_input_and_api_errors(modules, emulator):
    login = ZONE + "/dynHost/login/example.com-home"
    args = {"zone": "example.com", "login_suffix": "home", "subdomain": "office", "update_password": "always",
            "password": "OfficeSecret-9d2c"}
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dynhost_login", dict(args, subdomain="bad sub"))
    assert rc == 1 and result["msg"] == "subdomain 'bad sub' is not a valid DNS name relative to the zone", result
    assert emulator.log == []
    emulator.add_fault(status=500, method="GET", path=login)
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], result["status"]) == (1, False, 500), result
    assert result["msg"].startswith("GET %s failed: HTTP 500, Server::InternalServerError" % login) and "[QueryID: EU." in result["msg"]
    assert emulator.writes() == []
    # The subdomain is moved, then the password change fails: changed, and the password is the old one.
    emulator.add_fault(status=500, method="POST", path=login + "/changePassword")
    rc, result, output = modules.run("signet.ovh.ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], result["status"]) == (1, True, 500), result
    assert result["msg"].startswith("POST %s/changePassword failed: HTTP 500" % login) and "[QueryID: EU." in result["msg"]
    assert "OfficeSecret-9d2c" not in output
    assert writes(emulator) == [("PUT", login, 200), ("POST", login + "/changePassword", 500)]
    stored = emulator.zone("demo-ovh", "example.com").extras.dynhost_logins["example.com-home"]
    assert stored == {"subDomain": "office", "password": DEMO_DYNHOST_PASSWORD}


def test_dynhost_record_update_refused(modules, emulator):
    emulator.add_fault(status=500, method="PUT", path=ZONE + "/dynHost/record/*")
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "home", "ip": "203.0.113.51"})
    assert (rc, result["changed"], result["status"]) == (1, False, 500), result
    # (The id in the message is masked: the demo secrets hold "00000001", as the record id does.)
    assert result["msg"].startswith("PUT /domain/zone/example.com/dynHost/record/") and "[QueryID: EU." in result["msg"]
    assert " failed: HTTP 500, Server::InternalServerError (INTERNAL_SERVER_ERROR): Internal server error" in result["msg"]
    assert [(method, status) for method, _path, status in writes(emulator)] == [("PUT", 500)]
    records = emulator.zone("demo-ovh", "example.com").extras.dynhost_records.values()
    assert [record["ip"] for record in records if record["subDomain"] == "home"] == ["203.0.113.50"]


def test_reverse_read_errors(modules, emulator):
    single = "/ip/203.0.113.50%2F32/reverse/203.0.113.50"
    # Listed, then gone before it is read (404): no reverse, nothing to delete.
    emulator.add_fault(status=404, method="GET", path=single)
    rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", {"ip": "203.0.113.50", "state": "absent"})
    assert (rc, result["changed"], result["previous_reverse"]) == (0, False, None), result
    assert sent(emulator) == [("GET", "/ip/203.0.113.50%2F32/reverse"), ("GET", single)] and emulator.writes() == []
    emulator.clear_log()
    emulator.add_fault(status=500, method="GET", path=single)
    rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", {"ip": "203.0.113.50", "state": "absent"})
    assert (rc, result["changed"], result["status"]) == (1, False, 500), result
    assert result["msg"].startswith("GET %s failed: HTTP 500, Server::InternalServerError" % single) and "[QueryID: EU." in result["msg"]
    assert emulator.writes() == []
    # A block given that is not the account's: the API's 404 as is, without the hint to name a block.
    emulator.clear_log()
    rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", {"ip": "192.0.2.1", "ip_block": "192.0.2.0/24", "reverse": "a.example.com"})
    assert (rc, result["changed"], result["status"], result["ip_block"]) == (1, False, 404, "192.0.2.0/24"), result
    assert result["msg"].startswith("GET /ip/192.0.2.0%2F24/reverse failed: HTTP 404, Client::NotFound (NOT_FOUND): "
                                    "The requested object (ip = 192.0.2.0/24) does not exist [QueryID: EU."), result["msg"]
    assert "ip_block" not in result["msg"]
    assert sent(emulator) == [("GET", "/ip/192.0.2.0%2F24/reverse")]


def test_zone_export_that_is_not_text(modules, emulator, monkeypatch):
    tamper(monkeypatch, "GET", "/domain/zone/{zoneName}/export", lambda text: {"zoneFile": text})
    rc, result, _output = modules.run("signet.ovh.ovh_dns_zone_info", {"zone": "example.com", "export": True})
    assert (rc, result.get("changed", False), result["status"]) == (1, False, 200), result
    assert result["msg"].startswith("GET /domain/zone/example.com/export failed: HTTP 200: unexpected answer: an object instead of "
                                    "the zone file's text ({\"zoneFile\": \"$TTL 3600"), result["msg"]
    assert result["query_id"] and result["msg"].endswith("[QueryID: %s]" % result["query_id"])
    assert sent(emulator)[-1] == ("GET", ZONE + "/export") and emulator.writes() == []


def test_dedicated_server_info_api_error(modules, emulator):
    emulator.add_fault(status=500, method="GET", path="/dedicated/server")
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_info", {})
    assert (rc, result.get("changed", False), result["status"]) == (1, False, 500), result
    assert result["msg"].startswith("GET /dedicated/server failed: HTTP 500, Server::InternalServerError") and "[QueryID: EU." in result["msg"]
    assert sent(emulator) == [("GET", "/dedicated/server")]


# --- reinstallation and ovh_api_call's wait -----------------------------------------------

SERVER_TASK = "/dedicated/server/{serviceName}/task/{taskId}"


def test_install_waits_for_the_running_reinstallation_of_another_system(modules, emulator):
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": BUSY, "operating_system": "debian12_64", "wait": True, "poll_interval": 60})
    assert rc == 0, result
    assert (result["changed"], result["started"], result["already_running"]) == (False, False, True)
    assert (result["task"]["status"], result["operating_system"]) == ("done", "ubuntu2404-server_64")
    assert result["warnings"] == ["the reinstallation that was running installed ubuntu2404-server_64, not debian12_64; "
                                  "run the task again to install debian12_64"]
    assert emulator.writes() == []


def test_malformed_reinstall_task(modules, emulator, monkeypatch):
    # The reinstallation already running is found (a first, whole read), then read without its status.
    tamper(monkeypatch, "GET", SERVER_TASK, but_the_first(without("status")))
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": BUSY, "operating_system": "debian12_64", "wait": True, "poll_interval": 60})
    assert (rc, result["changed"], result["started"], result["already_running"]) == (1, False, False, True), result
    task_path = "/dedicated/server/%s/task/%d" % (BUSY, result["task"]["task_id"])
    assert result["msg"].startswith("GET %s answered {" % task_path) and result["msg"].endswith("}, not a dedicated server task")
    assert "'function': 'reinstallServer'" in result["msg"] and "'status'" not in result["msg"]
    assert emulator.writes() == []
    # ovh_api_call's wait: the call's answer is kept, without a task.
    tamper(monkeypatch, "GET", SERVER_TASK, without("status"))
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"method": "POST", "path": "/dedicated/server/%s/reinstall" % WEB,
                                                                  "body": {"operatingSystem": "alma9_64"}, "wait": True})
    assert (rc, result["changed"], result["status"]) == (1, True, 200) and "task" not in result, result
    task_path = "/dedicated/server/%s/task/%d" % (WEB, result["json"]["taskId"])
    assert result["msg"].startswith("GET %s answered {" % task_path) and result["msg"].endswith("}, not a dedicated server task")
    assert writes(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, 200)]


def test_install_progress_unreadable(modules, emulator):
    # Not the route's 404 once the installation is over: an error, with the reinstallation started.
    emulator.add_fault(status=500, method="GET", path="/dedicated/server/%s/install/status" % WEB)
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": WEB, "operating_system": "alma9_64", "wait": True, "poll_interval": 60})
    assert (rc, result["changed"], result["started"], result["status"]) == (1, True, True, 500), result
    assert result["msg"].startswith("GET /dedicated/server/%s/install/status failed: HTTP 500, Server::InternalServerError" % WEB)
    assert "[QueryID: EU." in result["msg"] and result["task"]["status"] in ("init", "todo", "doing")
    assert writes(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, 200)]


# --- ovh_consumer_key ---------------------------------------------------------------------

def consumer_key_args(modules, **extra):
    credentials = modules.module_credentials()
    del credentials["consumer_key"]
    return dict(credentials, access_rules=[{"path": "/me", "method": "GET"}], **extra)


def test_consumer_key_expiring_by_the_server_clock_is_replaced(modules, emulator):
    # The client's idea of the server time is 50 s ahead (within the API's 60 s signature window):
    # a key the API still takes, expiring in 30 s, is expired by the server time the module reckons with.
    seed_time_offset(modules.cache, emulator.base_url, 50)
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], validity=30)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, consumer_key=key), credentials=False)
    assert (rc, result["changed"], result["status"]) == (0, True, "pendingValidation"), result
    assert result["msg"] == "the configured consumer key (option consumer_key) is expired; a new consumer key was requested"
    assert [(entry["path"], entry["status"]) for entry in emulator.log] == [("/auth/currentCredential", 200), ("/auth/credential", 200)]
    (pending,) = emulator.pending_validations()
    assert result["consumer_key"] == pending["consumer_key"] and key not in output


def test_consumer_key_store_in_unwritable(modules, emulator, tmp_path):
    # A missing directory is found before any request: no key is created that nobody stores.
    store_in = tmp_path / "missing" / "ovh.conf"
    rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, store_in=str(store_in)), credentials=False)
    assert rc == 1 and result["msg"] == "store_in: directory %s does not exist" % store_in.parent, result
    assert writes(emulator) == [] and emulator.pending_validations() == []
    # The directory goes away while the module waits for the approval: the failure says the key
    # was created, with its validation URL, and changed is true.
    store_in = tmp_path / "vanishing" / "ovh.conf"
    store_in.parent.mkdir()

    def approve_and_remove(item):
        emulator.validate_consumer_key(item["consumer_key"])
        shutil.rmtree(str(store_in.parent))  # the lock file held beside ovh.conf included
    with Customer(emulator, approve_and_remove, clock=modules.clock) as customer:
        rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, store_in=str(store_in), wait=True),
                                          credentials=False)
    validation_url = customer.answered[0]["validation_url"]
    assert (rc, result["changed"], result["status"], result["validation_url"]) == (1, True, "validated", validation_url), result
    assert result["msg"] == ("store_in: directory %s does not exist; the consumer key was created (validation URL: %s) but is not "
                             "stored: run the task again once store_in can be written" % (store_in.parent, validation_url))
    assert customer.answered[0]["consumer_key"] not in _output
    assert writes(emulator) == [("POST", "/auth/credential", 200)]


def test_consumer_key_answer_without_the_key(modules, emulator, monkeypatch):
    tamper(monkeypatch, "POST", "/auth/credential", without("consumerKey"))
    rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules), credentials=False)
    assert (rc, result["changed"], result["consumer_key"]) == (1, True, None), result
    assert result["msg"] == "POST /auth/credential answered without a consumer key: ['state', 'validationUrl']"
    assert writes(emulator) == [("POST", "/auth/credential", 200)]


# --- the collection's cache directory -----------------------------------------------------

def test_cache_directory_unusable(modules, emulator, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    cache = blocker / "signet.ovh"
    env = {"XDG_CACHE_HOME": str(blocker)}
    # The server-time offset cannot be kept: said, and the call is made all the same.
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, env=env)
    assert rc == 0 and result["json"]["nichandle"] == "demo-ovh", result
    assert result["warnings"] == ["signet.ovh: cannot lock %s: Not a directory: the server-time offset %r could not be recorded; "
                                  "the next tasks fetch the server time again" % (cache / "time-offsets.json", emulator.base_url)]
    assert [entry["path"] for entry in emulator.log] == ["/auth/time", "/me"]
    # rate_limit shares its slots through the cache: without it, nothing is sent.
    emulator.clear_log()
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "rate_limit": 5}, env=env)
    assert (rc, result["changed"], result["status"]) == (1, False, None), result
    assert result["msg"] == ("GET /auth/time failed: rate_limit: cannot lock %s: Not a directory (the request was not sent) "
                             "[QueryID: none]" % (cache / "rate-limit.json"))
    assert emulator.log == []
