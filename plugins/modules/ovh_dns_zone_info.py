#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_zone_info
short_description: Read the state of an OVHcloud DNS zone
version_added: 0.1.0
description:
  - Returns a zone's properties, its deployment status (is it deployed, errors, warnings), its DNSSEC status, its
    capabilities, its pending tasks and, with O(export=true), the zone file OVHcloud serves.
  - "Requests: 7 reads (8 with O(export)), plus one per 50 pending tasks."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.attributes.info_module
  - signet.ovh.dns
options:
  export:
    description:
      - Also return the zone as a BIND file (RV(zone_file)). It is what OVHcloud publishes, not byte for byte what was
        written; M(signet.ovh.ovh_dns_records) takes it back as O(signet.ovh.ovh_dns_records#module:zone_file_content).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Is the zone deployed, and is DNSSEC on?
  signet.ovh.ovh_dns_zone_info:
    zone: example.com
  register: zone_state

- name: Show it
  ansible.builtin.debug:
    msg: "deployed={{ zone_state.deployment.is_deployed }} dnssec={{ zone_state.dnssec.status }}"

- name: Save the zone file OVHcloud serves
  signet.ovh.ovh_dns_zone_info:
    zone: example.com
    export: true
  register: exported
'''

RETURN = r'''
zone:
  description:
    - The zone's properties, the API's object with its keys in snake_case (C(name), C(name_servers), C(dnssec_supported),
      C(has_dns_anycast), C(last_update), C(iam); the keys of C(iam.tags) are left as they are).
  returned: success
  type: dict
  sample: {"name": "example.com", "name_servers": ["dns1.ovh.net", "ns1.ovh.net"], "dnssec_supported": true,
           "has_dns_anycast": false, "last_update": "2026-11-30T10:00:00+00:00"}
deployment:
  description: The deployment status (C(is_deployed), C(errors), C(warnings)).
  returned: success
  type: dict
  sample: {"is_deployed": true, "errors": [], "warnings": []}
dnssec:
  description: The DNSSEC state.
  returned: success
  type: dict
  contains:
    status:
      description: The DNSSEC status, C(enabled), C(disabled), C(enableInProgress) or C(disableInProgress).
      type: str
      sample: disabled
capabilities:
  description: What the zone can do (C(dyn_host)).
  returned: success
  type: dict
  sample: {"dyn_host": true}
pending_tasks:
  description: The zone's tasks in C(todo) or C(doing), oldest first, keys in snake_case.
  returned: success
  type: list
  elements: dict
  sample: [{"id": 900000002, "function": "DnssecEnable", "status": "doing", "creation_date": "2026-11-30T10:00:00+00:00"}]
zone_file:
  description: The zone as a BIND file.
  returned: when O(export=true)
  type: str
  sample: "$TTL 3600\n@\tIN SOA dns1.ovh.net. tech.ovh.net. (2026113000 86400 3600 3600000 300)\n@\tIN A\t192.0.2.10\n"
'''

from ansible_collections.signet.ovh.plugins.module_utils.dns import normalize_zone
from ansible_collections.signet.ovh.plugins.module_utils.dns_zone import read_zone_info
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            export=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    zone = check_input(module, normalize_zone, module.params["zone"])
    with ovh_session(module, dict(changed=False)) as client:
        info = read_zone_info(client, zone, module.params["export"])
    module.exit_json(changed=False, **info)


if __name__ == "__main__":
    main()
