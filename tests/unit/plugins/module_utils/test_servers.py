"""module_utils/servers.py against the in-process emulator: exact requests, batches, host variables,
reinstall input, reinstallation tasks waited on in emulator time (no sleeping); and, on scripted
answers, what hand mutants of servers.py changed unnoticed (tests/MUTATION.md): with_ips false, the
main addresses and location of a host, tag filters, the newest reinstallation, a main IPv4 address
skipping what is not one. (test_normalize_name, of ip.py, stays here: test_ip.py has a test of that name.)"""

import json
import time

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils import ip as ip_utils
from ansible_collections.signet.ovh.plugins.module_utils import servers, tasks
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.servers import (
    first_ipv4, first_ipv6, host_variables, iam_tags_filter, location, read_objects, running_reinstall)

WEB = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"


def requests(emulator):
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else "")) for entry in emulator.log]


class WorldTime(object):
    """sleep() and clock() for the wait helpers: a sleep moves time on for the emulator and the client
    alike (both read time.time() in this process), instantly; the test never waits."""

    def __init__(self, monkeypatch):
        real_time = time.time
        self.now = 0.0
        self.sleeps = []
        monkeypatch.setattr(time, "time", lambda: real_time() + self.now)

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


def test_iam_tags_filter_forms():
    assert servers.iam_tags_filter(None) is None
    assert json.loads(servers.iam_tags_filter({"env": "prod", "team": None, "role": ["web", {"operator": "like", "value": "db%"}]})) == {
        "env": [{"operator": "EQ", "value": "prod"}], "team": [{"operator": "EXISTS"}],
        "role": [{"operator": "EQ", "value": "web"}, {"operator": "LIKE", "value": "db%"}]}
    for bad in ({"env": {"x": 1}}, {"env": [{"operator": "ABOUT", "value": "x"}]}, {"env": [{"operator": "EQ"}]}, ["env"]):
        with pytest.raises(servers.ServerInputError):
            servers.iam_tags_filter(bad)


def test_list_and_read_in_batches(client, emulator):
    with emulator.state.lock:
        emulator.state.servers.generate("demo-ovh", dedicated=120, vps=0)
    names = servers.list_names(client, "dedicated_server", {"batch": "generated"})
    assert len(names) == 120
    found = servers.read_objects(client, "dedicated_server", names)
    assert len(found) == 120 and found[names[0]][1] == ["10.10.0.1/32"]
    listed = requests(emulator)
    assert listed[0] == ("GET", "/dedicated/server?iamTags=%7B%22batch%22%3A%5B%7B%22operator%22%3A%22EQ%22%2C%22value%22%3A%22generated%22%7D%5D%7D")
    # Objects then IPs: 3 batches each (50, 50, 20), nothing one by one.
    assert len(listed) == 1 + 3 + 3
    assert [path.count(",") + 1 for _method, path in listed[1:4]] == [50, 50, 20]
    assert all(path.endswith("/ips") for _method, path in listed[4:])


def test_host_variables_of_a_server_and_a_vps(client):
    (server, ips), = servers.read_objects(client, "dedicated_server", [WEB]).values()
    variables = servers.host_variables("dedicated_server", server, ips)
    assert variables["ovh_product"] == "dedicated_server" and variables["ovh_main_ipv4"] == "203.0.113.10"
    assert variables["ovh_tags"] == {"env": "prod", "role": "web"} and variables["ovh_ips"] == ips
    assert variables["ovh_commercial_range"] == "advance" and variables["ovh_power_state"] == "poweron"
    assert all(key.startswith("ovh_") for key in variables)
    (vps, vps_ips), = servers.read_objects(client, "vps", ["vps-1a2b3c4d.vps.ovh.net"]).values()
    variables = servers.host_variables("vps", vps, vps_ips)
    assert variables["ovh_main_ipv4"] == "203.0.113.50" and variables["ovh_display_name"] == "web-vps"


def test_pending_tasks_requests(client, emulator):
    found = servers.pending_tasks(client, [WEB, BUSY])
    assert found[WEB] == [] and [task["function"] for task in found[BUSY]] == ["reinstallServer"]
    assert requests(emulator) == [
        ("GET", f"/dedicated/server/{WEB},{BUSY}/task?status=init"),
        ("GET", f"/dedicated/server/{WEB},{BUSY}/task?status=todo"),
        ("GET", f"/dedicated/server/{WEB},{BUSY}/task?status=doing"),
        ("GET", f"/dedicated/server/{BUSY}/task/8000001"),
    ]


