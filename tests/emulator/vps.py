"""VPS: their objects, IPs, actions and tasks, images and snapshot.

Every action is a ``vps.Task`` (``tasks.Task``, ``to_vps_api``) on the emulator clock: it goes through
every pending state of ``vps.TaskStateEnum`` (``PENDING_STATES``, ``VirtualServers.step_seconds`` each; the
real order is not documented, the emulator shows them all so that a client's wait meets each one),
then ends ``done`` (or as ``VirtualServers.next_outcome`` says). While it runs the VPS's ``state`` is the
action's (stopping, rebooting, installing); when it is done the action takes effect (stopped, running,
the new image, the snapshot made, deleted or restored). A VPS with a pending task refuses another action.

Routes (schemas/openapi3-vps.json): ``GET /vps``, ``GET|PUT /vps/{serviceName}``, ``…/ips``,
``POST …/start|stop|reboot``, ``GET …/tasks``, ``…/tasks/{id}``, ``GET …/images/available``,
``…/images/available/{id}``, ``…/images/current``, ``POST …/rebuild``, ``POST …/createSnapshot``,
``GET|PUT|DELETE …/snapshot``, ``POST …/snapshot/revert``.

Seed: ``vps`` (``[{account, name, displayName, ips, state, tags, image, snapshot: {description,
createdSecondsAgo}, tasks: [{type, startedSecondsAgo}], …}]``). The IAM helpers (``_iam``,
``_iam_filter``, ``tags_match``) are the dedicated servers' (servers.py), shared by both lists.

Refusals the notes do not word (inferences): an action while a task is pending, starting a running
VPS or stopping a stopped one, a second snapshot, an image or SSH key the VPS or account does not have
(400 ``INVALID_PARAMETER``), no snapshot (404).
"""

import uuid

from .errors import ApiError, bad_request, object_not_found, service_not_found
from .product import Product, iso_date, only_keys
from .servers import _iam, _iam_filter, tags_match
from .tasks import Task

# vps.TaskStateEnum: the pending states, in the order an emulated task goes through them, then the final ones.
PENDING_STATES = ("todo", "waitingAck", "blocked", "paused", "doing")
TASK_STATES = ("blocked", "cancelled", "doing", "done", "error", "paused", "todo", "waitingAck")
TASK_TYPES = ("addVeeamBackupJob", "changeRootPassword", "createSnapshot", "deleteSnapshot", "deliverVm", "getConsoleUrl",
              "internalTask", "migrate", "openConsoleAccess", "provisioningAdditionalIp", "reOpenVm", "rebootVm",
              "reinstallVm", "removeVeeamBackup", "rescheduleAutoBackup", "restoreFullVeeamBackup", "restoreVeeamBackup",
              "restoreVm", "revertSnapshot", "setMonitoring", "setNetboot", "startVm", "stopVm", "upgradeVm")
# The images every emulated VPS can be rebuilt with (GET …/images/available), by name.
IMAGE_NAMES = ("AlmaLinux 9", "Debian 11", "Debian 12", "Rocky Linux 9", "Ubuntu 22.04", "Ubuntu 24.04")
KEYMAPS = ("fr", "us")
NETBOOT_MODES = ("local", "rescue")
# What a task does to its VPS: the VPS's state while it runs (None: unchanged), and once done.
STATE_DURING = {"stopVm": "stopping", "rebootVm": "rebooting", "reinstallVm": "installing", "revertSnapshot": "installing"}
STATE_AFTER = {"startVm": "running", "stopVm": "stopped", "rebootVm": "running", "reinstallVm": "running",
               "revertSnapshot": "running"}


