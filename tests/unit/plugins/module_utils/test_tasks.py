"""module_utils/tasks.py: task kinds, their paths and states, polling. Pins what hand mutants of the
file changed unnoticed (tests/MUTATION.md): unknown states, URL-quoting, the deadline."""

import json
import os

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils import tasks
from ansible_collections.signet.ovh.plugins.module_utils.tasks import (
    TASK_KINDS, TaskFailed, WaitTimeout, poll, task_of_call, wait_for_task)


class ScriptedClient(object):
    """Answers GET with the next answer of a script, and keeps the paths asked."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.paths = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.paths.append(path)
        return self.answers.pop(0)


class FakeTime(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def marker(kind):
    """The field that tells a task of this kind from a resource (a cloud.Operation's action), if any."""
    return {kind.marker_field: "an action"} if kind.marker_field else {}


@pytest.mark.parametrize("name", sorted(TASK_KINDS))
def test_an_unknown_state_is_final_and_fails_the_wait(name):
    kind = TASK_KINDS[name]
    task = dict({kind.id_field: 7, kind.status_field: "somethingNew", "comment": "new state", "type": "rebootVm", "progress": 40},
                **marker(kind))
    assert kind.is_final(task)
    fake = FakeTime()
    client = ScriptedClient(task)
    with pytest.raises(TaskFailed) as caught:
        wait_for_task(client, kind, "svc", 7, 60, sleep=fake.sleep, clock=fake.clock)
    # A VPS task has no comment: its type and progress say what ended.
    comment = {"comment": "new state", "action": "an action"}.get(kind.comment_field)
    assert ('ended somethingNew: "%s"' % comment if kind.comment_field else 'ended somethingNew: "rebootVm", progress 40%') in str(caught.value)
    assert fake.sleeps == [] and len(client.paths) == 1


@pytest.mark.parametrize("name", sorted(TASK_KINDS))
def test_pending_then_done(name):
    kind = TASK_KINDS[name]
    pending = [dict({kind.id_field: 7, kind.status_field: state}, **marker(kind)) for state in kind.pending]
    fake = FakeTime()
    client = ScriptedClient(*(pending + [dict({kind.id_field: 7, kind.status_field: kind.done[0]}, **marker(kind))]))
    task = wait_for_task(client, kind, "svc", 7, 600, sleep=fake.sleep, clock=fake.clock)
    assert task[kind.status_field] == kind.done[0]
    assert len(fake.sleeps) == len(kind.pending)


@pytest.mark.parametrize("name", sorted(TASK_KINDS))
def test_failed_states_fail_the_wait(name):
    kind = TASK_KINDS[name]
    for state in kind.failed:
        with pytest.raises(TaskFailed):
            wait_for_task(ScriptedClient(dict({kind.id_field: 1, kind.status_field: state}, **marker(kind))), kind, "svc", 1, 60,
                          sleep=FakeTime().sleep, clock=FakeTime().clock)


def test_task_paths_quote_the_service_and_the_task():
    assert TASK_KINDS["ip"].path("203.0.113.0/24", 5) == "/ip/203.0.113.0%2F24/task/5"
    assert TASK_KINDS["dedicated_server"].path("a b", "x/y") == "/dedicated/server/a%20b/task/x%2Fy"
    client = ScriptedClient({"taskId": 5, "status": "done"})
    wait_for_task(client, TASK_KINDS["ip"], "2001:db8::/64", 5, 60, sleep=FakeTime().sleep, clock=FakeTime().clock)
    assert client.paths == ["/ip/2001%3Adb8%3A%3A%2F64/task/5"]


def test_task_of_call_unquotes_the_service():
    kind, service, task_id = task_of_call("/ip/203.0.113.0%2F24/move", {"taskId": 9, "status": "todo"})
    assert kind is TASK_KINDS["ip"] and service == "203.0.113.0/24" and task_id == 9
    kind, service, task_id = task_of_call("/domain/zone/example.com/refresh", {"id": 3, "status": "todo"})
    assert kind is TASK_KINDS["domain_zone"] and service == "example.com"
    kind, service, dummy = task_of_call("/domain/example.com/nameServers/update", {"id": 4, "status": "todo"})
    assert kind is TASK_KINDS["domain"] and service == "example.com"
    kind, service, task_id = task_of_call("/vps/vps-1.vps.ovh.net/reboot", {"id": 5, "state": "todo", "type": "rebootVm"})
    assert kind is TASK_KINDS["vps"] and service == "vps-1.vps.ovh.net" and task_id == 5
    assert task_of_call("/domain/zone/example.com/refresh", None) is None
    assert task_of_call("/me", {"id": 1, "status": "todo"}) is None


def test_poll_never_sleeps_past_the_deadline():
    fake = FakeTime()
    with pytest.raises(WaitTimeout) as caught:
        poll(lambda: "pending", lambda answer: False, 2.5, sleep=fake.sleep, clock=fake.clock)
    assert fake.sleeps == [1.0, 1.5]
    assert caught.value.last == "pending" and caught.value.timeout == 2.5


def test_poll_backs_off_from_the_first_delay_to_the_maximum():
    fake = FakeTime()
    answers = iter(range(8))
    assert poll(lambda: next(answers), lambda answer: answer == 6, 600, sleep=fake.sleep, clock=fake.clock) == 6
    assert fake.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_wait_for_task_polls_at_most_every_poll_interval():
    fake = FakeTime()
    client = ScriptedClient(*([{"id": 1, "status": "todo"}] * 3 + [{"id": 1, "status": "done"}]))
    wait_for_task(client, TASK_KINDS["domain"], "example.com", 1, 600, poll_interval=0.5, sleep=fake.sleep, clock=fake.clock)
    assert fake.sleeps == [0.5, 0.5, 0.5]


def test_a_task_read_that_is_not_a_task_is_refused():
    with pytest.raises(ValueError, match="not a domain task"):
        wait_for_task(ScriptedClient({"status": "done"}), TASK_KINDS["domain"], "example.com", 1, 60,
                      sleep=FakeTime().sleep, clock=FakeTime().clock)


def test_a_huge_answer_that_is_not_a_task_is_cut_in_the_message():
    with pytest.raises(ValueError, match="not a IP task") as caught:
        wait_for_task(ScriptedClient({"comment": "x" * 100000}), TASK_KINDS["ip"], "203.0.113.7/32", 1, 60,
                      sleep=FakeTime().sleep, clock=FakeTime().clock)
    assert len(str(caught.value)) < 2100 and "..." in str(caught.value)


def test_vps_task_states_are_those_of_the_schema():
    """Every state of vps.TaskStateEnum is pending, done or failed, and only those."""
    schema = os.path.join(os.path.dirname(__file__), "..", "..", "..", "emulator", "schemas", "openapi3-vps.json")
    with open(schema, encoding="utf-8") as handle:
        states = json.load(handle)["components"]["schemas"]["vps.TaskStateEnum"]["enum"]
    kind = TASK_KINDS["vps"]
    assert sorted(kind.pending + kind.done + kind.failed) == sorted(states)


@pytest.mark.parametrize("path, answer, found", [
    ("/dedicated/server/ns1.eu/reinstall", {"taskId": 5, "status": "init"}, ("dedicated server", "ns1.eu", 5)),
    ("/domain/zone/example.com/import", {"id": 7, "status": "todo"}, ("DNS zone", "example.com", 7)),
    ("/domain/example.com/nameServers/update", {"id": 8, "status": "todo"}, ("domain", "example.com", 8)),
    ("/ip/203.0.113.0%2F29/move", {"taskId": 9, "status": "todo"}, ("IP", "203.0.113.0/29", 9)),
    ("/dedicated/server/ns1.eu", {"name": "ns1.eu"}, None),
    ("/me", {"taskId": 1, "status": "todo"}, None),
])
def test_task_of_call(path, answer, found):
    result = tasks.task_of_call(path, answer)
    assert (None if result is None else (result[0].product, result[1], result[2])) == found


def test_a_failed_tasks_comment_is_quoted_never_raw():
    # API text in a message: control characters escaped, a template left inert, a huge comment cut.
    kind = TASK_KINDS["dedicated_server"]
    task = {"taskId": 9, "status": "ovhError", "comment": "line\nbreak {{ lookup('pipe', 'id') }}" + "x" * 300}
    message = str(TaskFailed(kind, "svc", task))
    assert "\n" not in message and "line\\nbreak {{ lookup('pipe', 'id') }}" in message
    assert message.endswith('..."') and len(message) < 250
