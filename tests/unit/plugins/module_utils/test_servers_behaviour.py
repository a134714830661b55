"""module_utils/servers.py: what hand mutants of the file changed unnoticed (tests/MUTATION.md):
with_ips false, the main addresses and location of a host, tag filters, the newest reinstallation.
(test_servers.py holds the older tests of the file.)"""

import json

from ansible_collections.signet.ovh.plugins.module_utils.servers import (
    first_ipv4, first_ipv6, host_variables, iam_tags_filter, location, read_objects, running_reinstall)


class ScriptedClient(object):
    """GET answers looked up by path; every call kept."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

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
