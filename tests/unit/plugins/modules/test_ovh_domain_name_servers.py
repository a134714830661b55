"""ovh_domain_name_servers in-process: a change of glue addresses only is a change, with its exact
write; the rerun changes nothing (tests/MUTATION.md, mutant D1). An update already running waited
for, refusals, failed and malformed tasks, the exact requests."""

import json

from api_log import sent, write_statuses
from emulator import routes
from tamper import ORIGINAL_ROUTES, tamper, without

GLUE = [{"host": "ns1.example.org", "ip": "192.0.2.53"}, {"host": "ns2.example.org", "ip": "192.0.2.54"}]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_a_glue_only_change_is_sent_and_then_idempotent(modules, emulator):
    rc, result, output = modules.run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": GLUE})
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    moved = [dict(GLUE[0], ip="192.0.2.99"), GLUE[1]]
    rc, result, output = modules.run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": moved})
    assert rc == 0 and result["changed"], output
    assert result["name_servers"] == moved
    assert writes(emulator) == [("POST", "/domain/example.org/nameServers/update", {"nameServers": moved})]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": moved})
    assert rc == 0 and not result["changed"], output
    assert emulator.writes() == []


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
    assert (rc, result["changed"], result["http_status"]) == (1, False, 409), result
    assert result["msg"].startswith("POST /domain/example.org/nameServers/update failed: HTTP 409, Client::Conflict (CONFLICT): "
                                    "A name server update of this domain is already in progress [QueryID: EU.ext-1."), result["msg"]
    assert write_statuses(emulator) == [("POST", "/domain/example.org/nameServers/update", 200),
                                        ("POST", "/domain/example.org/nameServers/update", 409)]


def test_name_servers_task_failures(modules, emulator, monkeypatch):
    emulator.state.task_seconds = (0, 0)  # each update is over at once: the next one is not refused
    tamper(monkeypatch, "GET", DOMAIN_TASK, lambda task: dict(task, status="error", comment="The registry refused ns1.example.net"))
    rc, result, _output = modules.run("signet.ovh.ovh_domain_name_servers", name_servers("example.com"))
    assert (rc, result["changed"], result["task"]["status"]) == (1, True, "error"), result
    assert result["msg"] == "the name server update failed: domain task %d of example.com ended error: \"The registry refused " \
                            "ns1.example.net\"" % result["task"]["id"]
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
    assert (rc, result["changed"], result["http_status"]) == (1, True, 500), result
    assert result["msg"].startswith("GET /domain/example.com/task/")
    assert " failed: HTTP 500, Server::InternalServerError (INTERNAL_SERVER_ERROR): Internal server error [QueryID: " in result["msg"]
    assert [status for _method, path, status in write_statuses(emulator) if path == "/domain/example.com/nameServers/update"] == [200, 200]


def test_name_servers(logged_run, emulator):
    emulator.state.task_seconds = (0, 0)
    wanted = [{"host": "ns1.example.com", "ip": "192.0.2.53"}, {"host": "ns2.example.net"}]
    rc, result, _output, requests = logged_run("ovh_domain_name_servers", {"domain": "example.com", "name_servers": wanted})
    assert rc == 0 and result["changed"] and result["task"]["status"] == "done"
    task_id = result["task"]["id"]
    assert requests == [("GET", "/domain/example.com/nameServer"), ("GET", "/domain/example.com/nameServer/1000001,1000002"),
                        ("POST", "/domain/example.com/nameServers/update"), ("GET", "/domain/example.com/task/%d" % task_id)]
    rc, result, _output, requests = logged_run("ovh_domain_name_servers", {"domain": "example.com", "name_servers": wanted[::-1]})
    assert (rc, result["changed"], len(requests)) == (0, False, 2) and all(method == "GET" for method, _path in requests)
    # A registry that takes its time: the wait runs out with a clear message, the update stays requested.
    emulator.state.task_seconds = (0, 3600)
    rc, result, _output, requests = logged_run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": wanted[1:], "wait_timeout": 0})
    assert rc == 1 and result["changed"] and "still pending after 0 seconds" in result["msg"]
    assert [method for method, _path in requests] == ["GET", "GET", "POST", "GET"]
