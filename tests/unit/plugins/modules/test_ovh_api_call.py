"""ovh_api_call in-process (tests/module_runner.py) against the emulator."""

import pytest

from api_log import writes


SERVER = "ns3001234.ip-203-0-113.eu"
WEB = SERVER


REINSTALL = {"method": "POST", "path": "/dedicated/server/%s/reinstall" % SERVER, "body": {"operatingSystem": "debian12_64"}}


def test_api_call_task_wait_options_are_checked_before_any_call(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, wait_timeout=-1))
    assert rc == 1 and "wait_timeout must be 0 or more seconds, got -1" in result["msg"], result
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, poll_interval=0))
    assert rc == 1 and "poll_interval must be more than 0 seconds, got 0" in result["msg"], result
    assert emulator.log == []


def test_api_call_task_not_done_within_wait_timeout_says_where_to_read_it(modules, emulator):
    # The reinstallation lasts minutes of emulator time; the clock does not move: the wait times out.
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, wait_timeout=1, poll_interval=0.5))
    assert rc == 1, result
    assert "; it goes on: read it with GET /dedicated/server/%s/task/" % SERVER in result["msg"], result["msg"]
    assert result["task"]["status"] in ("todo", "doing") and result["task"]["function"] == "reinstallServer"
    assert [entry["method"] for entry in writes(emulator)] == ["POST"]


@pytest.fixture
def fast(emulator):
    """Short installation steps and a clock that moves at each request: waits end after a few polls."""
    emulator.state.servers.step_seconds = 2
    emulator.clock_step = 1
    return emulator


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


def test_api_call_waits_for_a_domain_task(modules, emulator):
    emulator.clock_step = 1
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": "/domain/example.com/nameServers/update",
                                                       "body": {"nameServers": [{"host": "ns1.example.net"}, {"host": "ns2.example.net"}]},
                                                       "wait": True, "poll_interval": 0.01})
    assert rc == 0, result
    assert result["task"]["status"] == "done" and result["task"]["id"] == result["json"]["id"]
    polled = {entry["path"] for entry in emulator.log if entry["method"] == "GET" and entry["path"] != "/auth/time"}
    assert polled == {"/domain/example.com/task/%s" % result["json"]["id"]}


def test_cache_directory_unusable(modules, emulator, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    cache = blocker / "signet.ovh"
    env = {"XDG_CACHE_HOME": str(blocker)}
    # The server-time offset cannot be kept: said, and the call is made all the same.
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, env=env)
    assert rc == 0 and result["json"]["nichandle"] == "demo-ovh", result
    assert result["warnings"] == ["signet.ovh: cannot lock %s: Not a directory: the server-time offset %r could not be recorded; "
                                  "the next tasks fetch the server time again" % (cache / "time-offsets.json", emulator.base_url)]
    assert [entry["path"] for entry in emulator.log] == ["/auth/time", "/me"]
    # rate_limit shares its slots through the cache: without it, nothing is sent.
    emulator.clear_log()
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "rate_limit": 5}, env=env)
    assert (rc, result["changed"], result["status"]) == (1, False, None), result
    assert result["msg"] == ("GET /auth/time failed: rate_limit: cannot lock %s: Not a directory (the request was not sent) "
                             "[QueryID: none]" % (cache / "rate-limit.json"))
    assert emulator.log == []