def test_reinstall_body_validation():
    body = servers.reinstall_body(" debian12_64 ", {"hostname": "web1", "ssh_key": "ssh-ed25519 AAAA", "image_url": None,
                                                    "http_headers": {}}, [{"diskGroupId": 1}], {"a": 1})
    assert body == {"operatingSystem": "debian12_64", "customizations": {"hostname": "web1", "sshKey": "ssh-ed25519 AAAA"},
                    "storage": [{"diskGroupId": 1}], "properties": {"a": "1"}}
    for args in (("",), ("debian12_64", {"hostname": "-x"}), ("debian12_64", {"hostname": "a" * 64}),
                 ("debian12_64", None, ["raid1"])):
        with pytest.raises(servers.ServerInputError):
            servers.reinstall_body(*args)


def test_reinstall_waited_on_in_emulator_time(client, emulator, monkeypatch):
    emulator.state.servers.step_seconds = 30
    assert servers.running_reinstall(client, WEB) is None
    task = servers.start_reinstall(client, WEB, {"operatingSystem": "ubuntu2404-server_64"})
    assert servers.running_reinstall(client, WEB)["taskId"] == task["taskId"]
    seen = []
    clock = WorldTime(monkeypatch)
    done = tasks.wait_for_task(client, tasks.TASK_KINDS["dedicated_server"], WEB, task["taskId"], timeout=3600,
                               poll_interval=60, sleep=clock.sleep, clock=clock.clock,
                               on_read=lambda current: seen.append(servers.install_progress(client, WEB)))
    assert done["status"] == "done" and done["comment"] == "Installation finished"
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]  # backs off to poll_interval
    assert seen[-1] is None and [step["status"] for step in seen[-2]][:3] == ["done", "done", "done"]
    assert servers.install_progress(client, WEB) is None
    assert servers.read_server(client, WEB)["os"] == "ubuntu2404-server_64"


def test_failed_task_raises_with_its_comment_and_timeout(client, emulator, monkeypatch):
    emulator.state.servers.step_seconds = 10
    emulator.state.servers.next_outcome = ("ovhError", "Hardware failure on disk 2", 1)
    task = servers.start_reinstall(client, WEB, {"operatingSystem": "debian11_64"})
    clock = WorldTime(monkeypatch)
    with pytest.raises(tasks.TaskFailed) as failure:
        tasks.wait_for_task(client, tasks.TASK_KINDS["dedicated_server"], WEB, task["taskId"], 600, poll_interval=5,
                            sleep=clock.sleep, clock=clock.clock)
    assert 'ended ovhError: "Hardware failure on disk 2"' in str(failure.value)
    assert failure.value.task["status"] == "ovhError"
    # The seeded reinstallation of BUSY lasts 10 minutes of emulator time: 60 seconds are not enough.
    busy_task = servers.running_reinstall(client, BUSY)
    clock = WorldTime(monkeypatch)
    with pytest.raises(tasks.WaitTimeout) as timeout:
        tasks.wait_for_task(client, tasks.TASK_KINDS["dedicated_server"], BUSY, busy_task["taskId"], 60, poll_interval=10,
                            sleep=clock.sleep, clock=clock.clock)
    assert timeout.value.last["status"] == "doing" and sum(clock.sleeps) == 60


def test_task_errors_pass_through_faults(client, emulator, monkeypatch):
    task = servers.start_reinstall(client, WEB, {"operatingSystem": "debian11_64"})
    emulator.add_fault(status=503, path="/dedicated/server/*/task/*", count=1)
    clock = WorldTime(monkeypatch)
    emulator.state.servers.step_seconds = 1
    done = tasks.wait_for_task(client, tasks.TASK_KINDS["dedicated_server"], WEB, task["taskId"], 3600, poll_interval=60,
                               sleep=clock.sleep, clock=clock.clock)
    assert done["status"] == "done"
    assert [entry["status"] for entry in emulator.log if "/task/" in entry["path"]][:2] == [503, 200]
    emulator.add_fault(status=404, path="/dedicated/server/*/task/*", count=1)
    with pytest.raises(OvhApiError) as error:
        tasks.wait_for_task(client, tasks.TASK_KINDS["dedicated_server"], WEB, task["taskId"], 10, sleep=clock.sleep, clock=clock.clock)
    assert error.value.status == 404


