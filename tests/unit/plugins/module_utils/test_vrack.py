"""module_utils/vrack.py: the member options checked, member ids compared as the API spells them, the
interface a server joins through, the running task of a member; and the vrack task kind, whose 404
after creation is done (tasks.py)."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, TaskFailed, wait_for_task
from ansible_collections.signet.ovh.plugins.module_utils.vrack import (
    Member, VrackInputError, add_member, normalize_vrack, resolve_member, running_task, wanted_member)

SERVER = "ns3001234.ip-203-0-113.eu"
NICS = "/dedicated/server/ns3001234.ip-203-0-113.eu/virtualNetworkInterface"


class Reads(list):
    """Successive answers of one path."""


class ScriptedClient(object):
    """Answers each path from a table (an exception is raised, Reads are answered in turn), batches
    included; keeps the calls."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.calls.append(("GET", path, query))
        answer = self.answers[path]
        if isinstance(answer, Reads):
            answer = answer.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get_many(self, collection, ids, shape=None):
        self.calls.append(("GET_MANY", collection, tuple(ids)))
        return dict((item_id, self.answers["%s/%s" % (collection, item_id)]) for item_id in ids
                    if "%s/%s" % (collection, item_id) in self.answers)

    def post(self, path, body=None, shape=None):
        self.calls.append(("POST", path, body))
        return {"id": 1, "function": "x", "status": "init"}


def params(**given):
    base = dict(dedicated_server=None, cloud_project=None, ip_block=None, region=None, state="present")
    base.update(given)
    return base


def test_wanted_member_normalizes_each_kind():
    assert wanted_member(params(dedicated_server=" NS3001234.ip-203-0-113.eu ")) == ("dedicated_server", SERVER, None)
    assert wanted_member(params(cloud_project="FEDCBA9876543210FEDCBA9876543210")) == (
        "cloud_project", "fedcba9876543210fedcba9876543210", None)
    assert wanted_member(params(ip_block="192.0.2.128/28", region="eu-west-gra")) == ("ip_block", "192.0.2.128/28", "eu-west-gra")
    assert wanted_member(params(ip_block="192.0.2.7", region="eu-west-gra"))[1] == "192.0.2.7/32"
    # Removing a block needs no region.
    assert wanted_member(params(ip_block="192.0.2.128/28", state="absent")) == ("ip_block", "192.0.2.128/28", None)


@pytest.mark.parametrize("given, message", [
    (dict(), "give exactly one member"),
    (dict(cloud_project="0" * 32, dedicated_server=SERVER), "give exactly one member"),
    (dict(ip_block="192.0.2.128/28"), "ip_block needs region"),
    (dict(ip_block="192.0.2.129/28", region="eu-west-gra"), "has host bits set"),
    (dict(ip_block="2001:db8::/56", region="eu-west-gra"), "IPv6 blocks"),
    (dict(ip_block="192.0.2.128/28", region="eu west"), "is not a region name"),
    (dict(ip_block="192.0.2.128/28", region="eu west", state="absent"), "is not a region name"),
    (dict(cloud_project="0" * 31), "32 hexadecimal digits"),
    (dict(dedicated_server=SERVER, region="eu-west-gra"), "does not go with dedicated_server"),
    (dict(dedicated_server="a/b"), "it holds a slash"),
])
def test_wanted_member_refuses(given, message):
    with pytest.raises(InputError, match=message):
        wanted_member(params(**given))


def test_normalize_vrack():
    assert normalize_vrack(" pn-12345 ") == "pn-12345"
    for name in ("", "pn/12345", "../pn", "pn 1"):
        with pytest.raises(VrackInputError, match="is not a vRack service name"):
            normalize_vrack(name)


def test_member_ids_compare_as_the_api_spells_them():
    assert Member("ip", "192.0.2.128/28").same_id("192.0.2.128/28")
    assert not Member("ip", "192.0.2.128/28").same_id("192.0.2.128/27")
    assert not Member("ip", "192.0.2.128/28").same_id("garbage")
    assert Member("dedicatedServer", SERVER).same_id(SERVER.upper())
    assert not Member("cloudProject", "a" * 32).same_id("A" * 32)
    block = Member("ip", "192.0.2.128/28", region="eu-west-gra")
    assert block.as_result() == {"kind": "ip", "id": "192.0.2.128/28", "region": "eu-west-gra"}


def test_a_server_without_vrack_interface_is_the_whole_server():
    client = ScriptedClient({NICS: []})
    member = resolve_member(client, "pn-1", "dedicated_server", SERVER)
    assert (member.collection, member.member_id, member.server) == ("dedicatedServer", SERVER, SERVER)
    assert client.calls == [("GET", NICS, {"mode": "vrack"})]