def image_id(name):
    """A stable id per image name (the API's are UUIDs)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://emulator.invalid/vps/image/" + name))


IMAGES = {image_id(name): name for name in IMAGE_NAMES}


class Vps:
    def __init__(self, account, data):
        self.account = account
        self.name = data["name"]
        self.display_name = data.get("displayName", self.name)
        self.ips = list(data["ips"])
        self.state = data.get("state", "running")
        self.zone = data.get("zone", "Region OpenStack: os-gra7")
        self.model = data.get("model", "vps-2025-model1")
        self.vcore = data.get("vcore", 2)
        self.memory = data.get("memoryLimit", 4096)
        self.tags = dict(data.get("tags") or {})
        self.image = image_id(data.get("image", "Debian 12"))
        self.keymap = data.get("keymap")
        self.netboot_mode = data.get("netbootMode", "local")
        self.sla_monitoring = data.get("slaMonitoring", False)
        self.snapshot = None  # {id, description, creationDate (a timestamp), image} or None
        self.tasks = {}
        self.applied = set()  # ids of the final tasks whose effect has been taken into account

    def settle(self, now):
        """Take the effect of every task that ended since the last call, in order."""
        for task_id, (task, effect) in sorted(self.tasks.items()):
            if task_id in self.applied or not task.is_final(now):
                continue
            self.applied.add(task_id)
            if task.status(now) == "done":
                if task.function in STATE_AFTER:
                    self.state = STATE_AFTER[task.function]
                if effect is not None:
                    effect(task)

    def pending_task(self, now):
        for task_id, (task, _effect) in sorted(self.tasks.items()):
            if not task.is_final(now):
                return task_id, task
        return None

    def current_state(self, now):
        self.settle(now)
        pending = self.pending_task(now)
        if pending is not None and STATE_DURING.get(pending[1].function):
            return STATE_DURING[pending[1].function]
        return self.state

    def to_api(self, now):
        """vps.VPSWithIAM"""
        return {
            "cluster": "pcc-gra7-1",
            "displayName": self.display_name,
            "iam": _iam("vps", self.name, self.tags, self.account),
            "keymap": self.keymap,
            "memoryLimit": self.memory,
            "model": {
                "availableOptions": ["automatedBackup", "ftpbackup"],
                "datacenter": ["gra7"],
                "disk": 80,
                "maximumAdditionnalIp": 16,
                "memory": self.memory,
                "name": self.model,
                "offer": "VPS vps2025",
                "vcore": self.vcore,
                "version": "2019v1",
            },
            "monitoringIpBlocks": ["198.51.100.240/28"],
            "name": self.name,
            "netbootMode": self.netboot_mode,
            "offerType": "ssd",
            "slaMonitoring": self.sla_monitoring,
            "state": self.current_state(now),
            "vcore": self.vcore,
            "zone": self.zone,
            "zoneType": "region",
        }


# Handlers


def _vps(call):
    vps = call.state.vps.services.get((call.account, call.params["serviceName"]))
    if vps is None:
        raise service_not_found()
    vps.settle(call.state.now())
    return vps


def vps_list(call):
    """GET /vps?iamTags= : service names."""
    iam_filter = _iam_filter(call)
    return sorted(name for (account, name), vps in call.state.vps.services.items()
                  if account == call.account and tags_match(vps.tags, iam_filter))


def vps_get(call):
    """GET /vps/{serviceName} (vps.VPSWithIAM)"""
    return _vps(call).to_api(call.state.now())


def vps_put(call):
    """PUT /vps/{serviceName} (vps.VPS): only its writable fields (displayName, keymap, netbootMode, slaMonitoring)."""
    vps = _vps(call)
    data = call.json_body()
    only_keys(data, ("displayName", "keymap", "netbootMode", "slaMonitoring"))
    if "displayName" in data:
        name = data["displayName"]
        if name is not None and (not isinstance(name, str) or len(name) > 50):
            raise bad_request(f"[displayName] Given data ({name}) is not a string of at most 50 characters")
        vps.display_name = name
    if "keymap" in data:
        if data["keymap"] is not None and data["keymap"] not in KEYMAPS:
            raise bad_request(f"[keymap] Given data ({data['keymap']}) does not belong to the vps.VpsKeymapEnum enumeration")
        vps.keymap = data["keymap"]
    if "netbootMode" in data:
        if data["netbootMode"] not in NETBOOT_MODES:
            raise bad_request(f"[netbootMode] Given data ({data['netbootMode']}) does not belong to the "
                              "vps.VpsNetbootEnum enumeration")
        vps.netboot_mode = data["netbootMode"]
    if "slaMonitoring" in data:
        if data["slaMonitoring"] is not None and not isinstance(data["slaMonitoring"], bool):
            raise bad_request(f"[slaMonitoring] Given data ({data['slaMonitoring']}) is not valid for type boolean")
        vps.sla_monitoring = data["slaMonitoring"]
    return None


def vps_ips(call):
    """GET /vps/{serviceName}/ips: the VPS's addresses."""
    return list(_vps(call).ips)


def _start_task(call, vps, task_type, effect=None):
    """A new task on the VPS, refused while another one is pending; its vps.Task."""
    now = call.state.now()
    pending = vps.pending_task(now)
    if pending is not None:
        raise bad_request(f"A task is already pending on this VPS: task {pending[0]} ({pending[1].function}, "
                          f"{pending[1].status(now)})")
    task = call.state.vps.new_task(vps, task_type, now, effect)
    return task.to_vps_api(now)


