#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_record
short_description: Manage one DNS record set of an OVHcloud zone
version_added: 0.1.0
description:
  - Creates, updates or deletes the records of one name and type (a record set) in a DNS zone hosted by OVHcloud,
    then applies the change to the zone with one refresh.
  - Values are compared the way DNS means them, so a second run changes nothing. TXT values are compared after
    decoding OVH's quoting, host names in C(CNAME), C(MX), C(NS), C(SRV), C(PTR) and C(DNAME) values are made
    absolute (a name without a trailing dot is inside the zone, as OVH reads it), names are case-insensitive and IPv6
    addresses are compared in canonical form.
  - A changed value or TTL is an update of an existing record rather than a delete and a create.
  - "Requests: with the server time known, a run that changes nothing makes 2 requests (list, read); creating a
    one-value set 3 (list, create, refresh); changing or deleting a one-record set 4."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.dns
  - signet.ovh.dns.subdomain
  - signet.ovh.dns.record_type
  - signet.ovh.dns.record_writes
attributes:
  check_mode:
    support: full
    details: Reads the zone and predicts the change; sends no write and no refresh.
  diff_mode:
    support: full
    details: Shows the record set before and after.
options:
  subdomain:
    required: true
  type:
    required: true
  value:
    description:
      - The values of the record set. Required with O(state=present).
      - With O(state=absent), only the records with these values are deleted; without O(value), the whole set is.
      - "Formats: C(MX) V(10 mx1.example.com.); C(SRV) V(10 5 5060 sip.example.com.) (priority weight port target);
        C(CAA) V(0 issue \"letsencrypt.org\"); TXT as plain text, see O(txt_transformation)."
    type: list
    elements: str
    aliases: [values]
  ttl:
    description:
      - The TTL in seconds, V(0) for the zone's default, otherwise at least V(60).
      - When not given, existing records keep their TTL and new ones take the set's TTL (the zone default for a new set).
    type: int
  state:
    description:
      - Whether the record set (or the given values, with V(absent)) should exist.
    type: str
    choices: [present, absent]
    default: present
  on_existing:
    description:
      - What to do with O(state=present) when the set exists with other values or another TTL.
      - V(replace) makes the set exactly O(value).
      - V(append) adds the missing values and keeps the others.
      - V(keep_and_fail) fails, V(keep_and_warn) warns, V(keep) silently leaves the set as it is.
    type: str
    choices: [replace, append, keep_and_fail, keep_and_warn, keep]
    default: replace
notes:
  - A C(CNAME) cannot exist next to other records of the same name nor at the zone apex; with O(type=CNAME) the
    module reads every record of the name and fails before any write in that case. For other types it reads only
    their own set and the API refuses a record next to a C(CNAME).
  - The API's C(subDomain) filter is a case-insensitive pattern (C(_) matches any character); the module matches
    names exactly.
'''

EXAMPLES = r'''
- name: An address record
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: app
    type: A
    value: 192.0.2.10
    ttl: 3600

- name: Mail servers at the apex
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: "@"
    type: MX
    value:
      - 10 mx1.example.com.
      - 20 mx2.example.com.

- name: SPF policy (plain text, the module handles OVH's quoting)
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: ""
    type: TXT
    value: v=spf1 include:mx.ovh.com -all

- name: Add an ACME challenge next to others, without a refresh yet
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: _acme-challenge
    type: TXT
    value: 8hjG6Zr1Hh1oYqX2oFqLzS5d7u0bJpQ9x3W4aVnC2eM
    on_existing: append
    ttl: 60
    refresh: false

- name: Remove that challenge value only, and apply the zone
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: _acme-challenge
    type: TXT
    value: 8hjG6Zr1Hh1oYqX2oFqLzS5d7u0bJpQ9x3W4aVnC2eM
    state: absent

- name: Delete a whole record set
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: old
    type: CNAME
    state: absent
'''

RETURN = r'''
record_set:
  description: The record set after the task (as predicted in check mode).
  returned: success
  type: dict
  contains:
    zone:
      description: The zone.
      type: str
      sample: example.com
    subdomain:
      description: The name relative to the zone, V('') for the apex.
      type: str
      sample: www
    name:
      description: The full name.
      type: str
      sample: www.example.com
    type:
      description: The record type.
      type: str
      sample: A
    ttl:
      description: The TTL of the set; a list when its records differ; null when the set is empty.
      type: raw
      sample: 3600
    value:
      description: The values, decoded (TXT without OVH's quotes, host names absolute).
      type: list
      elements: str
      sample: [192.0.2.10]
    records:
      description: One item per record, with its id (null for a record only predicted in check mode), the target as
        the API holds it, the decoded value and the TTL.
      type: list
      elements: dict
      sample: [{"id": 5000000013, "target": "192.0.2.10", "value": "192.0.2.10", "ttl": 3600}]
changes:
  description: The writes made (or that would be made in check mode), in order; a refresh owed by an earlier failed task is listed too.
  returned: success
  type: list
  elements: str
  sample: ["update www A id 5000000013: target 192.0.2.11, ttl 3600"]
'''

from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    DnsInputError, check_cname_rules, check_ttl, describe_set, diff_view, group_sets, normalize_subdomain, normalize_zone, ordered,
    parse_values, plan_set, read_records)
from ansible_collections.signet.ovh.plugins.module_utils.dns_module import apply_changes, record_set_options, write_options
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff


def parse_input(params):
    """The zone, the name and the wanted values, checked before any request."""
    zone = normalize_zone(params["zone"])
    subdomain = normalize_subdomain(params["subdomain"], zone)
    check_ttl(params["ttl"])
    wanted = parse_values(params["type"], params["value"] or [], zone, params["txt_transformation"])
    if params["state"] == "present" and not wanted:
        raise DnsInputError("value must hold at least one value when state is present")
    return zone, subdomain, wanted


def main():
    module = ovh_module(
        dict(zone=dict(type="str", required=True), **dict(record_set_options(), **write_options())),
        supports_check_mode=True,
        required_if=[("state", "present", ("value",))],
    )
    params = module.params
    field_type = params["type"]
    zone, subdomain, wanted = check_input(module, parse_input, params)
    with ovh_session(module, dict(changed=False)) as client:
        # A CNAME must be alone at its name: read every type of the name for it. Other types read
        # only their own set (one record fewer to fetch); the API refuses them next to a CNAME.
        records = read_records(client, zone, subdomain, None if field_type == "CNAME" else field_type)
        sets = group_sets(records)
        plan = plan_set(subdomain, field_type, sets.get((subdomain, field_type), []), wanted, params["ttl"], params["state"],
                        params["on_existing"])
        check_cname_rules(zone, [plan], sets)
        if plan.conflict and params["on_existing"] == "keep_and_fail":
            module.fail_json(msg=plan.conflict + "; on_existing=keep_and_fail leaves it as it is")
        if plan.conflict and params["on_existing"] == "keep_and_warn":
            module.warn(plan.conflict + "; on_existing=keep_and_warn leaves it as it is")
        result = apply_changes(module, client, zone, ordered(plan.changes))
    result["record_set"] = describe_set(subdomain, field_type, plan.after, zone)
    module.exit_json(**with_diff(module, result, **diff_view(zone, [plan])))


if __name__ == "__main__":
    main()