# A test of ip.py, left here: test_ip.py holds another test of this name.
def test_normalize_name():
    assert ip_utils.normalize_name("Web1.Example.COM") == "web1.example.com."
    assert ip_utils.normalize_name("web1.example.com.") == "web1.example.com."
    for bad in ("localhost", "a b.example.com", "-x.example.com", "", "x..example.com"):
        with pytest.raises(ip_utils.ReverseInputError):
            ip_utils.normalize_name(bad)


class ScriptedClient(object):
    """GET answers looked up by path; every call kept."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.calls.append((path, query))
        return self.answers[path]

    def get_many(self, collection, ids, suffix="", shape=None):
        self.calls.append((collection, tuple(ids), suffix))
        return dict((name, self.answers["%s/%s%s" % (collection, name, "/" + suffix if suffix else "")]) for name in ids)


SERVER = {"name": "s1", "ip": "198.51.100.1", "datacenter": "gra3"}


def test_read_objects_without_ips_asks_no_ips():
    client = ScriptedClient({"/dedicated/server/s1": SERVER, "/dedicated/server/s1/ips": ["203.0.113.1/32"]})
    assert read_objects(client, "dedicated_server", ["s1"], with_ips=False) == {"s1": (SERVER, [])}
    assert client.calls == [("/dedicated/server", ("s1",), "")]
    assert read_objects(client, "dedicated_server", ["s1"]) == {"s1": (SERVER, ["203.0.113.1/32"])}
    assert client.calls[-1] == ("/dedicated/server", ("s1",), "ips")


def test_first_addresses():
    assert first_ipv6(["203.0.113.1/32", "2001:db8:10::/64"]) == "2001:db8:10::1"
    assert first_ipv6(["2001:db8::5", "2001:db8:10::/64"]) == "2001:db8::5"
    assert first_ipv6(["203.0.113.1/32"]) is None
    assert first_ipv4(["2001:db8::5", "junk", "203.0.113.8/29"]) == "203.0.113.8"


def test_main_ipv4_of_a_server_is_its_ip_field_and_of_a_vps_its_first_address():
    ips = ["203.0.113.10/32", "2001:db8:10::/64"]
    server = host_variables("dedicated_server", dict(SERVER), ips)
    assert server["ovh_main_ipv4"] == "198.51.100.1" and server["ovh_main_ipv6"] == "2001:db8:10::1"
    vps = host_variables("vps", {"name": "v1", "ip": "198.51.100.9", "zone": "Region OpenStack: os-gra7"}, ips)
    assert vps["ovh_main_ipv4"] == "203.0.113.10" and vps["ovh_location"] == "gra7"


def test_location_of_a_vps_zone_without_a_datacenter_is_the_zone():
    assert location("vps", {"zone": "Region somewhere"}) == "Region somewhere"
    assert location("vps", {"zone": None}) is None
    assert location("dedicated_server", {"datacenter": "rbx8", "zone": "os-gra7"}) == "rbx8"


def test_tag_operators_without_a_value():
    assert json.loads(iam_tags_filter({"env": [{"operator": "NEXISTS"}], "role": [{"operator": "exists"}]})) == {
        "env": [{"operator": "NEXISTS"}], "role": [{"operator": "EXISTS"}]}
    assert json.loads(iam_tags_filter({"env": None})) == {"env": [{"operator": "EXISTS"}]}


def test_running_reinstall_reads_the_newest_task():
    client = ScriptedClient({"/dedicated/server/s1/task": [5, 12, 9],
                             "/dedicated/server/s1/task/12": {"taskId": 12, "function": "reinstallServer", "status": "doing"},
                             "/dedicated/server/s1/task/5": {"taskId": 5, "function": "reinstallServer", "status": "done"}})
    assert running_reinstall(client, "s1")["taskId"] == 12
    assert client.calls[-1] == ("/dedicated/server/s1/task/12", None)
    client.answers["/dedicated/server/s1/task/12"] = {"taskId": 12, "function": "reinstallServer", "status": "done"}
    assert running_reinstall(client, "s1") is None


def test_main_ipv4_skips_what_is_not_an_address():
    assert first_ipv4(["not an address", "2001:db8:50::/64", "203.0.113.50/32"]) == "203.0.113.50"
    assert first_ipv4(["2001:db8:50::1", "garbage"]) is None
    assert first_ipv4(None) is None
    # A VPS with IPv6 only: no ovh_main_ipv4 to connect to, rather than a wrong one.
    variables = host_variables("vps", {"name": "vps-1.vps.ovh.net", "state": "running"}, ["2001:db8:50::1"])
    assert variables["ovh_main_ipv4"] is None and variables["ovh_ips"] == ["2001:db8:50::1"]
