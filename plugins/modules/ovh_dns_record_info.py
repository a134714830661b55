#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_record_info
short_description: Read DNS records of an OVHcloud zone
version_added: 0.1.0
description:
  - Reads the record sets of one name (O(subdomain)), of one type (O(type)), one record set (both), or the whole zone
    (neither), with values decoded (TXT without OVH's quotes, host names absolute).
  - Records are read in batches of 50, so a zone of N records takes 1 + ceil(N/50) requests instead of 1 + N.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.attributes.info_module
  - signet.ovh.dns
  - signet.ovh.dns.subdomain
  - signet.ovh.dns.record_type
'''

EXAMPLES = r'''
- name: The whole zone
  signet.ovh.ovh_dns_record_info:
    zone: example.com
  register: zone

- name: The apex MX set
  signet.ovh.ovh_dns_record_info:
    zone: example.com
    subdomain: "@"
    type: MX
  register: mx

- name: Show the mail servers
  ansible.builtin.debug:
    msg: "{{ mx.record_sets[0].value | default([]) }}"
'''

RETURN = r'''
record_sets:
  description: The record sets found, one item per name and type.
  returned: success
  type: list
  elements: dict
  contains:
    zone:
      description: The zone.
      type: str
    subdomain:
      description: The name relative to the zone, V('') for the apex.
      type: str
    name:
      description: The full name.
      type: str
    type:
      description: The record type.
      type: str
    ttl:
      description: The TTL of the set; a list when its records differ.
      type: raw
    value:
      description: The decoded values.
      type: list
      elements: str
    records:
      description: The records, each with C(id), C(target) (as the API holds it), C(value) (decoded) and C(ttl).
      type: list
      elements: dict
  sample:
    - {"zone": "example.com", "subdomain": "", "name": "example.com", "type": "MX", "ttl": 3600,
       "value": ["10 mx1.example.com."],
       "records": [{"id": 5000000005, "target": "10 mx1.example.com.", "value": "10 mx1.example.com.", "ttl": 3600}]}
records:
  description: Every record found, one item each.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The record id. Ids change when the zone is edited as text; match records by name, type and value.
      type: int
    subdomain:
      description: The name relative to the zone.
      type: str
    type:
      description: The record type.
      type: str
    target:
      description: The target as the API holds it (TXT quoted).
      type: str
    value:
      description: The decoded value.
      type: str
    ttl:
      description: The TTL, V(0) for the zone's default.
      type: int
'''

from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    RECORD_TYPES, describe_set, group_sets, normalize_subdomain, normalize_zone, read_records)
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            subdomain=dict(type="str"),
            type=dict(type="str", choices=list(RECORD_TYPES)),
        ),
        supports_check_mode=True,
    )
    params = module.params
    zone = check_input(module, normalize_zone, params["zone"])
    subdomain = None if params["subdomain"] is None else check_input(module, normalize_subdomain, params["subdomain"], zone)
    with ovh_session(module, dict(changed=False)) as client:
        records = read_records(client, zone, subdomain, params["type"])
    sets = group_sets(records)
    module.exit_json(
        changed=False,
        record_sets=[describe_set(name, field_type, members, zone) for (name, field_type), members in sorted(sets.items())],
        records=records,
    )


if __name__ == "__main__":
    main()