def vps_start(call):
    """POST /vps/{serviceName}/start → vps.Task (startVm)"""
    vps = _vps(call)
    if vps.current_state(call.state.now()) == "running":
        raise bad_request("The VPS is already running")
    return _start_task(call, vps, "startVm")


def vps_stop(call):
    """POST /vps/{serviceName}/stop → vps.Task (stopVm)"""
    vps = _vps(call)
    if vps.current_state(call.state.now()) == "stopped":
        raise bad_request("The VPS is already stopped")
    return _start_task(call, vps, "stopVm")


def vps_reboot(call):
    """POST /vps/{serviceName}/reboot → vps.Task (rebootVm)"""
    return _start_task(call, _vps(call), "rebootVm")


def task_list(call):
    """GET /vps/{serviceName}/tasks?state=&type= : task ids."""
    vps = _vps(call)
    state, task_type = call.query_value("state"), call.query_value("type")
    if state is not None and state not in TASK_STATES:
        raise bad_request(f"[state] Given data ({state}) does not belong to the vps.TaskStateEnum enumeration")
    if task_type is not None and task_type not in TASK_TYPES:
        raise bad_request(f"[type] Given data ({task_type}) does not belong to the vps.TaskTypeEnum enumeration")
    now = call.state.now()
    return [task_id for task_id, (task, _effect) in sorted(vps.tasks.items())
            if (state is None or task.status(now) == state) and (task_type is None or task.function == task_type)]


def task_get(call):
    """GET /vps/{serviceName}/tasks/{id} (vps.Task)"""
    vps = _vps(call)
    task_id = call.long_param("id")
    if task_id not in vps.tasks:
        raise object_not_found(task_id)
    return vps.tasks[task_id][0].to_vps_api(call.state.now())


def images_available(call):
    """GET /vps/{serviceName}/images/available: image ids."""
    _vps(call)
    return sorted(IMAGES, key=IMAGES.get)


def image_get(call):
    """GET /vps/{serviceName}/images/available/{id} (vps.Image)"""
    _vps(call)
    wanted = call.params["id"]
    if wanted not in IMAGES:
        raise object_not_found(wanted)
    return {"id": wanted, "name": IMAGES[wanted]}


def image_current(call):
    """GET /vps/{serviceName}/images/current (vps.Image)"""
    vps = _vps(call)
    return {"id": vps.image, "name": IMAGES[vps.image]}


def rebuild(call):
    """POST /vps/{serviceName}/rebuild (vps.rebuild.post) → vps.Task (reinstallVm)"""
    vps = _vps(call)
    data = call.json_body()
    only_keys(data, ("doNotSendPassword", "imageId", "installRTM", "publicSshKey", "sshKey"))
    wanted = data.get("imageId")
    if not isinstance(wanted, str):
        raise bad_request("[imageId] Property is mandatory")
    if wanted not in IMAGES:
        raise bad_request(f"[imageId] Image {wanted} is not available for this VPS")
    for field in ("doNotSendPassword", "installRTM"):
        if field in data and not isinstance(data[field], bool):
            raise bad_request(f"[{field}] Given data ({data[field]}) is not valid for type boolean")
    for field in ("publicSshKey", "sshKey"):
        if field in data and not isinstance(data[field], str):
            raise bad_request(f"[{field}] Given data ({data[field]}) is not valid for type string")
    if "sshKey" in data and "publicSshKey" in data:
        raise bad_request("Give sshKey or publicSshKey, not both")
    if "sshKey" in data and (call.account, data["sshKey"]) not in call.state.ssh_keys.keys:
        raise bad_request(f"[sshKey] SSH key {data['sshKey']} does not exist in /me/sshKey")
    if data.get("doNotSendPassword") and not (data.get("sshKey") or data.get("publicSshKey")):
        raise bad_request("[doNotSendPassword] Only with an SSH key (sshKey or publicSshKey)")

    def install(_task):
        vps.image = wanted

    return _start_task(call, vps, "reinstallVm", install)


def _snapshot(vps):
    if vps.snapshot is None:
        raise ApiError(404, "NOT_FOUND", "This VPS has no snapshot")
    return vps.snapshot


def snapshot_create(call):
    """POST /vps/{serviceName}/createSnapshot {description} → vps.Task (createSnapshot)"""
    vps = _vps(call)
    data = call.json_body() if call.raw_body else {}
    only_keys(data, ("description",))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise bad_request(f"[description] Given data ({description}) is not valid for type string")
    if vps.snapshot is not None:
        raise bad_request("A snapshot already exists for this VPS: delete it first")

    def create(task):
        vps.snapshot = {"id": str(uuid.uuid4()), "description": description, "creationDate": task.end(),
                        "image": vps.image}

    return _start_task(call, vps, "createSnapshot", create)


