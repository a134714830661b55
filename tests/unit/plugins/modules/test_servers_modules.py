"""ovh_dedicated_server_info, ovh_dedicated_server_install, ovh_ip_reverse and ovh_api_call's
wait run in-process (module_runner): the exact requests, bad input that writes nothing,
failures with their message. What needs a real Ansible run is in tests/integration."""

import json

import pytest

WEB = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"


def requests(emulator):
    """(method, path?query) of the API requests, without the server-time fetch."""
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""))
            for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [entry for entry in emulator.log if entry["method"] in ("POST", "PUT", "DELETE")]


@pytest.fixture
def fast(emulator):
    """Short installation steps and a clock that moves at each request: waits end after a few polls."""
    emulator.state.servers.step_seconds = 2
    emulator.clock_step = 1
    return emulator


def test_info_of_one_server_exact_requests(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": BUSY})
    assert rc == 0 and not result["changed"]
    (server,) = result["servers"]
    assert server["name"] == BUSY and server["ips"] == ["198.51.100.20/32", "2001:db8:20::/64"]
    assert [task["status"] for task in server["pending_tasks"]] in (["init"], ["todo"], ["doing"])
    assert requests(emulator) == [
        ("GET", f"/dedicated/server/{BUSY}"), ("GET", f"/dedicated/server/{BUSY}/ips"),
        ("GET", f"/dedicated/server/{BUSY}/task?status=init"), ("GET", f"/dedicated/server/{BUSY}/task?status=todo"),
        ("GET", f"/dedicated/server/{BUSY}/task?status=doing"), ("GET", f"/dedicated/server/{BUSY}/task/8000001")]


def test_info_of_an_unknown_server_and_bad_tags(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": "ns0.example"})
    assert rc == 1 and "no dedicated server ns0.example in this account" in result["msg"]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"iam_tags": {"env": [{"operator": "ABOUT", "value": "x"}]}})
    assert rc == 1 and "operator 'ABOUT'" in result["msg"]
    assert requests(emulator) == []


def test_install_check_mode_reads_only(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64"},
                                      "--check", "--diff")
    assert rc == 0 and result["changed"] and result["started"]
    assert result["diff"] == {"before": {"operating_system": "debian12_64"}, "after": {"operating_system": "rocky9_64"}}
    assert requests(emulator) == [("GET", f"/dedicated/server/{WEB}"),
                                  ("GET", f"/dedicated/server/{WEB}/task?function=reinstallServer")]


@pytest.mark.parametrize("args, message", [
    ({"operating_system": " "}, "operating_system must name a system"),
    ({"customizations": {"hostname": "web_1"}}, "not a valid host name"),
    ({"customizations": {"hostname": "a." * 130 + "b"}}, "not a valid host name"),
    ({"storage": ["raid1"]}, "'storage' is of type str"),
    ({"customizations": {"image_type": "iso"}}, "image_type"),
    ({"wait_timeout": -1}, "wait_timeout must be 0 or more"),
    ({"poll_interval": 0}, "poll_interval must be more than 0"),
])
def test_install_bad_input_writes_nothing(modules, emulator, args, message):
    rc, result, _output = modules.run("ovh_dedicated_server_install", dict({"service_name": WEB, "operating_system": "rocky9_64"}, **args))
    assert rc == 1 and message in result["msg"]
    assert writes(emulator) == [] and requests(emulator) == []


def test_install_waits_then_is_idempotent(modules, fast):
    args = {"service_name": WEB, "operating_system": "rocky9_64", "wait": True, "poll_interval": 0.01,
            "customizations": {"hostname": "web1", "http_headers": {"Authorization": "Bearer NeverInTheResult99"}}}
    rc, result, output = modules.run("ovh_dedicated_server_install", args)
    assert rc == 0, result
    assert result["changed"] and result["task"]["status"] == "done" and result["operating_system"] == "rocky9_64"
    assert "NeverInTheResult99" not in output
    (post,) = writes(fast)
    assert json.loads(post["body"]) == {"operatingSystem": "rocky9_64", "customizations": {
        "hostname": "web1", "httpHeaders": {"Authorization": "Bearer NeverInTheResult99"}}}
    fast.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_install", args)
    assert rc == 0 and not result["changed"] and writes(fast) == []
    assert len(requests(fast)) == 3  # the server, its reinstall task ids, the newest one


def test_install_failure_and_api_refusal(modules, fast):
    fast.state.servers.next_outcome = ("cancelled", "Cancelled by the customer", 1)
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                       "wait": True, "poll_interval": 0.01})
    assert rc == 1 and result["changed"]
    assert result["msg"].endswith("ended cancelled: Cancelled by the customer")
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "beos_64"})
    assert rc == 1 and not result["changed"] and result["status"] == 404
    assert "Operating system beos_64 could not be found" in result["msg"] and result["query_id"]


