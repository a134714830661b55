# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPS actions: start, stop, reboot, display name, rebuild with an image, snapshot; their tasks.

Every action answers a ``vps.Task`` (``tasks.TASK_KINDS["vps"]``). The API refuses an action while
another task of the VPS is pending, and the modules never start one twice: they look for pending
tasks first (``pending_tasks``) and wait for them. The inventory's reading of VPS stays in servers.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
from urllib.parse import quote

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils.names import printable, service_name
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, TaskFailed, wait_for_task

VPS = Shape("object", ("name", "state", "displayName"))
VPS_TASK = Shape("object", ("id", "type", "state"))
IMAGE = Shape("object", ("id", "name"))
SNAPSHOT = Shape("object", ("id", "description", "creationDate"))
IMAGES_LISTED = 30  # image names an unknown image's message lists at most
DISPLAY_NAME_MAX = 50  # vps.VPS displayName: "max 50 chars"
# The ``state`` option of ovh_vps: the action that gets there and its task type.
ACTIONS = {"running": ("start", "startVm"), "stopped": ("stop", "stopVm"), "restarted": ("reboot", "rebootVm")}
# The VPS's state once a task of that type is done (what check mode predicts while one is pending).
STATE_AFTER = {"startVm": "running", "stopVm": "stopped", "rebootVm": "running", "reinstallVm": "running",
               "revertSnapshot": "running"}
REBUILD_TYPE = "reinstallVm"
REVERT_TYPE = "revertSnapshot"


class VpsInputError(InputError):
    """Input refused before any request (or before any write, for an image the VPS does not offer)."""


def vps_path(name, *parts):
    return "/vps/" + quote(name, safe="") + "".join("/" + part for part in parts)


def check_service_name(name):
    return service_name(name, "the VPS's service name, e.g. vps-1a2b3c4d.vps.ovh.net")


def check_display_name(display_name):
    if display_name is not None and len(display_name) > DISPLAY_NAME_MAX:
        raise VpsInputError("display_name is %d characters long; the API accepts at most %d"
                            % (len(display_name), DISPLAY_NAME_MAX))
    return display_name


def read_vps(client, name):
    return client.get(vps_path(name), shape=VPS)


def set_display_name(client, name, display_name):
    client.put(vps_path(name), body={"displayName": display_name})


def start_action(client, name, action):
    """POST start, stop or reboot; the vps.Task."""
    return client.post(vps_path(name, action), shape=VPS_TASK)


def pending_tasks(client, name):
    """The VPS's pending tasks (every pending state of vps.Task, one list each), oldest first."""
    ids = set()
    for state in TASK_KINDS["vps"].pending:
        ids.update(client.get(vps_path(name, "tasks"), query={"state": state}, shape=IDS))
    tasks = [client.get(vps_path(name, "tasks", str(task_id)), shape=VPS_TASK) for task_id in sorted(ids)]
    return [task for task in tasks if task["state"] in TASK_KINDS["vps"].pending]


def wait_for_pending(client, name, pending, timeout):
    """Wait for the tasks that were pending on the VPS before this run did anything. One that fails
    raises a ValueError that says so (the module's own action was not started); a wait that runs out
    raises WaitTimeout as for any task."""
    for task in pending:
        try:
            wait_for_task(client, TASK_KINDS["vps"], name, task["id"], timeout)
        except TaskFailed as exc:
            raise ValueError("a task already pending on %s failed, so nothing was started: %s" % (name, exc))


def state_after(vps_state, pending):
    """What the VPS's state will be once its pending tasks are done (for check mode)."""
    for task in pending:
        vps_state = STATE_AFTER.get(task["type"], vps_state)
    return vps_state


def power_action(wanted, vps_state):
    """The action (start, stop, reboot) that brings a VPS in ``vps_state`` to ``wanted``, or None."""
    if wanted == "restarted":
        return "reboot"
    if wanted == "running":
        return "start" if vps_state in ("stopped", "stopping") else None
    return "stop" if vps_state not in ("stopped",) else None


