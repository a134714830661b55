"""ovh_dedicated_server in-process: the exact requests, only the differing fields written, the display
name through the service route only when it differs, check mode, diff, rerun, bad input, API errors."""

import json

import pytest

WEB = "ns3001234.ip-203-0-113.eu"
SERVER = "/dedicated/server/" + WEB
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo4QQ8nA9mB1DdlL6N3Yy4gB6w8v1HpHcWQm8vJg2kP admin@example.com"


def requests(emulator):
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""),
             json.loads(entry["body"]) if entry["body"] else None)
            for entry in emulator.log if entry["path"] != "/auth/time"]


def service_id(emulator):
    return emulator.state.servers.dedicated[("demo-ovh", WEB)].service_id


def test_only_the_differing_fields_are_written_then_a_rerun_writes_nothing(modules, emulator):
    args = {"service_name": WEB, "monitoring": False, "no_intervention": False, "rescue_ssh_key": KEY, "display_name": "web1 (gra3)"}
    rc, result, output = modules.run("ovh_dedicated_server", args)
    assert rc == 0 and result["changed"], output
    assert result["changed_fields"] == ["monitoring", "rescue_ssh_key", "display_name"]
    assert requests(emulator) == [
        ("GET", SERVER, None),
        ("PUT", SERVER, {"monitoring": False, "rescueSshKey": KEY}),  # no_intervention is already false: not sent
        ("GET", SERVER + "/serviceInfos", None),
        ("PUT", "/service/%d" % service_id(emulator), {"displayName": "web1 (gra3)"}),
    ]
    server = result["server"]
    assert (server["monitoring"], server["rescue_ssh_key"], server["iam"]["display_name"]) == (False, KEY, "web1 (gra3)")
    emulator.clear_log()
    rc, result, output = modules.run("ovh_dedicated_server", args)
    assert rc == 0 and not result["changed"] and result["changed_fields"] == [], output
    assert requests(emulator) == [("GET", SERVER, None)]
    api_server = emulator.state.servers.dedicated[("demo-ovh", WEB)]
    assert api_server.properties["monitoring"] is False and api_server.display_name == "web1 (gra3)"


def test_check_mode_and_diff_predict_without_writing(modules, emulator):
    args = {"service_name": WEB, "no_intervention": True, "root_device": "/dev/nvme0n1", "state": "ok", "display_name": "db"}
    rc, result, output = modules.run("ovh_dedicated_server", args, "--check", "--diff")
    assert rc == 0 and result["changed"], output
    assert result["changed_fields"] == ["no_intervention", "root_device", "display_name"]
    assert result["diff"] == {
        "before": {"no_intervention": False, "root_device": None, "state": "ok", "display_name": WEB},
        "after": {"no_intervention": True, "root_device": "/dev/nvme0n1", "state": "ok", "display_name": "db"}}
    assert result["server"]["no_intervention"] is True and result["server"]["iam"]["display_name"] == "db"
    assert requests(emulator) == [("GET", SERVER, None)]  # no serviceInfos either: nothing is written
    rc, result, output = modules.run("ovh_dedicated_server", args, "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"]["root_device"] == "/dev/nvme0n1", output
    assert [(method, path) for method, path, _body in requests(emulator) if method == "PUT"] == [
        ("PUT", SERVER), ("PUT", "/service/%d" % service_id(emulator))]


def test_a_display_name_already_set_reads_nothing_more(modules, emulator):
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": WEB, "display_name": WEB, "monitoring": True})
    assert rc == 0 and not result["changed"], output
    assert requests(emulator) == [("GET", SERVER, None)]


def test_an_empty_text_removes_a_property(modules, emulator):
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": WEB, "rescue_mail": "ops@example.com"})
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": WEB, "rescue_mail": ""}, "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["before"] == {"rescue_mail": "ops@example.com"}, output
    assert result["diff"]["after"] == {"rescue_mail": None} and result["server"]["rescue_mail"] is None
    assert requests(emulator) == [("GET", SERVER, None), ("PUT", SERVER, {"rescueMail": None})]


@pytest.mark.parametrize("args, message", [
    ({"rescue_ssh_key": "AAAAC3Nza admin"}, "rescue_ssh_key: the key type 'AAAAC3Nza' is not one of"),
    ({"rescue_mail": "ops at example.com"}, "rescue_mail 'ops at example.com' is not an e-mail address"),
    ({"display_name": "  "}, "display_name must not be empty"),
    ({"state": "running"}, "value of state must be one of: error, hacked, hackedBlocked, ok, got: running"),
    ({"monitoring": "perhaps"}, "monitoring"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_dedicated_server", dict(args, service_name=WEB))
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_a_refused_write_fails_with_the_query_id_and_changed_nothing(modules, emulator):
    emulator.add_fault(status=403, method="PUT", path="/dedicated/server/*")
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": WEB, "monitoring": False})
    assert rc == 1 and result["changed"] is False, output
    assert result["http_status"] == 403 and result["query_id"].startswith("EU.") and "[QueryID: EU." in result["msg"]
    assert emulator.state.servers.dedicated[("demo-ovh", WEB)].properties["monitoring"] is True


def test_a_refused_display_name_after_a_written_property_says_changed(modules, emulator):
    emulator.add_fault(status=403, method="PUT", path="/service/*")
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": WEB, "monitoring": False, "display_name": "x"})
    assert rc == 1 and result["changed"] is True, output  # the PUT of the server was accepted first
    assert result["server"]["monitoring"] is False and result["http_status"] == 403


def test_an_unknown_server_fails_with_the_api_error(modules, emulator):
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": "ns0.example", "monitoring": True})
    assert rc == 1 and result["http_status"] == 404 and "This service does not exist" in result["msg"], output
    assert emulator.writes() == []


@pytest.mark.parametrize("service_name", ["", "  ", "ns1/task", "ns1 x"])
def test_a_service_name_that_cannot_be_one_fails_before_any_request(modules, emulator, service_name):
    # Unchecked, "" read GET /dedicated/server/ (another route) and "ns1/task" a path under another server's.
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": service_name, "monitoring": True})
    assert rc == 1 and "service_name must be the server's service name" in result["msg"], output
    assert emulator.log == []


def test_a_removal_where_the_api_reports_an_empty_text_or_nothing_writes_nothing(modules, emulator):
    # null, missing and "" all mean no value: removing it again is no change (it was a PUT on every run).
    with emulator.state.lock:
        server = emulator.state.servers.dedicated[("demo-ovh", WEB)]
        server.properties["rescueMail"] = ""
    rc, result, output = modules.run("ovh_dedicated_server", {"service_name": WEB, "rescue_mail": "", "root_device": " "})
    assert rc == 0 and not result["changed"] and result["changed_fields"] == [], output
    assert requests(emulator) == [("GET", SERVER, None)]
