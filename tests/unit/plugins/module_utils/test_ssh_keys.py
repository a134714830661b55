"""module_utils/ssh_keys.py: keys parsed and compared as SSH means them, refused with the option named;
reads, adds and deletes against the in-process emulator with their exact requests."""

import base64
import hashlib
import struct

import pytest

from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY, DEMO_SSH_KEY

from ansible_collections.signet.ovh.plugins.module_utils import ssh_keys
from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.config import resolve_settings


def blob(key_type, *parts):
    return b"".join(struct.pack(">I", len(part)) + part for part in (key_type.encode(),) + parts)


def key_text(key_type, *parts, comment=""):
    return " ".join(filter(None, (key_type, base64.b64encode(blob(key_type, *parts)).decode(), comment)))


@pytest.fixture
def client(emulator, tmp_path):
    settings = resolve_settings(dict(endpoint=emulator.base_url, application_key=DEMO_APPLICATION_KEY,
                                     application_secret=DEMO_APPLICATION_SECRET, consumer_key=DEMO_CONSUMER_KEY,
                                     config_file=None), environ={}, default_files=[])
    api = OvhClient(settings, time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")), sleep=lambda seconds: None)
    api.get("/auth/time", auth=False)
    api.timestamp()
    emulator.clear_log()
    yield api
    api.close()


def requests(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log]


def test_keys_compare_by_type_and_blob_only():
    first = ssh_keys.parse_key(DEMO_SSH_KEY)
    assert (first.key_type, first.comment) == ("ssh-ed25519", "admin@example.com")
    same = ssh_keys.parse_key("\t" + " ".join(DEMO_SSH_KEY.split()[:2]) + "   other comment with spaces ")
    assert same.comment == "other comment with spaces" and first.same(same) and not first.same(None)
    other = ssh_keys.parse_key(key_text("ssh-ed25519", b"\x01" * 32))
    assert not first.same(other)
    assert first.text() == DEMO_SSH_KEY
    digest = base64.b64encode(hashlib.sha256(first.blob).digest()).decode().rstrip("=")
    assert first.fingerprint() == "SHA256:" + digest


@pytest.mark.parametrize("key_type", ssh_keys.KEY_TYPES)
def test_every_known_type_parses(key_type):
    assert ssh_keys.parse_key(key_text(key_type, b"x" * 40, comment="c")).key_type == key_type


@pytest.mark.parametrize("text, message", [
    (None, "public_ssh_key must be a public SSH key"),
    ("ssh-foo AAAA", "the key type 'ssh-foo' is not one of"),
    ("ssh-rsa", "the ssh-rsa key has no base64 part"),
    ("ssh-rsa AAA", "the base64 part of the ssh-rsa key does not decode"),
    ("ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519").decode(), "holds a ssh-ed25519 key"),
    ("ssh-rsa " + base64.b64encode(b"\xff\xff\xff\xff").decode(), "holds no SSH key"),
    ("ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x02\xff\xfe").decode(), "holds no SSH key"),
])
def test_bad_keys_name_the_option(text, message):
    with pytest.raises(ssh_keys.SshKeyInputError) as caught:
        ssh_keys.parse_key(text, "public_ssh_key")
    assert str(caught.value).startswith("public_ssh_key") and message in str(caught.value)
    assert ssh_keys.parsed_or_none(text) is None


def test_key_names():
    assert ssh_keys.check_key_name(" admin ") == "admin"
    for wrong in ("", "   ", "a\nb", None):
        with pytest.raises(ssh_keys.SshKeyInputError):
            ssh_keys.check_key_name(wrong)
    assert ssh_keys.key_path("a/b c") == "/me/sshKey/a%2Fb%20c" and ssh_keys.key_path() == "/me/sshKey"


def test_read_add_delete(client, emulator):
    assert ssh_keys.list_keys(client) == ["admin", "ci"]
    assert ssh_keys.read_key(client, "admin") == {"keyName": "admin", "key": DEMO_SSH_KEY}
    assert ssh_keys.read_key(client, "nope") is None  # a 404, not an error
    ssh_keys.add_key(client, "new", DEMO_SSH_KEY)
    ssh_keys.delete_key(client, "new")
    assert requests(emulator) == [("GET", "/me/sshKey"), ("GET", "/me/sshKey/admin"), ("GET", "/me/sshKey/nope"),
                                  ("POST", "/me/sshKey"), ("DELETE", "/me/sshKey/new")]