# Images and rebuild


def available_images(client, name):
    """{image id: name} of the images the VPS can be rebuilt with (ids, then the images in batches)."""
    ids = client.get(vps_path(name, "images", "available"), shape=NAMES)
    images = client.get_many(vps_path(name, "images", "available"), ids, shape=IMAGE)
    return dict((image_id, image["name"]) for image_id, image in images.items())


def resolve_image(images, wanted):
    """The (id, name) of ``wanted``, an image id or name (case ignored); VpsInputError listing the names."""
    wanted = (wanted or "").strip()
    if wanted in images:
        return wanted, images[wanted]
    # API data: a name that is not a text matches nothing, and names and ids are quoted in messages.
    matches = sorted((image_id, image_name) for image_id, image_name in images.items()
                     if isinstance(image_name, str) and image_name.lower() == wanted.lower())
    if len(matches) == 1:
        return matches[0]
    names = sorted(set(printable(image_name) for image_name in images.values() if isinstance(image_name, str)))
    listed = ", ".join(names[:IMAGES_LISTED]) + (" and %d more" % (len(names) - IMAGES_LISTED) if len(names) > IMAGES_LISTED else "")
    if matches:
        raise VpsInputError("image %r names %d images (%s): give the id" % (
            wanted, len(matches), ", ".join(printable(image_id) for image_id, _name in matches)))
    raise VpsInputError("image %r is neither the id nor the name of an image this VPS can be rebuilt with: %s"
                        % (wanted, listed or "none"))


def current_image(client, name):
    return client.get(vps_path(name, "images", "current"), shape=IMAGE)


def rebuild_body(image_id, ssh_key=None, public_ssh_key=None, do_not_send_password=None):
    body = {"imageId": image_id}
    if ssh_key:
        body["sshKey"] = ssh_key
    if public_ssh_key:
        body["publicSshKey"] = public_ssh_key
    if do_not_send_password is not None:
        body["doNotSendPassword"] = do_not_send_password
    return body


def start_rebuild(client, name, body):
    return client.post(vps_path(name, "rebuild"), body=body, shape=VPS_TASK)


# Snapshot


def read_snapshot(client, name):
    """The VPS's snapshot (vps.Snapshot), or None when it has none (the route answers 404)."""
    return client.get_or_none(vps_path(name, "snapshot"), shape=SNAPSHOT)


def create_snapshot(client, name, description=None):
    body = {"description": description} if description is not None else {}
    return client.post(vps_path(name, "createSnapshot"), body=body, shape=VPS_TASK)


def set_snapshot_description(client, name, description):
    client.put(vps_path(name, "snapshot"), body={"description": description})


def delete_snapshot(client, name):
    return client.delete(vps_path(name, "snapshot"), shape=VPS_TASK)


def revert_snapshot(client, name):
    return client.post(vps_path(name, "snapshot", "revert"), shape=VPS_TASK)


def _timestamp(text):
    """Seconds since the epoch of an API date; one without an offset is taken as UTC (never the machine's zone)."""
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (AttributeError, TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def restored_since(client, name, snapshot):
    """The newest done revertSnapshot task started at or after the snapshot was taken, or None: the VPS
    was restored from this snapshot already (the API keeps a VPS's tasks for a while only)."""
    taken = _timestamp(snapshot.get("creationDate"))
    ids = client.get(vps_path(name, "tasks"), query={"type": REVERT_TYPE, "state": "done"}, shape=IDS)
    if not ids:
        return None
    # Task ids grow: the newest done revert is the only one that can be newer than the snapshot.
    task = client.get(vps_path(name, "tasks", str(max(ids))), shape=VPS_TASK)
    started = _timestamp(task.get("date"))
    if task["state"] == "done" and taken is not None and started is not None and started >= taken:
        return task
    return None
