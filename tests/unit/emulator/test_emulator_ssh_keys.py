"""The account's SSH keys in the emulator: names per account, keys checked as SSH keys, refusals."""

from urllib.parse import quote

from emulator.seed import DEMO_SSH_KEY


def test_ssh_keys(api):
    assert api.get("/me/sshKey").json() == ["admin", "ci"]
    assert api.get("/me/sshKey/admin").json() == {"key": DEMO_SSH_KEY, "keyName": "admin"}
    assert api.post("/me/sshKey", {"keyName": "admin", "key": DEMO_SSH_KEY}).status_code == 409
    for wrong in ("ssh-ed25519", "ssh-foo AAAA", "ssh-ed25519 not*base64", "ssh-rsa " + DEMO_SSH_KEY.split()[1]):
        answer = api.post("/me/sshKey", {"keyName": "new", "key": wrong})
        assert answer.status_code == 400 and answer.json()["message"] == "Invalid public SSH key", wrong
    assert api.post("/me/sshKey", {"keyName": "new key", "key": DEMO_SSH_KEY}).status_code == 200
    assert api.get("/me/sshKey/" + quote("new key")).json()["key"] == DEMO_SSH_KEY
    assert api.delete("/me/sshKey/" + quote("new key")).status_code == 200
    assert api.get("/me/sshKey/" + quote("new key")).status_code == 404
    assert "customer" not in api.get("/me/sshKey").json()
