#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_vps_snapshot
short_description: Take, delete or restore the snapshot of an OVHcloud VPS
version_added: 0.1.0
description:
  - A VPS has at most one snapshot (C(GET /vps/{serviceName}/snapshot)). V(present) takes one when there is none
    (C(POST /vps/{serviceName}/createSnapshot)) and otherwise only sets its O(description) when it differs
    (C(PUT …/snapshot)); V(absent) deletes it (C(DELETE …/snapshot)); V(restored) reverts the VPS to it
    (C(POST …/snapshot/revert)), which erases what changed on the disk since.
  - V(restored) needs a snapshot (the task fails otherwise, nothing sent) and is safe to rerun. The VPS's task list is
    the only trace of a revert, so the task reverts unless the newest C(revertSnapshot) task that is C(done)
    started after the snapshot was taken (the VPS was restored from this very snapshot already), or a revert is pending
    (waited for, not started twice). O(force=true) reverts anyway. The API keeps a VPS's tasks for a limited time, so
    once it no longer lists that revert, V(restored) reverts again.
  - A task pending on the VPS is waited for before anything is decided (the API refuses another action meanwhile, and
    nothing is started twice). Check mode does not wait; it predicts from the pending tasks.
  - With O(wait=true) the task waits until the snapshot's task is C(done), and fails with its type, state and progress
    when it ends in C(error) or C(cancelled).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the snapshot and the VPS's tasks and predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the snapshot (id, description, creation date) before and after.
options:
  service_name:
    description:
      - The VPS's service name, for example V(vps-1a2b3c4d.vps.ovh.net).
    type: str
    required: true
  state:
    description:
      - V(present), V(absent) or V(restored) (see the description).
    type: str
    choices: [present, absent, restored]
    default: present
  description:
    description:
      - The snapshot's description, with O(state=present). Unset, a new snapshot gets none and an existing one keeps
        its own.
    type: str
  force:
    description:
      - With O(state=restored), revert even when the VPS was restored from this snapshot already.
    type: bool
    default: false
  wait:
    default: true
  wait_timeout:
    default: 1800
'''

EXAMPLES = r'''
- name: A snapshot of the web VPS before an upgrade
  signet.ovh.ovh_vps_snapshot:
    service_name: vps-1a2b3c4d.vps.ovh.net
    description: before upgrade

- name: Back to it (once; a rerun does not revert again)
  signet.ovh.ovh_vps_snapshot:
    service_name: vps-1a2b3c4d.vps.ovh.net
    state: restored

- name: No snapshot on the dev VPS
  signet.ovh.ovh_vps_snapshot:
    service_name: vps-5e6f7a8b.vps.ovh.net
    state: absent
'''

RETURN = r'''
snapshot:
  description: The snapshot after the task (API C(vps.Snapshot) in snake_case), V(null) without one.
  returned: success
  type: dict
  sample: {"id": "3b1e4c2a-5d6f-4e7a-8b9c-0d1e2f3a4b5c", "description": "before upgrade",
           "creation_date": "2026-01-05T10:00:00+00:00", "region": "os-gra7"}
previous_snapshot:
  description: The snapshot before the task, V(null) without one.
  returned: success
  type: dict
restored_by:
  description: With O(state=restored), the C(revertSnapshot) task that restored the VPS from this snapshot already, so
    none was started (V(null) otherwise).
  returned: success
  type: dict
task:
  description:
    - The task this run started or waited for (API C(vps.Task) in snake_case), as last read; V(null) without one.
  returned: success
  type: dict
  sample: {"id": 60000004, "type": "createSnapshot", "state": "done", "progress": 100,
           "date": "2026-01-05T10:00:00+00:00"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task
from ansible_collections.signet.ovh.plugins.module_utils.vps import (
    REVERT_TYPE, check_service_name, create_snapshot, delete_snapshot, pending_tasks, read_snapshot, read_vps,
    restored_since, revert_snapshot, set_snapshot_description)


def _view(snapshot):
    return snake_keys(snapshot) if snapshot else None


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent", "restored"], default="present"),
            description=dict(type="str"),
            force=dict(type="bool", default=False),
            **wait_options(wait=True, timeout=1800)
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = check_input(module, check_service_name, params["service_name"])
    check_wait_options(module)
    kind = TASK_KINDS["vps"]
    result = dict(changed=False, task=None, restored_by=None)
    with ovh_session(module, result, task_failed="the snapshot task of %s failed" % name,
                     what_goes_on="it goes on: run the task again to wait more (nothing is started twice)") as client:
        read_vps(client, name)
        pending = pending_tasks(client, name)
        if pending and not module.check_mode:
            for task in pending:
                result["task"] = snake_keys(wait_for_task(client, kind, name, task["id"], params["wait_timeout"]))
        snapshot = read_snapshot(client, name)
        result["previous_snapshot"] = result["snapshot"] = _view(snapshot)
        types = [task["type"] for task in pending] if module.check_mode else []
        # In check mode, what the pending tasks will have done.
        if "createSnapshot" in types:
            snapshot = snapshot or {"id": None, "description": params["description"] or "", "creationDate": None}
        if "deleteSnapshot" in types:
            snapshot = None
        write, after = _plan(module, client, name, snapshot, types, result)
        with_diff(module, result, result["previous_snapshot"], after)
        if module.check_mode or write is None:
            result["changed"] = write is not None
            result["snapshot"] = after
            module.exit_json(**result)
        task = write(client)
        result["changed"] = True
        if task is not None:
            result["task"] = snake_keys(task)
            if params["wait"]:
                result["task"] = snake_keys(wait_for_task(client, kind, name, task["id"], params["wait_timeout"]))
        result["snapshot"] = _view(read_snapshot(client, name))
    module.exit_json(**result)


def _plan(module, client, name, snapshot, pending_types, result):
    """(the write, a function of the client answering a task or None; or None for no write), and the snapshot after."""
    params = module.params
    wanted = params["state"]
    if wanted == "absent":
        if snapshot is None:
            return None, None
        return (lambda client: delete_snapshot(client, name)), None
    if wanted == "present":
        description = params["description"]
        if snapshot is None:
            after = {"id": None, "description": description or "", "creation_date": None}
            return (lambda client: create_snapshot(client, name, description)), after
        if description is not None and description != snapshot.get("description"):
            return (lambda client: set_snapshot_description(client, name, description)), dict(
                _view(snapshot), description=description)
        return None, _view(snapshot)
    if snapshot is None:
        module.fail_json(msg="state=restored: %s has no snapshot to restore" % name, **result)
    if REVERT_TYPE in pending_types:
        return None, _view(snapshot)
    if not params["force"]:
        done = restored_since(client, name, snapshot) if snapshot.get("creationDate") else None
        if done is not None:
            result["restored_by"] = snake_keys(done)
            return None, _view(snapshot)
    return (lambda client: revert_snapshot(client, name)), _view(snapshot)


if __name__ == "__main__":
    main()
