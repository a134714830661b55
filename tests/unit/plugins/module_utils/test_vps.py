"""module_utils/vps.py: the power action for each state, images resolved by id or name, check mode's
prediction from pending tasks, and the reads against the in-process emulator with their exact requests."""

import pytest

from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY
from emulator.vps import IMAGES, image_id

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils import vps
from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.config import resolve_settings

WEB = "vps-1a2b3c4d.vps.ovh.net"
DEV = "vps-5e6f7a8b.vps.ovh.net"


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
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else "")) for entry in emulator.log]


@pytest.mark.parametrize("wanted, current, action", [
    ("running", "stopped", "start"), ("running", "stopping", "start"), ("running", "running", None),
    ("running", "rescued", None), ("stopped", "running", "stop"), ("stopped", "rebooting", "stop"),
    ("stopped", "stopped", None), ("restarted", "running", "reboot"), ("restarted", "stopped", "reboot"),
])
def test_power_action(wanted, current, action):
    assert vps.power_action(wanted, current) == action


def test_state_after_the_pending_tasks():
    assert vps.state_after("running", []) == "running"
    assert vps.state_after("running", [{"type": "stopVm"}]) == "stopped"
    assert vps.state_after("stopped", [{"type": "stopVm"}, {"type": "startVm"}]) == "running"
    assert vps.state_after("stopped", [{"type": "createSnapshot"}]) == "stopped"


def test_resolve_image():
    images = {"id-1": "Debian 12", "id-2": "Ubuntu 24.04", "id-3": "Twin", "id-4": "twin"}
    assert vps.resolve_image(images, "id-2") == ("id-2", "Ubuntu 24.04")
    assert vps.resolve_image(images, " debian 12 ") == ("id-1", "Debian 12")
    with pytest.raises(vps.VpsInputError, match="image 'twin' names 2 images \\(\"id-3\", \"id-4\"\\): give the id"):
        vps.resolve_image(images, "twin")
    with pytest.raises(vps.VpsInputError, match='can be rebuilt with: "Debian 12", "Twin", "Ubuntu 24.04", "twin"'):
        vps.resolve_image(images, "Arch")


def test_input_checks():
    assert vps.check_service_name(" %s " % WEB) == WEB
    with pytest.raises(InputError, match="service_name must be the VPS's service name"):
        vps.check_service_name("a/b")
    assert vps.check_display_name("x" * 50) == "x" * 50 and vps.check_display_name(None) is None
    with pytest.raises(vps.VpsInputError, match="at most 50"):
        vps.check_display_name("x" * 51)
    assert vps.rebuild_body("i") == {"imageId": "i"}
    assert vps.rebuild_body("i", "admin", None, False) == {"imageId": "i", "sshKey": "admin", "doNotSendPassword": False}


def test_reads(client, emulator):
    assert vps.available_images(client, WEB) == IMAGES
    assert vps.current_image(client, WEB) == {"id": image_id("Debian 12"), "name": "Debian 12"}
    assert vps.read_snapshot(client, DEV) is None
    assert vps.read_snapshot(client, WEB)["description"] == "before upgrade"
    assert vps.pending_tasks(client, WEB) == []
    ids = sorted(IMAGES, key=IMAGES.get)
    assert requests(emulator) == [
        ("GET", "/vps/%s/images/available" % WEB), ("GET", "/vps/%s/images/available/%s" % (WEB, ",".join(ids))),
        ("GET", "/vps/%s/images/current" % WEB), ("GET", "/vps/%s/snapshot" % DEV), ("GET", "/vps/%s/snapshot" % WEB),
    ] + [("GET", "/vps/%s/tasks?state=%s" % (WEB, state)) for state in ("todo", "doing", "waitingAck", "paused", "blocked")]


def test_pending_tasks_and_restored_since(client, emulator):
    emulator.clock_frozen = True
    task = vps.revert_snapshot(client, WEB)
    assert [pending["id"] for pending in vps.pending_tasks(client, WEB)] == [task["id"]]
    snapshot = vps.read_snapshot(client, WEB)
    assert vps.restored_since(client, WEB, snapshot) is None  # pending, not done
    emulator.clock_offset += 30
    assert vps.pending_tasks(client, WEB) == []
    assert vps.restored_since(client, WEB, snapshot)["id"] == task["id"]
    assert vps.restored_since(client, WEB, dict(snapshot, creationDate="2999-01-01T00:00:00+00:00")) is None


def test_resolve_image_with_hostile_names():
    # API data: a null name matches nothing (no AttributeError), names are quoted, a huge list is cut.
    images = {"id-1": None, "id-2": "Debian 12", "id-3": "evil\n{{ lookup('pipe', 'id') }}"}
    assert vps.resolve_image(images, "debian 12") == ("id-2", "Debian 12")
    with pytest.raises(vps.VpsInputError) as error:
        vps.resolve_image(images, "Arch")
    assert str(error.value).endswith('rebuilt with: "Debian 12", "evil\\n{{ lookup(\'pipe\', \'id\') }}"')
    many = dict(("id-%d" % index, "Image %03d" % index) for index in range(100))
    with pytest.raises(vps.VpsInputError, match='"Image 029" and 70 more$'):
        vps.resolve_image(many, "Arch")


def test_a_date_without_an_offset_is_utc_whatever_the_machine_zone(monkeypatch):
    import time
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: a local reading would move the date by 14 hours
    time.tzset()
    try:
        assert vps._timestamp("2026-01-05T10:00:00") == vps._timestamp("2026-01-05T10:00:00+00:00") == 1767607200
        assert vps._timestamp("2026-01-05T10:00:00Z") == 1767607200 and vps._timestamp(None) is None
    finally:
        monkeypatch.undo()
        time.tzset()
