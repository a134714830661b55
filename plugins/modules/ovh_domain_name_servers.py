#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_domain_name_servers
short_description: Set the name servers of a domain registered with OVHcloud
version_added: 0.1.0
description:
  - Sets the name servers the registry publishes for a domain (the registrar side, not a DNS zone). The order does not
    matter; host names are compared without their trailing dot and case.
  - The change is a domain task (C(DomainDnsUpdate)) that the registry carries out; with O(wait=true) the module waits
    for it to end (the registry has applied the change). While an update is in progress, the servers it moves to count as the current ones, so a rerun sends
    nothing.
  - "Requests: 1 + ceil(N/50) reads, one write when the set differs, then one read per poll while waiting."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the name servers and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the name servers before and after.
options:
  domain:
    description:
      - The domain name.
    type: str
    required: true
  name_servers:
    description:
      - The name servers, all of them.
    type: list
    elements: dict
    required: true
    suboptions:
      host:
        description:
          - The host name of the name server.
        type: str
        required: true
      ip:
        description:
          - Its address (a glue record), only for a name server inside the domain itself, such as C(ns1.<domain>).
        type: str
  wait_timeout:
    default: 900
'''

EXAMPLES = r'''
- name: Delegate the domain to OVHcloud's name servers
  signet.ovh.ovh_domain_name_servers:
    domain: example.com
    name_servers:
      - host: dns1.ovh.net
      - host: ns1.ovh.net

- name: Own name servers inside the domain, with their glue addresses, without waiting for the registry
  signet.ovh.ovh_domain_name_servers:
    domain: example.org
    name_servers:
      - {host: ns1.example.org, ip: 192.0.2.53}
      - {host: ns2.example.org, ip: "2001:db8::53"}
    wait: false
'''

RETURN = r'''
name_servers:
  description: The name servers after the task (as predicted in check mode).
  returned: success
  type: list
  elements: dict
  sample: [{"host": "dns1.ovh.net", "ip": null}, {"host": "ns1.ovh.net", "ip": null}]
task:
  description:
    - The domain task of the change (API C(domain.Task), keys in snake_case), as last read; null when nothing was sent
      or waited for.
  returned: success
  type: dict
  sample: {"id": 900000003, "function": "DomainDnsUpdate", "status": "done", "last_update": "2026-01-05T10:00:00+01:00"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.domain import (
    current_set, normalize_domain, pending_update_tasks, read_name_servers, same_set, update_name_servers, wanted_name_servers)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task


def main():
    module = ovh_module(
        dict(
            domain=dict(type="str", required=True),
            name_servers=dict(type="list", elements="dict", required=True, options=dict(
                host=dict(type="str", required=True),
                ip=dict(type="str"),
            )),
            **wait_options(wait=True, timeout=900)
        ),
        supports_check_mode=True,
    )
    params = module.params
    domain = check_input(module, normalize_domain, params["domain"])
    wanted = check_input(module, wanted_name_servers, domain, params["name_servers"])
    check_wait_options(module)

    result = dict(changed=False, task=None)
    with ovh_session(module, result, what_goes_on="the registry goes on with it, run the task again to wait more",
                     task_failed="the name server update failed") as client:
        entries = read_name_servers(client, domain)
        before = current_set(entries)
        in_progress = any(entry["toDelete"] or not entry["isUsed"] for entry in entries)
        task_ids = []
        if not same_set(before, wanted):
            if not module.check_mode:
                task = update_name_servers(client, domain, wanted)
                result["task"] = snake_keys(task)
                task_ids = [task["id"]]
            result["changed"] = True
        elif in_progress and params["wait"] and not module.check_mode:
            task_ids = pending_update_tasks(client, domain)
        if params["wait"] and not module.check_mode:
            for task_id in task_ids:
                result["task"] = snake_keys(wait_for_task(client, TASK_KINDS["domain"], domain, task_id, params["wait_timeout"]))

    after = wanted if result["changed"] else before
    result["name_servers"] = after
    module.exit_json(**with_diff(module, result, {"name_servers": sorted(before, key=lambda s: s["host"])},
                                 {"name_servers": sorted(after, key=lambda s: s["host"])}))


if __name__ == "__main__":
    main()