def test_api_call_wait(modules, fast):
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": f"/dedicated/server/{WEB}/reinstall",
                                                       "body": {"operatingSystem": "alma9_64"}, "wait": True,
                                                       "poll_interval": 0.01})
    assert rc == 0 and result["task"]["status"] == "done" and result["json"]["taskId"] == result["task"]["task_id"]
    fast.state.servers.next_outcome = ("ovhError", "No disk answered", 0)
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": f"/dedicated/server/{WEB}/reinstall",
                                                       "body": {"operatingSystem": "alma9_64"}, "wait": True,
                                                       "poll_interval": 0.01})
    assert rc == 1 and result["changed"] and result["task"]["status"] == "ovhError"
    assert "ended ovhError: No disk answered" in result["msg"]
    # Not a task: returned as is, with a warning.
    rc, result, _output = modules.run("ovh_api_call", {"path": "/me", "wait": True})
    assert rc == 0 and "task" not in result and "not a task" in result["warnings"][0]


def test_reverse_exact_requests_and_normalised_idempotence(modules, emulator):
    api = emulator
    with api.state.lock:
        zone = api.state.zones[("demo-ovh", "example.com")]
        zone.live[1] = {"id": 1, "zone": "example.com", "subDomain": "web1", "fieldType": "A", "target": "203.0.113.10", "ttl": 0}
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "203.0.113.10", "reverse": "Web1.Example.com"})
    assert rc == 0 and result["changed"] and result["reverse"] == "web1.example.com."
    assert requests(emulator) == [
        ("GET", "/ip/203.0.113.10%2F32/reverse"), ("GET", "/ip/203.0.113.10%2F32/reverse/203.0.113.10"),
        ("POST", "/ip/203.0.113.10%2F32/reverse")]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "203.0.113.10/32", "reverse": "web1.example.com."})
    assert rc == 0 and not result["changed"] and writes(emulator) == []


@pytest.mark.parametrize("args, message", [
    ({"ip": "203.0.113.300", "reverse": "a.example.com"}, "not an IPv4 or IPv6 address"),
    ({"ip": "203.0.113.0/29", "reverse": "a.example.com"}, "give one address"),
    ({"ip": "203.0.113.10", "reverse": "a b.example.com"}, "not a fully qualified host name"),
    ({"ip": "203.0.113.10", "reverse": "localhost"}, "not a fully qualified host name"),
    ({"ip": "203.0.113.10", "ip_block": "198.51.100.0/24", "reverse": "a.example.com"}, "is not in ip_block"),
    ({"ip": "203.0.113.10", "ip_block": "nonsense", "reverse": "a.example.com"}, "is not an IP block"),
    ({"ip": "203.0.113.10"}, "reverse"),
])
def test_reverse_bad_input_sends_nothing(modules, emulator, args, message):
    rc, result, _output = modules.run("ovh_ip_reverse", args)
    assert rc == 1 and message in result["msg"]
    assert requests(emulator) == []


def test_reverse_of_an_ipv6_address_in_its_block(modules, emulator):
    with emulator.state.lock:
        zone = emulator.state.zones[("demo-ovh", "example.com")]
        zone.live[2] = {"id": 2, "zone": "example.com", "subDomain": "v6", "fieldType": "AAAA", "target": "2001:db8:10::5", "ttl": 0}
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "2001:db8:10::5", "reverse": "v6.example.com"})
    assert rc == 1 and "name the block with ip_block" in result["msg"]
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "2001:db8:10::5", "ip_block": "2001:db8:10::/64",
                                                         "reverse": "v6.example.com"})
    assert rc == 0 and result["changed"] and result["ip_block"] == "2001:db8:10::/64"
    assert emulator.state.servers.reverses[("demo-ovh", "2001:db8:10::5")] == "v6.example.com."


def test_api_call_waits_for_a_domain_task(modules, emulator):
    emulator.clock_step = 1
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": "/domain/example.com/nameServers/update",
                                                       "body": {"nameServers": [{"host": "ns1.example.net"}, {"host": "ns2.example.net"}]},
                                                       "wait": True, "poll_interval": 0.01})
    assert rc == 0, result
    assert result["task"]["status"] == "done" and result["task"]["id"] == result["json"]["id"]
    polled = {entry["path"] for entry in emulator.log if entry["method"] == "GET" and entry["path"] != "/auth/time"}
    assert polled == {"/domain/example.com/task/%s" % result["json"]["id"]}


def test_info_reads_the_compatible_systems_only_when_asked(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": WEB, "with_ips": False, "with_tasks": False})
    assert rc == 0 and "compatible_systems" not in result["servers"][0]
    assert requests(emulator) == [("GET", f"/dedicated/server/{WEB}")]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": WEB, "with_ips": False, "with_tasks": False,
                                                                    "with_compatible_systems": True})
    assert rc == 0
    systems = result["servers"][0]["compatible_systems"]
    assert "ubuntu2404-server_64" in systems["ovh"] and systems["personal"] == []
    assert requests(emulator) == [("GET", f"/dedicated/server/{WEB}"), ("GET", f"/dedicated/server/{WEB}/install/compatibleTemplates")]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"with_ips": False, "with_tasks": False, "with_compatible_systems": True})
    assert rc == 0 and all(server["compatible_systems"]["ovh"] for server in result["servers"])
    assert requests(emulator)[-1] == ("GET", f"/dedicated/server/{WEB},{BUSY}/install/compatibleTemplates")  # one batch
