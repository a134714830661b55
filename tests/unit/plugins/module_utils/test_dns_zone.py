"""module_utils/dns_zone.py: zone state, DNSSEC, DynHost against the emulator: the exact requests, and waits driven by the emulator's clock (no real sleep).
The zone info reads (read_zone_info, read_pending_tasks) on scripted answers: what hand mutants
changed unnoticed (tests/MUTATION.md): tasks of every pending state, oldest first."""

import pytest

from api_log import sent
from module_runner import EmulatorTime

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.dns_zone import (
    DNSSEC, DNSSEC_FINAL, dynhost_login_name, read_dnssec, read_dynhost_login, read_dynhost_records, read_pending_tasks, read_zone_info,
    request_dnssec)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, WaitTimeout, poll


def test_zone_info_requests(client, emulator):
    info = read_zone_info(client, "example.com", export=True)
    assert sent(emulator) == [
        ("GET", "/domain/zone/example.com"), ("GET", "/domain/zone/example.com/status"),
        ("GET", "/domain/zone/example.com/dnssec"), ("GET", "/domain/zone/example.com/capabilities"),
        ("GET", "/domain/zone/example.com/task?status=todo"), ("GET", "/domain/zone/example.com/task?status=doing"),
        ("GET", "/domain/zone/example.com/export")]
    assert info["deployment"] == {"is_deployed": True, "errors": [], "warnings": []}
    assert info["dnssec"] == {"status": "disabled"} and info["pending_tasks"] == [] and info["capabilities"] == {"dyn_host": True}
    assert "192.0.2.10" in info["zone_file"] and info["zone"]["name_servers"] == ["dns1.ovh.net", "ns1.ovh.net"]
    assert "nameServers" not in info["zone"] and info["zone"]["name"] == "example.com"


def test_dnssec_wait_moves_in_emulator_time(client, emulator):
    emulator.state.task_seconds = (5, 25)
    request_dnssec(client, "example.com", True)
    time = EmulatorTime(emulator)
    status = poll(lambda: read_dnssec(client, "example.com"), lambda s: s in DNSSEC_FINAL, 600, sleep=time.sleep, clock=time.clock)
    assert status == "enabled"
    assert time.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]  # 35 s of emulator time, none of the machine's
    assert sent(emulator) == [("POST", "/domain/zone/example.com/dnssec")] + [("GET", "/domain/zone/example.com/dnssec")] * 7
    pending = read_zone_info(client, "example.com")["pending_tasks"]
    assert pending == []


def test_dnssec_wait_times_out(client, emulator):
    emulator.state.task_seconds = (5, 3600)
    request_dnssec(client, "example.com", True)
    time = EmulatorTime(emulator)
    with pytest.raises(WaitTimeout) as caught:
        poll(lambda: read_dnssec(client, "example.com"), lambda s: s in DNSSEC_FINAL, 30, "DNSSEC", sleep=time.sleep, clock=time.clock)
    assert caught.value.last == "enableInProgress" and time.now == 30
    tasks = read_zone_info(client, "example.com")["pending_tasks"]
    assert [(t["function"], t["status"]) for t in tasks] == [("DnssecEnable", "doing")]
    assert "creation_date" in tasks[0] and "creationDate" not in tasks[0]
    # A second request while one is in progress is refused by the API: the module never sends it.
    with pytest.raises(OvhApiError) as refused:
        request_dnssec(client, "example.com", True)
    assert refused.value.status == 409


def test_dynhost_reads_match_names_exactly(client, emulator):
    client.post("/domain/zone/example.com/dynHost/record", {"ip": "203.0.113.9", "subDomain": "homeX"})
    emulator.clear_log()
    records = read_dynhost_records(client, "example.com", "home")
    assert [(r["subdomain"], r["ip"]) for r in records] == [("home", "203.0.113.50")]
    assert sent(emulator) == [("GET", "/domain/zone/example.com/dynHost/record?subDomain=home"),
                              ("GET", "/domain/zone/example.com/dynHost/record/%d" % records[0]["id"])]
    assert read_dynhost_login(client, "example.com", "example.com-home") == {"login": "example.com-home", "subdomain": "home", "zone": "example.com"}
    assert read_dynhost_login(client, "example.com", "example.com-nobody") is None


class Answers(object):
    """A client that answers from a dict {path: answer}, checking shapes like OvhClient."""

    def __init__(self, answers):
        self.answers = answers

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        answer = self.answers[path]
        if shape is not None and shape.problem(answer):
            raise OvhApiError("GET", path, 200, message="unexpected answer: %s" % shape.problem(answer))
        return answer


def test_unexpected_answers_are_refused():
    with pytest.raises(OvhApiError) as caught:
        read_dnssec(Answers({"/domain/zone/example.com/dnssec": {"state": "enabled"}}), "example.com")
    assert "an object without status" in str(caught.value)
    with pytest.raises(OvhApiError) as caught:
        read_dnssec(Answers({"/domain/zone/example.com/dnssec": {"status": "sleeping"}}), "example.com")
    assert "unexpected DNSSEC status 'sleeping'" in str(caught.value)
    assert DNSSEC.problem({"status": "enabled"}) is None


def test_dynhost_login_name():
    assert dynhost_login_name("example.com", "office.1_a-b") == "example.com-office.1_a-b"
    assert dynhost_login_name("example.com", "x" * 31) == "example.com-" + "x" * 31
    for bad in ("", "x" * 32, "office\n", "a/b", "a b", "../x", "é"):
        with pytest.raises(InputError, match="login_suffix"):
            dynhost_login_name("example.com", bad)


class ScriptedClient(object):
    def __init__(self, answers, ids_by_status):
        self.answers = answers
        self.ids_by_status = ids_by_status
        self.calls = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.calls.append((path, query))
        if path.endswith("/task"):
            return list(self.ids_by_status.get(query["status"], []))
        return self.answers[path]

    def get_many(self, collection, ids, suffix="", shape=None):
        self.calls.append((collection, tuple(ids)))
        return dict((task_id, {"id": task_id, "function": "f", "status": "todo"}) for task_id in ids)


ZONE_ANSWERS = {
    "/domain/zone/example.com": {"name": "example.com", "nameServers": ["dns1.ovh.net"]},
    "/domain/zone/example.com/status": {"isDeployed": True},
    "/domain/zone/example.com/dnssec": {"status": "disabled"},
    "/domain/zone/example.com/capabilities": {"dynHost": True},
    "/domain/zone/example.com/export": "$TTL 3600\n",
}


def test_pending_tasks_of_every_pending_state_oldest_first():
    client = ScriptedClient({}, {"todo": [9, 4], "doing": [7]})
    tasks = read_pending_tasks(client, "example.com")
    assert [task["id"] for task in tasks] == [4, 7, 9]
    assert [query["status"] for path, query in client.calls[:-1]] == list(TASK_KINDS["domain_zone"].pending) == ["todo", "doing"]
    assert client.calls[-1] == ("/domain/zone/example.com/task", (4, 7, 9))


def test_zone_info_with_and_without_export():
    client = ScriptedClient(ZONE_ANSWERS, {"doing": [3]})
    info = read_zone_info(client, "example.com")
    assert "zone_file" not in info
    assert info["dnssec"] == {"status": "disabled"} and info["deployment"] == {"is_deployed": True}
    assert [task["id"] for task in info["pending_tasks"]] == [3]
    info = read_zone_info(client, "example.com", export=True)
    assert info["zone_file"] == "$TTL 3600\n"
