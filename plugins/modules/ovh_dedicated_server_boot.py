#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dedicated_server_boot
short_description: Choose the boot of an OVHcloud dedicated server (disk, rescue, network) and reboot it
version_added: 0.1.0
description:
  - Sets the boot a dedicated server starts on at its next reboot (C(PUT /dedicated/server/{serviceName}) with its
    C(bootId)) and reboots it (C(POST /dedicated/server/{serviceName}/reboot), a C(hardReboot) task), for rescue mode,
    a network boot, or back to the installed system.
  - O(boot) is resolved from the server's own boot list (C(GET /dedicated/server/{serviceName}/boot)); only what is
    needed is read. The boot is written only when it differs from the server's.
  - O(reboot=on_change) reboots only when the boot changed, O(reboot=always) reboots in any case (without O(boot), a
    plain reboot on the current boot), O(reboot=never) only sets the boot, for the next reboot.
  - A reboot already running (a pending C(hardReboot) task) is never started twice. When the boot did not change, the
    task waits for that reboot (with O(wait=true)) instead of starting one. When the boot changed, the running reboot
    may start the previous boot, so the task waits for it to end (even with O(wait=false), within O(wait_timeout)),
    then reboots again.
  - With O(wait=true) the task waits until the reboot task is done, and fails with the task's comment when it ends in
    C(customerError), C(ovhError) or C(cancelled). A reboot task is done once the server was power-cycled, not once the
    system answers; use C(ansible.builtin.wait_for_connection) for that (see the servers guide).
  - O(wait) defaults to V(true), following the collection's rule, since a reboot takes from seconds to a few minutes and
    what follows (reaching the rescue system, the work on it) needs it done.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the server, its boot and its running reboot, and predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the boot id before and after, and whether the server would be rebooted.
options:
  service_name:
    description:
      - The server's service name, for example V(ns3001234.ip-203-0-113.eu).
    type: str
    required: true
  boot:
    description:
      - The boot to set. V(harddisk) (the installed system) or V(rescue) (OVHcloud's rescue system), each the boot of that
        type the server lists (the one with the lowest id if it lists several; a server already on a boot of that type
        keeps it); a boot id, for example V(22); or a kernel name of the server's boots, for example V(rescue64-pro) or a
        network kernel.
      - When not given, the current boot is kept (for O(reboot=always), a plain reboot).
      - In rescue mode, the rescue credentials go to the server's C(rescue_mail) (or the account's e-mail), or its
        C(rescue_ssh_key) is installed; set them with M(signet.ovh.ovh_dedicated_server).
    type: str
  reboot:
    description:
      - V(on_change) reboots when the boot changed; V(always) reboots in any case; V(never) does not reboot (the boot
        then takes effect at the next reboot).
    type: str
    choices: [on_change, always, never]
    default: on_change
  wait_timeout:
    default: 900
seealso:
  - module: signet.ovh.ovh_dedicated_server
  - name: ansible.builtin.wait_for_connection
    description: Waits until a system answers, for example the rescue system once the reboot is done.
    link: https://docs.ansible.com/ansible/latest/collections/ansible/builtin/wait_for_connection_module.html
'''

EXAMPLES = r'''
- name: Boot the rescue system and wait for the reboot
  signet.ovh.ovh_dedicated_server_boot:
    service_name: ns3001234.ip-203-0-113.eu
    boot: rescue
  register: rescue

- name: The boot and the reboot task
  ansible.builtin.debug:
    msg: "{{ rescue.boot.kernel }}: {{ rescue.task.status }}"

- name: Back to the installed system
  signet.ovh.ovh_dedicated_server_boot:
    service_name: ns3001234.ip-203-0-113.eu
    boot: harddisk

- name: A plain reboot on the current boot, without waiting
  signet.ovh.ovh_dedicated_server_boot:
    service_name: ns3001234.ip-203-0-113.eu
    reboot: always
    wait: false

- name: Set a network kernel for the next reboot only
  signet.ovh.ovh_dedicated_server_boot:
    service_name: ns3001234.ip-203-0-113.eu
    boot: bzImage-6.1.55-xxxx-std-ipv6-64
    reboot: never