def snapshot_get(call):
    """GET /vps/{serviceName}/snapshot (vps.Snapshot)"""
    snapshot = _snapshot(_vps(call))
    return {"creationDate": iso_date(snapshot["creationDate"]), "description": snapshot["description"],
            "id": snapshot["id"], "region": "os-gra7"}


def snapshot_put(call):
    """PUT /vps/{serviceName}/snapshot (vps.Snapshot): its description only."""
    snapshot = _snapshot(_vps(call))
    data = call.json_body()
    only_keys(data, ("description",))
    if not isinstance(data.get("description", ""), str):
        raise bad_request(f"[description] Given data ({data['description']}) is not valid for type string")
    if "description" in data:
        snapshot["description"] = data["description"]
    return None


def snapshot_delete(call):
    """DELETE /vps/{serviceName}/snapshot → vps.Task (deleteSnapshot)"""
    vps = _vps(call)
    _snapshot(vps)

    def delete(_task):
        vps.snapshot = None

    return _start_task(call, vps, "deleteSnapshot", delete)


def snapshot_revert(call):
    """POST /vps/{serviceName}/snapshot/revert → vps.Task (revertSnapshot): the VPS back to its snapshot's disk."""
    vps = _vps(call)
    snapshot = _snapshot(vps)

    def revert(_task):
        vps.image = snapshot["image"]

    return _start_task(call, vps, "revertSnapshot", revert)


class VirtualServers(Product):
    """The VPS of every account, by (account, service name)."""

    name = "vps"
    routes = (
        ("GET", "/vps", vps_list),
        ("GET", "/vps/{serviceName}", vps_get),
        ("PUT", "/vps/{serviceName}", vps_put),
        ("GET", "/vps/{serviceName}/ips", vps_ips),
        ("POST", "/vps/{serviceName}/start", vps_start),
        ("POST", "/vps/{serviceName}/stop", vps_stop),
        ("POST", "/vps/{serviceName}/reboot", vps_reboot),
        ("GET", "/vps/{serviceName}/tasks", task_list),
        ("GET", "/vps/{serviceName}/tasks/{id}", task_get),
        ("GET", "/vps/{serviceName}/images/available", images_available),
        ("GET", "/vps/{serviceName}/images/available/{id}", image_get),
        ("GET", "/vps/{serviceName}/images/current", image_current),
        ("POST", "/vps/{serviceName}/rebuild", rebuild),
        ("POST", "/vps/{serviceName}/createSnapshot", snapshot_create),
        ("GET", "/vps/{serviceName}/snapshot", snapshot_get),
        ("PUT", "/vps/{serviceName}/snapshot", snapshot_put),
        ("DELETE", "/vps/{serviceName}/snapshot", snapshot_delete),
        ("POST", "/vps/{serviceName}/snapshot/revert", snapshot_revert),
    )
    seed_keys = ("vps",)

    def __init__(self, state):
        super().__init__(state)
        self.services = {}
        self.step_seconds = 1  # emulator seconds a task spends in each pending state
        # The next task's end: (final state, the pending state it ends after), e.g. ("error", "doing"); then done again.
        self.next_outcome = None

    def load(self, seed):
        now = self.state.now()
        for data in seed.get("vps", []):
            vps = self.add_vps(data["account"], data)
            for task in data.get("tasks", []):
                self.new_task(vps, task["type"], now - task.get("startedSecondsAgo", 0))
            snapshot = data.get("snapshot")
            if snapshot:
                vps.snapshot = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "https://emulator.invalid/vps/snapshot/" + vps.name)),
                                "description": snapshot.get("description", ""),
                                "creationDate": now - snapshot.get("createdSecondsAgo", 0), "image": vps.image}
            vps.settle(now)

    def add_vps(self, account, data):
        vps = Vps(account, data)
        self.services[(account, vps.name)] = vps
        return vps

    def new_task(self, vps, task_type, start, effect=None):
        """A task through every pending state (``step_seconds`` each), then its outcome."""
        final, last_pending = self.next_outcome or ("done", PENDING_STATES[-1])
        self.next_outcome = None
        states = PENDING_STATES[:PENDING_STATES.index(last_pending) + 1]
        schedule = [(index * self.step_seconds, status) for index, status in enumerate(states)]
        schedule.append((len(states) * self.step_seconds, final))
        task = Task(self.state.new_id("vps_task"), task_type, start, schedule, initial="todo")
        vps.tasks[task.task_id] = (task, effect)
        return task
