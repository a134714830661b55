#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_vps
short_description: Start, stop or reboot an OVHcloud VPS, and set its display name
version_added: 0.1.0
description:
  - Brings a VPS to O(state) with C(POST /vps/{serviceName}/start), C(stop) or C(reboot), each a task of the VPS
    (C(vps.Task)), and sets its display name with C(PUT /vps/{serviceName}) (C(displayName) is a writable field of
    C(vps.VPS)).
  - V(running) starts the VPS only when it is stopped, V(stopped) stops it only when it is not; V(restarted) always
    reboots it (changed every run), except when a reboot is already pending, which is taken as the one asked.
  - A task already pending on the VPS (a reboot, a rebuild, a snapshot...) is waited for before anything is decided,
    since the API refuses another action meanwhile; nothing is started twice, and when that task fails, so does
    this one, without starting anything. Check mode does not wait; it predicts from the state the pending tasks lead to.
  - With O(wait=true) the task waits until the action's task is C(done), and fails with the task's type, state and
    progress when it ends in C(error) or C(cancelled) (a VPS task carries no comment). C(todo), C(doing),
    C(waitingAck), C(paused) and C(blocked) are pending.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the VPS and its pending tasks and predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the VPS's state and display name before and after.
options:
  service_name:
    description:
      - The VPS's service name, for example V(vps-1a2b3c4d.vps.ovh.net).
    type: str
    required: true
  state:
    description:
      - V(running), V(stopped), or V(restarted) (a reboot). Unset, the VPS's power is left alone.
    type: str
    choices: [running, stopped, restarted]
  display_name:
    description:
      - The name shown for the VPS in the control panel (at most 50 characters). Unset, left alone.
    type: str
'''

EXAMPLES = r'''
- name: The web VPS runs, under its display name
  signet.ovh.ovh_vps:
    service_name: vps-1a2b3c4d.vps.ovh.net
    state: running
    display_name: web-vps

- name: Reboot it and wait for the reboot
  signet.ovh.ovh_vps:
    service_name: vps-1a2b3c4d.vps.ovh.net
    state: restarted
  register: reboot

- name: The reboot's task
  ansible.builtin.debug:
    msg: "{{ reboot.task.type }} {{ reboot.task.state }}"
'''

RETURN = r'''
status:
  description: The VPS's C(state) as the API reports it after the task (in check mode, the one predicted).
  returned: success
  type: str
  sample: running
previous_status:
  description: The VPS's C(state) before the task.
  returned: success
  type: str
  sample: stopped
display_name:
  description: The VPS's display name after the task.
  returned: success
  type: str
  sample: web-vps
already_running:
  description: The tasks that were pending on the VPS when the task began (API C(vps.Task), snake_case), waited for.
  returned: success
  type: list
  elements: dict
task:
  description:
    - The task of the action this run started (API C(vps.Task) in snake_case), as last read; V(null) without one.
  returned: success
  type: dict
  sample: {"id": 60000002, "type": "rebootVm", "state": "done", "progress": 100, "date": "2026-01-05T10:00:00+00:00"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task
from ansible_collections.signet.ovh.plugins.module_utils.vps import (
    ACTIONS, STATE_AFTER, check_display_name, check_service_name, pending_tasks, power_action, read_vps,
    set_display_name, start_action, state_after, wait_for_pending)


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str", required=True),
            state=dict(type="str", choices=["running", "stopped", "restarted"]),
            display_name=dict(type="str"),
            **wait_options(wait=True, timeout=600)
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = check_input(module, check_service_name, params["service_name"])
    display_name = check_input(module, check_display_name, params["display_name"])
    check_wait_options(module)
    wanted = params["state"]
    kind = TASK_KINDS["vps"]
    result = dict(changed=False, task=None, already_running=[])
    with ovh_session(module, result, task_failed="the %s of %s failed" % (ACTIONS[wanted][0] if wanted else "task", name),
                     what_goes_on="it goes on: run the task again to wait more (nothing is started twice)") as client:
        vps = read_vps(client, name)
        result["previous_status"] = result["status"] = vps["state"]
        result["display_name"] = vps["displayName"]
        pending = pending_tasks(client, name)
        result["already_running"] = snake_keys(pending)
        reboot_pending = any(task["type"] == ACTIONS["restarted"][1] for task in pending)
        if module.check_mode:
            status = state_after(vps["state"], pending)
        else:
            wait_for_pending(client, name, pending, params["wait_timeout"])  # the API refuses an action meanwhile
            if pending:
                vps = read_vps(client, name)
            status = result["status"] = vps["state"]
        action = power_action(wanted, status) if wanted else None
        if action == "reboot" and reboot_pending:
            action = None  # the pending reboot is the one asked
        # The display name is nullable: an empty one is no change where the VPS has none.
        rename = display_name is not None and display_name != vps["displayName"] and bool(display_name or vps["displayName"])
        after_status = STATE_AFTER[ACTIONS[wanted][1]] if action else status
        after_name = display_name if rename else vps["displayName"]
        with_diff(module, result, dict(status=result["previous_status"], display_name=result["display_name"]),
                  dict(status=after_status, display_name=after_name))
        if module.check_mode:
            result["changed"] = bool(action or rename)
            result.update(status=after_status, display_name=after_name)
            module.exit_json(**result)
        if rename:
            set_display_name(client, name, display_name)
            result["changed"] = True
            result["display_name"] = display_name
        if action:
            task = start_action(client, name, action)
            result["changed"] = True
            result["task"] = snake_keys(task)
            if params["wait"]:
                result["task"] = snake_keys(wait_for_task(client, kind, name, task["id"], params["wait_timeout"]))
        if action:
            result["status"] = read_vps(client, name)["state"]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
