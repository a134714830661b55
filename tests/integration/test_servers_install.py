"""Dedicated servers through ansible-playbook: info, reinstall and ovh_api_call's wait
(servers_install.yml asserts the results; this test checks what reached the API)."""

import json

from ovh_playbooks import APPLICATION_SECRET, CONSUMER_KEY

SERVER = "ns3001234.ip-203-0-113.eu"
HEADER_SECRET = "HeaderSecretNeverShown42"


def test_servers_playbook(ansible, emulator):
    servers = emulator.state.servers
    # Short steps and a clock that moves at each request: waits end after a few polls, whatever the machine's speed.
    servers.step_seconds = 4
    emulator.clock_step = 1
    servers.next_outcome = ("customerError", "The image URL could not be downloaded", 2)
    run = ansible.run("servers_install.yml", "-vvv")
    assert run.rc == 0, run
    assert run.recap["failed"] == 0

    reinstalls = [entry for entry in emulator.writes() if entry["route"] == "/dedicated/server/{serviceName}/reinstall"
                  and entry["status"] == 200]
    bodies = [json.loads(entry["body"]) for entry in reinstalls]
    # The failed one, the awaited one, the forced one, the raw call: never one for check mode, bad input, reruns or waits.
    assert [body["operatingSystem"] for body in bodies] == [
        "ubuntu2404-server_64", "ubuntu2404-server_64", "ubuntu2404-server_64", "debian12_64"]
    assert bodies[1]["customizations"] == {"hostname": "web1", "httpHeaders": {"Authorization": "Bearer " + HEADER_SECRET},
                                           "sshKey": bodies[1]["customizations"]["sshKey"]}
    # The bad host name never reached the API. The clock moving 1 s a request makes a cached server-time
    # offset stale: a POST refused for its timestamp (then sent again after GET /auth/time) is the only refusal.
    log = emulator.log
    for index, entry in enumerate(log):
        if entry["route"] == "/dedicated/server/{serviceName}/reinstall" and entry["status"] != 200:
            assert entry["status"] == 400 and log[index + 1]["path"] == "/auth/time", entry
            assert "-web-" not in entry["body"]
    for secret in (HEADER_SECRET, APPLICATION_SECRET, CONSUMER_KEY):
        assert secret not in run.output  # -vvv shows every invocation, with no_log values masked
    assert emulator.state.servers.dedicated[("demo-ovh", SERVER)].current_os(emulator.state.now()) == "debian12_64"
