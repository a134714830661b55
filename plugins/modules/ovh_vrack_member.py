#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_vrack_member
short_description: Add a dedicated server, a Public Cloud project or an IP block to an OVHcloud vRack, or remove it
version_added: 0.1.0
description:
  - Makes one service a member of a vRack (OVHcloud's private network between services), or not.
  - A dedicated server joins through its vRack network interface (C(dedicatedServerInterface)) when it has one (servers
    whose interfaces C(GET /dedicated/server/{serviceName}/virtualNetworkInterface?mode=vrack) lists); an older
    server without one joins as a whole (C(dedicatedServer)). The module picks the right one itself.
  - Every add and remove is a vRack task. With O(wait=true) the module waits until the task is over; a finished task
    disappears from the API (its read answers 404), which the module takes for done.
  - A task already running for the same member is never started again; with O(wait=true) the module waits for it,
    then reads the membership again and sends the change only if it is still needed. When that task (not this
    module's) ends cancelled, the module warns and goes on the same way; a failure of its own task fails it.
  - "Requests: for a dedicated server one read of its vRack interfaces; one read of the member collection; when a change
    is needed, one read of the vRack's tasks (and one batch of their objects when there are any), for a server's
    interface one read of it (to report one in another vRack before sending anything), then one write and one read per
    poll while waiting. An IP block already in the vRack is read once more to compare its region."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the membership and the running tasks and predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the membership (the member and whether it is in the vRack) before and after.
options:
  vrack:
    description:
      - The vRack's service name, for example V(pn-12345) (C(GET /vrack) lists them).
    type: str
    required: true
  dedicated_server:
    description:
      - A dedicated server's service name, for example V(ns3001234.ip-203-0-113.eu).
      - Exactly one of O(dedicated_server), O(cloud_project) and O(ip_block) is required.
    type: str
  cloud_project:
    description:
      - A Public Cloud project's id (32 hexadecimal digits).
    type: str
  ip_block:
    description:
      - An IPv4 block of the account, for example V(192.0.2.128/28).
    type: str
  region:
    description:
      - The region the O(ip_block) is routed in within the vRack, for example V(eu-west-gra). Required to add a block.
      - A block already in the vRack with another region is not moved; the task fails and says so (remove it first).
    type: str
  state:
    description:
      - Whether the service is a member of the vRack.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A server, a project or a block is in one vRack at most. Adding one that is in another vRack fails with the API's
    refusal; remove it from there first (O(state=absent) with the other vRack).
'''

EXAMPLES = r'''
- name: Put the server in the private network (through its vRack interface when it has one)
  signet.ovh.ovh_vrack_member:
    vrack: pn-12345
    dedicated_server: ns3001234.ip-203-0-113.eu
  register: joined

- name: The interface that joined
  ansible.builtin.debug:
    msg: "{{ joined.member.kind }} {{ joined.member.id }}"

- name: Add a Public Cloud project without waiting for the task
  signet.ovh.ovh_vrack_member:
    vrack: pn-12345
    cloud_project: fedcba9876543210fedcba9876543210
    wait: false

- name: Route an IP block through the vRack in Gravelines
  signet.ovh.ovh_vrack_member:
    vrack: pn-12345
    ip_block: 198.51.100.128/28
    region: eu-west-gra

- name: Take the older server out of the vRack
  signet.ovh.ovh_vrack_member:
    vrack: pn-12345
    dedicated_server: ns3005678.ip-198-51-100.eu
    state: absent
'''

RETURN = r'''
member:
  description:
    - The member, as the vRack names it. C(kind) is the API's collection in snake_case (V(dedicated_server_interface),
      V(dedicated_server), V(cloud_project) or V(ip)) and C(id) the id it lists (an interface's uuid, a server's name,
      a project's id, a block).
    - C(dedicated_server) is the server (for both server kinds), C(region) the region of a block.
  returned: success
  type: dict
  sample: {"kind": "dedicated_server_interface", "id": "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f",
           "dedicated_server": "ns3001234.ip-203-0-113.eu"}
present:
  description:
    - Whether the member is in the vRack after the task (in check mode, or with O(wait=false), once the task started
      is over).
  returned: success
  type: bool
already_running:
  description: Whether a task of the vRack was already running for this member when the module started.
  returned: success
  type: bool
task:
  description:
    - The vRack task (API C(vrack.Task), keys in snake_case) started or waited for, as last read; V(null) when there was
      none. A task the API no longer lists is reported with C(status) V(done).
  returned: success
  type: dict
  sample: {"id": 70000001, "function": "addDedicatedServerInterfaceToVrack", "status": "done",
           "service_name": "pn-12345", "target_domain": "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, TaskFailed, wait_for_task
from ansible_collections.signet.ovh.plugins.module_utils.vrack import (
    MEMBER_OPTIONS, add_member, interface_vrack, is_member, normalize_vrack, read_ip_member, remove_member, resolve_member,
    running_task, wanted_member)


def main():
    module = ovh_module(
        dict(
            vrack=dict(type="str", required=True),
            dedicated_server=dict(type="str"),
            cloud_project=dict(type="str"),
            ip_block=dict(type="str"),
            region=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            **wait_options(wait=True, timeout=600)
        ),
        mutually_exclusive=[MEMBER_OPTIONS],
        required_one_of=[MEMBER_OPTIONS],
        supports_check_mode=True,
    )
    params = module.params
    vrack = check_input(module, normalize_vrack, params["vrack"])
    option, value, region = check_input(module, wanted_member, params)
    check_wait_options(module)
    wanted = params["state"] == "present"
    result = dict(changed=False, already_running=False, task=None)
    with ovh_session(module, result, task_failed="the vRack task of %s failed" % vrack,
                     what_goes_on="the vRack task goes on: run the task again to wait more (nothing is started twice)") as client:
        member = resolve_member(client, vrack, option, value, region)
        result["member"] = member.as_result()
        present = before = is_member(client, vrack, member)
        if present != wanted:
            task = running_task(client, vrack, member)
            if task is not None:
                result["already_running"] = True
                result["task"] = snake_keys(task)
                if params["wait"] and not module.check_mode:
                    try:
                        result["task"] = snake_keys(_wait(module, client, vrack, task))
                    except TaskFailed as exc:
                        # Not this task's write: it failing says nothing of ours, which goes on from what is there now.
                        result["task"] = snake_keys(exc.task)
                        module.warn("a vRack task already running on this member failed (%s); carrying on from the "
                                    "vRack as it is now" % exc)
                    present = before = is_member(client, vrack, member)
        if present and wanted and member.collection == "ip":
            _check_region(module, client, vrack, member, result)
        if present != wanted and not (result["already_running"] and (module.check_mode or not params["wait"])):
            if wanted and member.collection == "dedicatedServerInterface":
                _check_interface_free(module, client, vrack, member, result)
            if not module.check_mode:
                task = add_member(client, vrack, member) if wanted else remove_member(client, vrack, member)
                result["task"] = snake_keys(task)
            result["changed"] = True  # in check mode, the prediction; else the API accepted the write
            if params["wait"] and not module.check_mode:
                result["task"] = snake_keys(_wait(module, client, vrack, task))
            present = wanted
        elif result["already_running"]:
            present = wanted  # the running task makes it so once it is over
    result["present"] = present
    module.exit_json(**with_diff(module, result, _membership(vrack, result["member"], before),
                                 _membership(vrack, result["member"], present)))


def _wait(module, client, vrack, task):
    return wait_for_task(client, TASK_KINDS["vrack"], vrack, task["id"], module.params["wait_timeout"])


def _check_region(module, client, vrack, member, result):
    """A block in the vRack with another region cannot be moved in place."""
    held = read_ip_member(client, vrack, member)
    if member.region is not None and held.get("region") != member.region:
        module.fail_json(msg="ip_block %s is in vRack %s with region %s, not %s; a block's region cannot be changed in place: "
                             "remove it (state=absent), then add it with the new region"
                             % (member.member_id, vrack, printable(held.get("region")), member.region), **result)


def _check_interface_free(module, client, vrack, member, result):
    """An interface in another vRack: the API would refuse it; say where it is, before any write."""
    other = interface_vrack(client, member)
    if other and other != vrack:
        module.fail_json(msg="dedicated_server %s is in vRack %s (interface %s); remove it from there first (state=absent, "
                             "vrack=%s)" % (member.server, printable(other), member.member_id, printable(other)), **result)


def _membership(vrack, member, present):
    return {"vrack": vrack, "member": member, "present": present}


if __name__ == "__main__":
    main()