'''

RETURN = r'''
boot:
  description:
    - The server's boot after the task (in check mode, the one it would have), the API's C(dedicated.server.Netboot)
      with its keys in snake_case; V(null) when the server has no boot set and O(boot) is not given.
  returned: success
  type: dict
  contains:
    boot_id:
      description: The boot's id.
      type: int
    boot_type:
      description: V(harddisk), V(internal), V(network), V(power) or V(rescue).
      type: str
    kernel:
      description: The boot's kernel.
      type: str
    description:
      description: What the boot is.
      type: str
  sample: {"boot_id": 22, "boot_type": "rescue", "kernel": "rescue64-pro", "description": "Rescue64-pro (Customer rescue system (Linux))"}
previous_boot_id:
  description: The server's boot id before the task.
  returned: success
  type: int
  sample: 1
rebooted:
  description: Whether this task started a reboot (in check mode, whether it would have).
  returned: success
  type: bool
already_running:
  description: Whether a reboot was running when the task started.
  returned: success
  type: bool
task:
  description:
    - The hardReboot task (API C(dedicated.server.Task), keys in snake_case) as last read, the one started or the one
      found running; V(null) when there is none.
  returned: success
  type: dict
  sample: {"task_id": 8000002, "function": "hardReboot", "status": "done", "comment": "Reboot done"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.servers import (
    check_service_name, REBOOT_FUNCTION, parse_boot, read_server, resolve_boot, running_task, start_reboot, write_properties)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str", required=True),
            boot=dict(type="str"),
            reboot=dict(type="str", choices=["on_change", "always", "never"], default="on_change"),
            **wait_options(wait=True, timeout=900)
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = check_input(module, check_service_name, params["service_name"])
    wanted = check_input(module, parse_boot, params["boot"]) if params["boot"] is not None else None
    check_wait_options(module)
    result = dict(changed=False, rebooted=False, already_running=False, task=None)
    with ovh_session(module, result, task_failed="the reboot of %s failed" % name,
                     what_goes_on="the reboot goes on: run the task again to wait more (nothing is started twice)") as client:
        server = read_server(client, name)
        current = server.get("bootId")
        result["previous_boot_id"] = current
        if wanted is not None:
            target = resolve_boot(client, name, wanted, current)
        else:
            target = resolve_boot(client, name, ("id", current)) if current is not None else None
        result["boot"] = snake_keys(target)
        change = target is not None and target["bootId"] != current
        reboot = params["reboot"] == "always" or (params["reboot"] == "on_change" and change)
        running = running_task(client, name, REBOOT_FUNCTION) if params["reboot"] != "never" else None
        result["already_running"] = running is not None
        result["task"] = snake_keys(running)
        # A reboot already running is not doubled, unless it started before this boot change.
        start = reboot and (running is None or change)
        with_diff(module, result, {"boot_id": current, "rebooted": False},
                  {"boot_id": target["bootId"] if target else current, "rebooted": start})
        if module.check_mode:
            result["changed"] = change or start
            result["rebooted"] = start
            module.exit_json(**result)
        if change:
            write_properties(client, name, {"bootId": target["bootId"]})
            result["changed"] = True
        task = running
        if start:
            if running is not None:
                _wait(module, client, name, running, result)  # it may boot the previous boot: let it end first
            try:
                task = start_reboot(client, name)
            except OvhApiError:
                if change:  # a rerun would find the boot set and, with reboot=on_change, not reboot
                    module.warn("the boot of %s is now %s but the reboot was refused: run the task again with "
                                "reboot=always to boot on it" % (name, target["bootId"]))
                raise
            result["rebooted"] = result["changed"] = True
            result["task"] = snake_keys(task)
        if task is not None and params["wait"]:
            _wait(module, client, name, task, result)
    module.exit_json(**result)


def _wait(module, client, name, task, result):
    """Until the task is final; a failure (with its comment) or a timeout fails the task in ovh_session."""
    def keep(current):
        result["task"] = snake_keys(current)

    wait_for_task(client, TASK_KINDS["dedicated_server"], name, task["taskId"], module.params["wait_timeout"], on_read=keep)


if __name__ == "__main__":
    main()
