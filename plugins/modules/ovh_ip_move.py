#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_ip_move
short_description: Move a failover IP to a server, or park it
version_added: 0.1.0
description:
  - Routes a failover (additional) IP or block to a dedicated server or VPS of the account
    (C(POST /ip/{ip}/move)), or parks it (C(POST /ip/{ip}/park)), then waits for the IP task the API answers
    (C(GET /ip/{ip}/task/{taskId}), C(init), C(todo), C(doing), then C(done)); with O(wait), the task fails if the move
    ends otherwise, with the task's comment.
  - The fail-over step of keepalived-style scripts, so it is quick and safe to rerun. An IP already routed where asked
    takes one request (C(GET /ip/{ip})) and no write. A move takes C(GET /ip/{ip}), the IP's task list and its newest
    task (a move still running is waited for, never started twice; the IP is read again after it), the C(POST), then the
    task reads while waiting. A move still running that ends otherwise (another run's) is reported as a warning, and
    this run's move is made. The destinations (C(GET /ip/{ip}/move)) are read only when the API refuses a move, to say
    where the IP may go.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
  - signet.ovh.wait.poll_interval
attributes:
  check_mode:
    support: full
    details:
      - Reads where the IP is routed (one request) and, when it is elsewhere, the IP's newest task (two more requests;
        a move already running there is no change). Sends no write and waits for nothing.
  diff_mode:
    support: full
    details: Shows where the IP is routed before and after.
