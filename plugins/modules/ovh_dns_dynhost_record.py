#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_dynhost_record
short_description: Manage a DynHost record of an OVHcloud DNS zone
version_added: 0.1.0
description:
  - A DynHost record is a name of the zone whose address a router or a script updates through the DynHost protocol,
    with a login of M(signet.ovh.ovh_dns_dynhost_login). This module sets its initial address, or removes it.
  - One DynHost record per name - the API's subdomain filter is case-insensitive and approximate, names are matched
    exactly here; when several records have the name, the first is kept and the others deleted.
  - "Requests: 1 + ceil(N/50) reads for N records of that name, and one request per write."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.dns
  - signet.ovh.dns.subdomain
attributes:
  check_mode:
    support: full
    details: Reads the records and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the record before and after.
options:
  subdomain:
    required: true
  ip:
    description:
      - The address of the record. Required with O(state=present).
    type: str
  state:
    description:
      - Whether the record should exist.
    type: str
    choices: [present, absent]
    default: present
'''

EXAMPLES = r'''
- name: A DynHost name for the office router
  signet.ovh.ovh_dns_dynhost_record:
    zone: example.com
    subdomain: office
    ip: 203.0.113.60

- name: Remove it
  signet.ovh.ovh_dns_dynhost_record:
    zone: example.com
    subdomain: office
    state: absent
'''

RETURN = r'''
record:
  description: The DynHost record after the task (as predicted in check mode), keys in snake_case; null when absent.
  returned: success
  type: dict
  sample: {"id": 5000000013, "zone": "example.com", "subdomain": "office", "ip": "203.0.113.60", "ttl": 60}
'''

from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.dns import normalize_subdomain, normalize_zone
from ansible_collections.signet.ovh.plugins.module_utils.dns_zone import DYNHOST_RECORD, read_dynhost_records, zone_path
from ansible_collections.signet.ovh.plugins.module_utils.names import normalize_ip
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, send_writes, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            subdomain=dict(type="str", required=True),
            ip=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        required_if=[("state", "present", ("ip",))],
        supports_check_mode=True,
    )
    params = module.params
    zone = check_input(module, normalize_zone, params["zone"])
    subdomain = check_input(module, normalize_subdomain, params["subdomain"], zone)
    ip = check_input(module, normalize_ip, params["ip"]) if params["ip"] is not None else None

    collection = zone_path(zone, "dynHost", "record")
    changes = []
    result = dict(changed=False)
    with ovh_session(module, result) as client:
        records = read_dynhost_records(client, zone, subdomain)
        before = records[0] if records else None
        after = None
        extra = records if params["state"] == "absent" else records[1:]
        if params["state"] == "present":
            if before is None:
                after = {"id": None, "zone": zone, "subdomain": subdomain, "ip": ip, "ttl": None}
                changes.append(("POST", collection, {"ip": ip, "subDomain": subdomain}, DYNHOST_RECORD))
            else:
                after = dict(before, ip=ip)
                if before["ip"] != ip:
                    changes.append(("PUT", path_join(collection, before["id"]), {"ip": ip}))
        changes += [("DELETE", path_join(collection, record["id"]), None) for record in extra]
        answers = send_writes(module, client, result, changes)
        if answers and changes[0][0] == "POST":
            after = snake_keys(answers[0])

    result.update(record=after)
    module.exit_json(**with_diff(module, result, {"record": before, "duplicates": extra if before and extra else []},
                                 {"record": after}))


if __name__ == "__main__":
    main()
