"""ovh_ip_reverse through ansible-playbook (ip_reverse.yml asserts the results; this test checks
what reached the API and what the emulator holds)."""

import json


def test_ip_reverse_playbook(ansible, emulator):
    run = ansible.run("ip_reverse.yml")
    assert run.rc == 0, run
    assert run.recap["failed"] == 0
    reverse_writes = [(entry["method"], entry["route"], entry["status"], entry["body"]) for entry in emulator.writes()
                      if entry["route"] and entry["route"].startswith("/ip/")]
    body = json.dumps({"ipReverse": "203.0.113.10", "reverse": "web1.example.com."}, separators=(",", ":"))
    # The refused POST, the accepted one, one DELETE: nothing for check mode, reruns or bad input.
    assert reverse_writes == [("POST", "/ip/{ip}/reverse", 400, body), ("POST", "/ip/{ip}/reverse", 200, body),
                              ("DELETE", "/ip/{ip}/reverse/{ipReverse}", 200, "")]
    assert [entry["path"] for entry in emulator.writes() if entry["route"] == "/ip/{ip}/reverse"] == \
        ["/ip/203.0.113.10%2F32/reverse"] * 2
    assert ("demo-ovh", "203.0.113.10") not in emulator.state.servers.reverses
    # The address of another account was never written to.
    assert not [entry for entry in emulator.writes() if "198.51.100.99" in entry["path"]]