options:
  ip:
    description:
      - The failover IP, V(203.0.113.100), or block, V(198.51.100.128/30), as the API names it (C(GET /ip) lists them).
    type: str
    required: true
  to:
    description:
      - The service name of the dedicated server or VPS the IP goes to, for example V(ns3001234.ip-203-0-113.eu).
      - Required with O(state=routed).
    type: str
  nexthop:
    description:
      - The destination's next hop, where the destination has several (C(GET /ip/{ip}/move) lists them); the API picks
        it otherwise. Sent only when a move is needed.
    type: str
  state:
    description:
      - V(routed) routes the IP to O(to); V(parked) detaches it from any service (it stays the account's).
    type: str
    choices: [routed, parked]
    default: routed
  wait_timeout:
    default: 300
  poll_interval:
    default: 5
seealso:
  - module: signet.ovh.ovh_ip_info
'''

EXAMPLES = r'''
# The fail-over step: run by keepalived's notify script on the node that becomes master.
- name: Route the service address to this server
  signet.ovh.ovh_ip_move:
    ip: 203.0.113.100
    to: ns3005678.ip-198-51-100.eu
  register: moved

- name: Where it was and where it is
  ansible.builtin.debug:
    msg: "203.0.113.100 moved from {{ moved.from }} to {{ moved.to }}"

- name: And back (a rerun changes nothing)
  signet.ovh.ovh_ip_move:
    ip: 203.0.113.100/32
    to: ns3001234.ip-203-0-113.eu

- name: Park a spare block
  signet.ovh.ovh_ip_move:
    ip: 198.51.100.128/30
    state: parked
'''

RETURN = r'''
ip:
  description: The IP block, as the API names it.
  returned: always
  type: str
  sample: 203.0.113.100/32
from:
  description: The service the IP was routed to before the task; V(null) when it was parked.
  returned: success
  type: str
  sample: ns3001234.ip-203-0-113.eu
to:
  description:
    - The service the IP is routed to after the task (in check mode, or with O(wait=false), the one it goes to); V(null)
      when parked.
  returned: success
  type: str
  sample: ns3005678.ip-198-51-100.eu
task:
  description:
    - The IP task of the move or park (API C(ip.IpTask) in snake_case, C(task_id), C(function), C(status),
      C(destination)...), as read last; the one found running when the task waited for it. Absent when nothing ran.
  returned: when a move or park ran or was found running
  type: dict
  sample: {task_id: 7000002, function: genericMoveFloatingIp, status: done, destination: {service_name: ns3005678.ip-198-51-100.eu}}
'''

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    destination_names, is_move, normalize_block, normalize_nexthop, normalize_service, read_ip, routed_to, running_task,
    start_move, start_park, task_destination)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, fail_on_api_error, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, TaskFailed, wait_for_task


def main():
    module = ovh_module(
        dict(
            ip=dict(type="str", required=True),
            to=dict(type="str"),
            nexthop=dict(type="str"),
            state=dict(type="str", choices=["routed", "parked"], default="routed"),
            **wait_options(wait=True, timeout=300, poll_interval=5)
        ),
        required_if=[("state", "routed", ("to",))],
        supports_check_mode=True,
    )
    params = module.params
    block = check_input(module, normalize_block, params["ip"])
    wanted = check_input(module, normalize_service, params["to"], "to") if params["state"] == "routed" else None
    nexthop = check_input(module, normalize_nexthop, params["nexthop"])
    if params["state"] == "parked" and (params["to"] or params["nexthop"]):
        module.fail_json(msg="to and nexthop go with state=routed; state=parked parks the IP")
    check_wait_options(module)
    kind = TASK_KINDS["ip"]
    result = dict(changed=False, ip=block)
    what = "the move of %s to %s" % (block, wanted) if wanted else "the park of %s" % block
    with ovh_session(module, result, task_failed="%s failed" % what,
                     what_goes_on="it goes on: run the task again to wait more (nothing is started twice)") as client:
        current = routed_to(read_ip(client, block))
        result["from"] = current
        result["to"] = current
        if current != wanted:
            running = running_task(client, block)
            if running is not None:
                # Started by an earlier run (or someone else): never a second one.
                result["task"] = snake_keys(running)
                going = task_destination(running) if is_move(running) else False
                if going == wanted and (module.check_mode or not params["wait"]):
                    # That task does what is asked: this run changes nothing.
                    result["to"] = going
                    module.exit_json(**with_diff(module, result, {"routed_to": current}, {"routed_to": going}))
                if not params["wait"] and not module.check_mode:
                    module.fail_json(msg="task %s (%s, %s) is running on %s: run again with wait=true to wait for it, "
                                     "then %s" % (running["taskId"], printable(running.get("function")),
                                                  printable(running["status"]), block,
                                                  "route it to %s" % wanted if wanted else "park it"), **result)
                if not module.check_mode:
                    try:
                        done = wait_for_task(client, kind, block, running["taskId"], params["wait_timeout"],
                                             poll_interval=params["poll_interval"])
                    except TaskFailed as exc:
                        # Not this run's task: where the IP is now decides, and this run's move is still made.
                        module.warn("%s, which was running on %s; this run went on" % (exc, block))
                        done = exc.task
                    result["task"] = snake_keys(done)
                    current = routed_to(read_ip(client, block))
                    result["to"] = current
        if current != wanted:
            result["changed"] = True
            if module.check_mode:
                result["to"] = wanted
            else:
                try:
                    task = start_move(client, block, wanted, nexthop) if wanted else start_park(client, block)
                except OvhApiError as exc:
                    result["changed"] = False
                    if wanted and exc.status == 400:
                        fail_on_api_error(module, exc, msg="%s; %s may go to: %s" % (
                            exc, block, ", ".join(destination_names(client, block)) or "no service"), client=client, **result)
                    raise
                result["task"] = snake_keys(task)
                if params["wait"]:
                    try:
                        result["task"] = snake_keys(wait_for_task(client, kind, block, task["taskId"], params["wait_timeout"],
                                                                  poll_interval=params["poll_interval"]))
                    except OvhApiError as exc:
                        if exc.status != 404:
                            raise
                        # The task vanished while we waited: where the IP is now says whether the move happened.
                        now = routed_to(read_ip(client, block))
                        if now != wanted:
                            result["to"] = now
                            fail_on_api_error(module, exc, msg="task %s of %s is gone (404) and %s is routed to %s, not %s: "
                                              "the %s did not happen; run the task again" % (
                                                  task["taskId"], block, block, now or "nothing (parked)", wanted or "parked",
                                                  "move" if wanted else "park"), client=client, **result)
                        module.warn("task %s of %s is gone (404) before it was seen done; %s is %s, as asked" % (
                            task["taskId"], block, block, "routed to %s" % wanted if wanted else "parked"))
                result["to"] = wanted
    module.exit_json(**with_diff(module, result, {"routed_to": result["from"]}, {"routed_to": result["to"]}))


if __name__ == "__main__":
    main()
