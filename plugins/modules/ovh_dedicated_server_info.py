#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dedicated_server_info
short_description: Read OVHcloud dedicated servers, their IPs and their running tasks
version_added: 0.1.0
description:
  - Reads one dedicated server, or every server of the account (optionally filtered by IAM tags on the API side),
    with its IP blocks and its pending tasks (C(init), C(todo), C(doing)).
  - Reads in batches of 50 (C(X-Ovh-Batch)); N servers take 1 + 2 x ceil(N/50) requests, plus 3 x ceil(N/50) for the
    task ids and one per server that has pending tasks, plus ceil(N/50) with O(with_compatible_systems).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.attributes.info_module
  - signet.ovh.iam_tags
options:
  service_name:
    description:
      - The server's service name, for example V(ns3001234.ip-203-0-113.eu). Every server of the account when not given.
      - O(iam_tags) is ignored when it is given.
    type: str
  with_ips:
    description:
      - Read each server's IP blocks (C(GET /dedicated/server/{serviceName}/ips)).
    type: bool
    default: true
  with_tasks:
    description:
      - Read each server's pending tasks.
    type: bool
    default: true
  with_compatible_systems:
    description:
      - Read the systems each server can install (C(GET /dedicated/server/{serviceName}/install/compatibleTemplates)),
        the values O(signet.ovh.ovh_dedicated_server_install#module:operating_system) accepts; ceil(N/50) more requests.
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: One server
  signet.ovh.ovh_dedicated_server_info:
    service_name: ns3001234.ip-203-0-113.eu
  register: server

- name: Its operating system and main address
  ansible.builtin.debug:
    msg: "{{ server.servers[0].os }} on {{ server.servers[0].ip }}"

- name: The systems one server can install
  signet.ovh.ovh_dedicated_server_info:
    service_name: ns3001234.ip-203-0-113.eu
    with_ips: false
    with_tasks: false
    with_compatible_systems: true
  register: installable

- name: Is Ubuntu 24.04 one of them?
  ansible.builtin.debug:
    msg: "{{ 'ubuntu2404-server_64' in installable.servers[0].compatible_systems.ovh }}"

- name: Every production server, without their tasks
  signet.ovh.ovh_dedicated_server_info:
    iam_tags:
      env: prod
    with_tasks: false
  register: production
'''

RETURN = r'''
servers:
  description:
    - The servers, sorted by name. Each is the API's C(dedicated.server.DedicatedWithIAM) object with its keys in
      snake_case (C(name), C(ip), C(reverse), C(datacenter), C(region), C(os), C(state), C(power_state),
      C(commercial_range), C(iam) with C(display_name), C(urn) and C(tags) as the API gives them...), with C(ips) and
      C(pending_tasks) added.
  returned: success
  type: list
  elements: dict
  contains:
    ips:
      description: The server's IP blocks (when O(with_ips)).
      type: list
      elements: str
    pending_tasks:
      description:
        - The server's tasks in C(init), C(todo) or C(doing) (when O(with_tasks)), API C(dedicated.server.Task) objects
          with their keys in snake_case (C(task_id), C(function), C(status), C(start_date)...).
      type: list
      elements: dict
    compatible_systems:
      description:
        - The systems the server can install (when O(with_compatible_systems)), the API's
          C(dedicated.server.InstallTemplate) - C(ovh), OVHcloud's systems, and C(personal), the account's own.
      type: dict
      sample: {"ovh": ["debian12_64", "ubuntu2404-server_64"], "personal": []}
  sample:
    - name: ns3001234.ip-203-0-113.eu
      ip: 203.0.113.10
      os: debian12_64
      datacenter: gra3
      state: ok
      power_state: poweron
      commercial_range: advance-1
      ips: [203.0.113.10/32, "2001:db8:10::/64"]
      pending_tasks: []
'''

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.module import ovh_module, ovh_session
from ansible_collections.signet.ovh.plugins.module_utils.servers import compatible_systems, list_names, pending_tasks, read_objects


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str"),
            iam_tags=dict(type="dict"),
            with_ips=dict(type="bool", default=True),
            with_tasks=dict(type="bool", default=True),
            with_compatible_systems=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    with ovh_session(module, dict(changed=False)) as client:  # an InputError (a bad iam_tags) fails it too
        if params["service_name"]:
            names = [params["service_name"]]
        else:
            names = list_names(client, "dedicated_server", params["iam_tags"])
        found = read_objects(client, "dedicated_server", names, with_ips=params["with_ips"])
        if params["service_name"] and not found:
            module.fail_json(msg="no dedicated server %s in this account (GET /dedicated/server lists them)" % params["service_name"])
        tasks = pending_tasks(client, list(found)) if params["with_tasks"] and found else {}
        systems = compatible_systems(client, list(found)) if params["with_compatible_systems"] and found else {}
    servers = []
    for name in sorted(found):
        server, ips = found[name]
        server = snake_keys(server)
        if params["with_ips"]:
            server["ips"] = ips
        if params["with_tasks"]:
            server["pending_tasks"] = snake_keys(tasks.get(name, []))
        if params["with_compatible_systems"]:
            server["compatible_systems"] = snake_keys(systems.get(name, {}))
        servers.append(server)
    module.exit_json(changed=False, servers=servers)


if __name__ == "__main__":
    main()