def test_with_several_vrack_interfaces_the_one_in_this_vrack_then_a_free_one():
    answers = {NICS: ["u1", "u2", "u3"], NICS + "/u1": {"uuid": "u1", "mode": "vrack", "vrack": "pn-other"},
               NICS + "/u2": {"uuid": "u2", "mode": "vrack", "vrack": None},
               NICS + "/u3": {"uuid": "u3", "mode": "vrack", "vrack": "pn-1"}}
    assert resolve_member(ScriptedClient(answers), "pn-1", "dedicated_server", SERVER).member_id == "u3"
    assert resolve_member(ScriptedClient(answers), "pn-2", "dedicated_server", SERVER).member_id == "u2"
    one = ScriptedClient({NICS: ["u9"]})
    assert resolve_member(one, "pn-1", "dedicated_server", SERVER).member_id == "u9"
    assert [call[0] for call in one.calls] == ["GET"]  # one interface: no item read


def test_running_task_matches_the_member_and_a_pending_status_only():
    tasks = "/vrack/pn-1/task"
    answers = {tasks: [3, 1, 2],
               tasks + "/1": {"id": 1, "function": "f", "status": "doing", "targetDomain": "198.51.100.0/28"},
               tasks + "/2": {"id": 2, "function": "f", "status": "cancelled", "targetDomain": "192.0.2.128/28"},
               tasks + "/3": {"id": 3, "function": "f", "status": "todo", "targetDomain": "192.0.2.128/28"}}
    client = ScriptedClient(answers)
    assert running_task(client, "pn-1", Member("ip", "192.0.2.128/28"))["id"] == 3
    assert client.calls == [("GET", tasks, None), ("GET_MANY", tasks, (1, 2, 3))]
    assert running_task(ScriptedClient(answers), "pn-1", Member("cloudProject", "a" * 32)) is None
    empty = ScriptedClient({tasks: []})
    assert running_task(empty, "pn-1", Member("ip", "192.0.2.128/28")) is None and len(empty.calls) == 1


def test_add_member_bodies():
    client = ScriptedClient({})
    add_member(client, "pn-1", Member("ip", "192.0.2.128/28", region="eu-west-gra"))
    add_member(client, "pn-1", Member("cloudProject", "a" * 32))
    add_member(client, "pn-1", Member("dedicatedServerInterface", "u1", server=SERVER))
    assert client.calls == [("POST", "/vrack/pn-1/ip", {"block": "192.0.2.128/28", "region": "eu-west-gra"}),
                            ("POST", "/vrack/pn-1/cloudProject", {"project": "a" * 32}),
                            ("POST", "/vrack/pn-1/dedicatedServerInterface", {"dedicatedServerInterface": "u1"})]


class FakeTime(object):
    def __init__(self):
        self.now = 0.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def not_found(path):
    return OvhApiError("GET", path, 404, "Client::NotFound", "NOT_FOUND", "The requested object (taskId = 5) does not exist")


def test_a_vrack_task_that_answers_404_after_it_was_created_is_done():
    path = "/vrack/pn-1/task/5"
    client = ScriptedClient({path: Reads([{"id": 5, "function": "addBlockToVrack", "status": "todo"},
                                          {"id": 5, "function": "addBlockToVrack", "status": "doing"}, not_found(path)])})
    fake = FakeTime()
    task = wait_for_task(client, TASK_KINDS["vrack"], "pn-1", 5, 600, sleep=fake.sleep, clock=fake.clock)
    assert task == {"id": 5, "function": "addBlockToVrack", "status": "done"}  # the last read, with its end
    assert len(client.calls) == 3
    # At once (no read before): the id and the status.
    client = ScriptedClient({path: not_found(path)})
    assert wait_for_task(client, TASK_KINDS["vrack"], "pn-1", 5, 600, sleep=fake.sleep, clock=fake.clock) == {"id": 5, "status": "done"}


def test_a_404_is_an_error_for_other_kinds_and_other_errors_stay_errors():
    path = "/ip/192.0.2.0%2F28/task/5"
    with pytest.raises(OvhApiError):
        wait_for_task(ScriptedClient({path: not_found(path)}), TASK_KINDS["ip"], "192.0.2.0/28", 5, 60,
                      sleep=FakeTime().sleep, clock=FakeTime().clock)
    vrack_path = "/vrack/pn-1/task/5"
    failure = OvhApiError("GET", vrack_path, 500, "Server::InternalServerError", None, "boom")
    with pytest.raises(OvhApiError):
        wait_for_task(ScriptedClient({vrack_path: failure}), TASK_KINDS["vrack"], "pn-1", 5, 60,
                      sleep=FakeTime().sleep, clock=FakeTime().clock)
    with pytest.raises(TaskFailed, match="ended cancelled"):
        wait_for_task(ScriptedClient({vrack_path: {"id": 5, "status": "cancelled"}}), TASK_KINDS["vrack"], "pn-1", 5, 60,
                      sleep=FakeTime().sleep, clock=FakeTime().clock)
