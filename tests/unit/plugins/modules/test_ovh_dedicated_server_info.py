"""ovh_dedicated_server_info in-process (tests/module_runner.py) against the emulator: the exact requests
of one server, an unknown server and bad tags, an API error."""

from api_log import sent

WEB = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"


def test_info_of_one_server_exact_requests(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": BUSY})
    assert rc == 0 and not result["changed"]
    (server,) = result["servers"]
    assert server["name"] == BUSY and server["ips"] == ["198.51.100.20/32", "2001:db8:20::/64"]
    assert [task["status"] for task in server["pending_tasks"]] in (["init"], ["todo"], ["doing"])
    assert sent(emulator) == [
        ("GET", f"/dedicated/server/{BUSY}"), ("GET", f"/dedicated/server/{BUSY}/ips"),
        ("GET", f"/dedicated/server/{BUSY}/task?status=init"), ("GET", f"/dedicated/server/{BUSY}/task?status=todo"),
        ("GET", f"/dedicated/server/{BUSY}/task?status=doing"), ("GET", f"/dedicated/server/{BUSY}/task/8000001")]


def test_info_of_an_unknown_server_and_bad_tags(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": "ns0.example"})
    assert rc == 1 and "no dedicated server ns0.example in this account" in result["msg"]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"iam_tags": {"env": [{"operator": "ABOUT", "value": "x"}]}})
    assert rc == 1 and "operator 'ABOUT'" in result["msg"]
    assert sent(emulator) == []


def test_dedicated_server_info_api_error(modules, emulator):
    emulator.add_fault(status=500, method="GET", path="/dedicated/server")
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_info", {})
    assert (rc, result.get("changed", False), result["http_status"]) == (1, False, 500), result
    assert result["msg"].startswith("GET /dedicated/server failed: HTTP 500, Server::InternalServerError") and "[QueryID: EU." in result["msg"]
    assert sent(emulator) == [("GET", "/dedicated/server")]


def test_info_reads_the_compatible_systems_only_when_asked(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": WEB, "with_ips": False, "with_tasks": False})
    assert rc == 0 and "compatible_systems" not in result["servers"][0]
    assert sent(emulator) == [("GET", f"/dedicated/server/{WEB}")]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"service_name": WEB, "with_ips": False, "with_tasks": False,
                                                                    "with_compatible_systems": True})
    assert rc == 0
    systems = result["servers"][0]["compatible_systems"]
    assert "ubuntu2404-server_64" in systems["ovh"] and systems["personal"] == []
    assert sent(emulator) == [("GET", f"/dedicated/server/{WEB}"), ("GET", f"/dedicated/server/{WEB}/install/compatibleTemplates")]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_info", {"with_ips": False, "with_tasks": False, "with_compatible_systems": True})
    assert rc == 0 and all(server["compatible_systems"]["ovh"] for server in result["servers"])
    assert sent(emulator)[-1] == ("GET", f"/dedicated/server/{WEB},{BUSY}/install/compatibleTemplates")  # one batch
