"""The zone info reads of module_utils/dns_zone.py (read_zone_info, read_pending_tasks): what hand
mutants changed unnoticed (tests/MUTATION.md): tasks of every pending state, oldest first."""

from ansible_collections.signet.ovh.plugins.module_utils.dns_zone import read_pending_tasks, read_zone_info
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS


class ScriptedClient(object):
    def __init__(self, answers, ids_by_status):
        self.answers = answers
        self.ids_by_status = ids_by_status
        self.calls = []

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
