"""VPS in the emulator: actions as tasks through every pending state of the schema, their effects on the
VPS, images, rebuild and snapshot, and their refusals."""

from emulator.seed import DEMO_SSH_KEY
from emulator.vps import IMAGES, PENDING_STATES, image_id

WEB = "vps-1a2b3c4d.vps.ovh.net"  # running, Debian 12, with a snapshot
DEV = "vps-5e6f7a8b.vps.ovh.net"  # stopped, Ubuntu 24.04, no snapshot


def freeze(emulator):
    emulator.clock_frozen = True
    emulator.state.vps.step_seconds = 10


def test_a_reboot_goes_through_every_pending_state_then_the_vps_runs_again(api, emulator):
    freeze(emulator)
    task = api.post(f"/vps/{WEB}/reboot").json()
    assert (task["type"], task["state"], task["progress"]) == ("rebootVm", "todo", 0)
    seen = []
    for _step in PENDING_STATES:
        read = api.get(f"/vps/{WEB}/tasks/{task['id']}").json()
        seen.append(read["state"])
        assert api.get(f"/vps/{WEB}").json()["state"] == "rebooting"
        emulator.clock_offset += 10
    assert seen == ["todo", "waitingAck", "blocked", "paused", "doing"]
    done = api.get(f"/vps/{WEB}/tasks/{task['id']}").json()
    assert (done["state"], done["progress"]) == ("done", 100)
    assert api.get(f"/vps/{WEB}").json()["state"] == "running"
    assert task["id"] in api.get(f"/vps/{WEB}/tasks", query="type=rebootVm&state=done").json()
    assert api.get(f"/vps/{WEB}/tasks", query="state=running").status_code == 400


def test_stop_start_and_their_refusals(api, emulator):
    freeze(emulator)
    assert api.post(f"/vps/{DEV}/stop").json()["message"] == "The VPS is already stopped"
    task = api.post(f"/vps/{DEV}/start").json()
    refused = api.post(f"/vps/{DEV}/reboot")
    assert refused.status_code == 400 and "already pending" in refused.json()["message"]
    assert api.get(f"/vps/{DEV}").json()["state"] == "stopped"
    emulator.clock_offset += 60
    assert api.get(f"/vps/{DEV}/tasks/{task['id']}").json()["state"] == "done"
    assert api.get(f"/vps/{DEV}").json()["state"] == "running"
    assert api.post(f"/vps/{DEV}/start").json()["message"] == "The VPS is already running"


def test_a_failing_task_leaves_the_vps_as_it_was(api, emulator):
    freeze(emulator)
    emulator.state.vps.next_outcome = ("error", "paused")
    task = api.post(f"/vps/{WEB}/stop").json()
    emulator.clock_offset += 35
    assert api.get(f"/vps/{WEB}/tasks/{task['id']}").json()["state"] == "paused"
    emulator.clock_offset += 10
    assert api.get(f"/vps/{WEB}/tasks/{task['id']}").json()["state"] == "error"
    assert api.get(f"/vps/{WEB}").json()["state"] == "running"


def test_display_name_is_writable_and_read_only_fields_are_not(api):
    assert api.put(f"/vps/{WEB}", {"displayName": "front"}).status_code == 200
    assert api.get(f"/vps/{WEB}").json()["displayName"] == "front"
    assert api.put(f"/vps/{WEB}", {"state": "stopped"}).status_code == 400
    assert api.put(f"/vps/{WEB}", {"displayName": "x" * 51}).status_code == 400


def test_images_and_rebuild(api, emulator):
    freeze(emulator)
    ids = api.get(f"/vps/{WEB}/images/available").json()
    assert sorted(ids) == sorted(IMAGES)
    assert api.get(f"/vps/{WEB}/images/available/{image_id('Rocky Linux 9')}").json()["name"] == "Rocky Linux 9"
    assert api.get(f"/vps/{WEB}/images/current").json() == {"id": image_id("Debian 12"), "name": "Debian 12"}
    assert api.post(f"/vps/{WEB}/rebuild", {"imageId": "nope"}).status_code == 400
    assert api.post(f"/vps/{WEB}/rebuild", {"imageId": image_id("Debian 11"), "sshKey": "nope"}).status_code == 400
    both = {"imageId": image_id("Debian 11"), "sshKey": "admin", "publicSshKey": DEMO_SSH_KEY}
    assert api.post(f"/vps/{WEB}/rebuild", both).status_code == 400
    body = {"imageId": image_id("Rocky Linux 9"), "sshKey": "admin", "doNotSendPassword": True}
    task = api.post(f"/vps/{WEB}/rebuild", body).json()
    assert task["type"] == "reinstallVm"
    assert api.get(f"/vps/{WEB}").json()["state"] == "installing"
    emulator.clock_offset += 60
    assert api.get(f"/vps/{WEB}/images/current").json()["name"] == "Rocky Linux 9"
    assert api.get(f"/vps/{WEB}").json()["state"] == "running"


def test_snapshot_life(api, emulator):
    freeze(emulator)
    assert api.get(f"/vps/{DEV}/snapshot").status_code == 404
    assert api.post(f"/vps/{DEV}/snapshot/revert").status_code == 404
    api.post(f"/vps/{DEV}/createSnapshot", {"description": "first"})
    assert api.get(f"/vps/{DEV}/snapshot").status_code == 404  # not before its task is done
    emulator.clock_offset += 60
    snapshot = api.get(f"/vps/{DEV}/snapshot").json()
    assert snapshot["description"] == "first"
    assert api.post(f"/vps/{DEV}/createSnapshot", {"description": "second"}).status_code == 400
    assert api.put(f"/vps/{DEV}/snapshot", {"description": "renamed"}).status_code == 200
    assert api.get(f"/vps/{DEV}/snapshot").json()["description"] == "renamed"
    api.post(f"/vps/{DEV}/rebuild", {"imageId": image_id("Debian 11")})
    emulator.clock_offset += 60
    revert = api.post(f"/vps/{DEV}/snapshot/revert").json()
    assert revert["type"] == "revertSnapshot"
    emulator.clock_offset += 60
    assert api.get(f"/vps/{DEV}/images/current").json()["name"] == "Ubuntu 24.04"  # the snapshot's disk
    deletion = api.delete(f"/vps/{DEV}/snapshot").json()
    assert deletion["type"] == "deleteSnapshot"
    emulator.clock_offset += 60
    assert api.get(f"/vps/{DEV}/snapshot").status_code == 404
