"""module_utils/domain.py: name server lists, checked and compared, and their update against the
emulator (exact requests, the task waited on in emulator time). Pins what hand mutants of the file
changed unnoticed (tests/MUTATION.md): glue-only changes, duplicates, glue outside the domain."""

import pytest

from api_log import sent
from module_runner import EmulatorTime

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.domain import (
    current_set, pending_update_tasks, read_name_servers, same_set, update_name_servers, wanted_name_servers)
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task


def test_a_glue_only_change_is_a_change():
    before = [{"host": "ns1.example.org", "ip": "192.0.2.53"}]
    assert same_set(before, [{"host": "ns1.example.org", "ip": "192.0.2.53"}])
    assert not same_set(before, [{"host": "ns1.example.org", "ip": "192.0.2.54"}])
    assert not same_set(before, [{"host": "ns1.example.org", "ip": None}])
    assert same_set([{"host": "a.example.net", "ip": None}, {"host": "b.example.net", "ip": None}],
                    [{"host": "b.example.net", "ip": None}, {"host": "a.example.net", "ip": None}])


def test_wanted_name_servers_are_normalised():
    assert wanted_name_servers("example.org", [{"host": "NS1.Example.ORG.", "ip": "192.0.2.53"}, {"host": "dns1.ovh.net"}]) == [
        {"host": "ns1.example.org", "ip": "192.0.2.53"}, {"host": "dns1.ovh.net", "ip": None}]


@pytest.mark.parametrize("items, message", [
    ([{"host": "ns1.example.net"}, {"host": "NS1.example.net."}], "name_servers[1]: ns1.example.net is listed twice"),
    ([{"host": "ns1.notexample.org", "ip": "192.0.2.53"}], "name_servers[0]: an ip (glue record) is only for a name server inside"),
    ([{"host": "ns1.example.net", "ip": "192.0.2.53"}], "only for a name server inside example.org, not ns1.example.net"),
    ([], "name_servers must list at least one name server"),
])
def test_wanted_name_servers_refused(items, message):
    with pytest.raises(InputError) as caught:
        wanted_name_servers("example.org", items)
    assert message in str(caught.value)


def test_glue_at_the_domain_itself_is_allowed():
    assert wanted_name_servers("example.org", [{"host": "example.org", "ip": "192.0.2.1"}]) == [{"host": "example.org", "ip": "192.0.2.1"}]


def test_current_set_leaves_out_servers_being_deleted():
    entries = [{"host": "old.example.net.", "ip": None, "toDelete": True}, {"host": "New.example.net", "ip": None, "toDelete": False}]
    assert current_set(entries) == [{"host": "new.example.net", "ip": None}]


class ScriptedClient(object):
    def __init__(self, ids):
        self.ids = ids
        self.queries = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.queries.append((path, query))
        return list(self.ids.get(query["status"], []))


def test_pending_update_tasks_ask_for_name_server_updates_only():
    client = ScriptedClient({"todo": [5, 3], "doing": [3, 8]})
    assert pending_update_tasks(client, "example.org") == [3, 5, 8]
    assert client.queries == [("/domain/example.org/task", {"function": "DomainDnsUpdate", "status": "todo"}),
                              ("/domain/example.org/task", {"function": "DomainDnsUpdate", "status": "doing"})]


def test_name_server_update_requests_and_task(client, emulator):
    emulator.state.task_seconds = (2, 10)
    wanted = wanted_name_servers("example.com", [{"host": "NS1.example.com.", "ip": "192.0.2.53"}, {"host": "ns.example.net"}])
    before = current_set(read_name_servers(client, "example.com"))
    assert not same_set(before, wanted)
    task = update_name_servers(client, "example.com", wanted)
    assert task["function"] == "DomainDnsUpdate" and task["status"] == "todo"
    entries = read_name_servers(client, "example.com")
    assert same_set(current_set(entries), wanted)  # what the domain moves to counts as current: a rerun sends nothing
    assert pending_update_tasks(client, "example.com") == [task["id"]]
    time = EmulatorTime(emulator)
    final = wait_for_task(client, TASK_KINDS["domain"], "example.com", task["id"], 60, sleep=time.sleep, clock=time.clock)
    assert final["status"] == "done" and time.sleeps == [1.0, 2.0, 4.0, 8.0]
    ids = [e["id"] for e in read_name_servers(client, "example.com")]
    log = sent(emulator)
    assert log[:4] == [("GET", "/domain/example.com/nameServer"), ("GET", "/domain/example.com/nameServer/1000001,1000002"),
                       ("POST", "/domain/example.com/nameServers/update"), ("GET", "/domain/example.com/nameServer")]
    assert ("GET", "/domain/example.com/task?function=DomainDnsUpdate&status=todo") in log
    assert log.count(("GET", "/domain/example.com/task/%d" % task["id"])) == 5
    assert len(ids) == 2


@pytest.mark.parametrize("items, message", [
    ([], "at least one"),
    ([{"host": "bad host"}], "not a valid host name"),
    ([{"host": "a.example.net"}, {"host": "A.example.net."}], "listed twice"),
    ([{"host": "ns1.example.com", "ip": "192.0.2.300"}], "not an IP address"),
    ([{"host": "dns1.ovh.net", "ip": "192.0.2.1"}], "only for a name server inside example.com"),
])
def test_bad_name_servers(items, message):
    with pytest.raises(ValueError) as caught:
        wanted_name_servers("example.com", items)
    assert message in str(caught.value)
