"""module_utils/domain.py: name server lists, checked and compared. Pins what hand mutants of the file
changed unnoticed (tests/MUTATION.md): glue-only changes, duplicates, glue outside the domain."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.domain import (
    current_set, pending_update_tasks, same_set, wanted_name_servers)
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError


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

    def get(self, path, query=None, shape=None):
        self.queries.append((path, query))
        return list(self.ids.get(query["status"], []))


def test_pending_update_tasks_ask_for_name_server_updates_only():
    client = ScriptedClient({"todo": [5, 3], "doing": [3, 8]})
    assert pending_update_tasks(client, "example.org") == [3, 5, 8]
    assert client.queries == [("/domain/example.org/task", {"function": "DomainDnsUpdate", "status": "todo"}),
                              ("/domain/example.org/task", {"function": "DomainDnsUpdate", "status": "doing"})]
