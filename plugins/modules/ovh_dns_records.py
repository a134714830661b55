#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_records
short_description: Manage many DNS record sets of an OVHcloud zone in one task
version_added: 0.1.0
description:
  - Reconciles a list of record sets of one zone in one task. The zone is read once, in batches of 50 records, then
    only the writes needed are sent, then the zone is refreshed once.
  - Each record set follows the rules of M(signet.ovh.ovh_dns_record) (values compared the way DNS means them,
    changed values and TTLs written as updates of existing records).
  - With O(prune=true), every other record set of the zone is deleted, except the apex C(NS) records and the sets
    matched by O(ignore).
  - "Requests: 1 + ceil(N/50) reads for a zone of N records, one request per write, and one refresh when something
    changed. Reconciling 200 record sets of which 10 differ takes 5 reads, 10 writes and 1 refresh."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the zone and predicts the changes; sends no write and no refresh.
  diff_mode:
    support: full
    details: Shows the record sets that change, before and after.
options:
  zone:
    description:
      - The DNS zone.
    type: str
    required: true
  records:
    description:
      - The record sets. A name and type may appear only once.
    type: list
    elements: dict
    required: true
    suboptions:
      subdomain:
        description:
          - The name relative to the zone; V('') or V(@) is the apex.
        type: str
        required: true
      type:
        description:
          - The record type.
        type: str
        required: true
        choices: [A, AAAA, CAA, CNAME, DKIM, DMARC, DNAME, LOC, MX, NAPTR, NS, PTR, SPF, SRV, SSHFP, TLSA, TXT]
      value:
        description:
          - The values of the set; see M(signet.ovh.ovh_dns_record) for the formats. Required with O(records[].state=present).
          - With O(records[].state=absent), only these values are deleted; without them, the whole set is.
        type: list
        elements: str
        aliases: [values]
      ttl:
        description:
          - The TTL, V(0) for the zone's default, otherwise at least V(60). When not given, existing TTLs are kept.
        type: int
      state:
        description:
          - Whether the set should exist.
        type: str
        choices: [present, absent]
        default: present
      on_existing:
        description:
          - What to do when the set exists with other values; see M(signet.ovh.ovh_dns_record).
        type: str
        choices: [replace, append, keep_and_fail, keep_and_warn, keep]
        default: replace
  txt_transformation:
    description:
      - How the values of C(TXT) and C(SPF) records are written; see M(signet.ovh.ovh_dns_record).
    type: str
    choices: [unquoted, quoted, api]
    default: unquoted
  prune:
    description:
      - Delete every record set of the zone that O(records) does not list, except the apex C(NS) records and the sets
        matched by O(ignore).
    type: bool
    default: false
  ignore:
    description:
      - Record sets that O(prune) never deletes.
    type: list
    elements: dict
    default: []
    suboptions:
      subdomain:
        description:
          - A name relative to the zone, or a shell-style pattern such as V(_acme-challenge*). Any name when not given.
        type: str
      type:
        description:
          - A record type. Any type when not given.
        type: str
  refresh:
    description:
      - Whether to refresh the zone after writing, so that the changes take effect.
      - When a task of a DNS module of this collection failed before its writes were surely refreshed (its refresh kept
        failing, or a write got no answer and may land later), the zone is remembered (in C(~/.cache/signet.ovh/), per
        endpoint and zone) and the next task on that zone with O(refresh=true) refreshes it even when it has nothing to
        write, reporting a change.
    type: bool
    default: true
'''

EXAMPLES = r'''
- name: The whole zone, as code
  signet.ovh.ovh_dns_records:
    zone: example.com
    prune: true
    ignore:
      - subdomain: _acme-challenge*
        type: TXT
    records:
      - {subdomain: "@", type: A, value: [192.0.2.10], ttl: 3600}
      - {subdomain: www, type: CNAME, value: [example.com.]}
      - {subdomain: "@", type: MX, value: [10 mx1.example.com., 20 mx2.example.com.]}
      - {subdomain: "@", type: TXT, value: ["v=spf1 include:mx.ovh.com -all"]}
      - {subdomain: _dmarc, type: TXT, value: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"]}

- name: Delete some sets and leave the rest of the zone as it is
  signet.ovh.ovh_dns_records:
    zone: example.com
    records:
      - {subdomain: old, type: A, state: absent}
      - {subdomain: _acme-challenge, type: TXT, state: absent}

- name: One A record per web server, from a variable built in the play
  signet.ovh.ovh_dns_records:
    zone: example.com
    records: "{{ web_servers | map('combine', {'type': 'A', 'ttl': 300}) | list }}"
  vars:
    web_servers:
      - {subdomain: web1, value: [192.0.2.21]}
      - {subdomain: web2, value: [192.0.2.22]}
'''

RETURN = r'''
changes:
  description: The writes made (or that would be made in check mode), in order; a refresh owed by an earlier failed task is listed too.
  returned: success
  type: list
  elements: str
  sample: ["delete old A 192.0.2.99 (id 5000000042)", "create www A 192.0.2.10"]
record_sets:
  description: The listed record sets after the task (as predicted in check mode), in the order of O(records).
  returned: success
  type: list
  elements: dict
  sample:
    - {"zone": "example.com", "subdomain": "www", "name": "www.example.com", "type": "A", "ttl": 3600,
       "value": ["192.0.2.10"], "records": [{"id": 5000000013, "target": "192.0.2.10", "value": "192.0.2.10", "ttl": 3600}]}
pruned:
  description: The record sets deleted by O(prune), as C(name type).
  returned: success
  type: list
  elements: str
  sample: ["old.example.com A"]
'''

import fnmatch

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    DnsInputError, ON_EXISTING, PENDING_REFRESH, PartialFailure, PendingRefreshes, RECORD_TYPES, TXT_TRANSFORMATIONS,
    check_cname_rules, check_ttl, describe_set, diff_view, execute, group_sets, normalize_subdomain, normalize_zone, ordered, parse_values,
    plan_set, read_records)
from ansible_collections.signet.ovh.plugins.module_utils.module import fail_on_api_error, ovh_client, ovh_module


def parse_items(zone, items, txt_transformation):
    """Validate every listed set before anything is read or written."""
    parsed = {}
    for index, item in enumerate(items):
        where = "records[%d]" % index
        try:
            subdomain = normalize_subdomain(item["subdomain"], zone)
            check_ttl(item["ttl"], "%s.ttl" % where)
            wanted = parse_values(item["type"], item["value"] or [], zone, txt_transformation)
        except DnsInputError as exc:
            raise DnsInputError("%s: %s" % (where, exc))
        if item["state"] == "present" and not wanted:
            raise DnsInputError("%s: value is required when state is present" % where)
        key = (subdomain, item["type"])
        if key in parsed:
            raise DnsInputError("%s: %s %s is already listed in records[%d]" % (where, subdomain or "@", item["type"], parsed[key][0]))
        parsed[key] = (index, wanted, item)
    return parsed


def ignored(key, patterns):
    subdomain, field_type = key
    for pattern in patterns:
        name_ok = pattern["subdomain"] is None or fnmatch.fnmatchcase(subdomain, (pattern["subdomain"] or "").lower()) or (
            pattern["subdomain"] in ("", "@") and subdomain == "")
        if name_ok and (pattern["type"] is None or pattern["type"].upper() == field_type):
            return True
    return False


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            records=dict(type="list", elements="dict", required=True, options=dict(
                subdomain=dict(type="str", required=True),
                type=dict(type="str", required=True, choices=list(RECORD_TYPES)),
                value=dict(type="list", elements="str", aliases=["values"]),
                ttl=dict(type="int"),
                state=dict(type="str", default="present", choices=["present", "absent"]),
                on_existing=dict(type="str", default="replace", choices=list(ON_EXISTING)),
            )),
            txt_transformation=dict(type="str", default="unquoted", choices=list(TXT_TRANSFORMATIONS)),
            prune=dict(type="bool", default=False),
            ignore=dict(type="list", elements="dict", default=[], options=dict(
                subdomain=dict(type="str"),
                type=dict(type="str"),
            )),
            refresh=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        zone = normalize_zone(params["zone"])
        parsed = parse_items(zone, params["records"], params["txt_transformation"])
    except DnsInputError as exc:
        module.fail_json(msg=str(exc))

    client = ovh_client(module)
    pending = PendingRefreshes()
    try:
        sets = group_sets(read_records(client, zone))
        plans, conflicts = [], []
        for (subdomain, field_type), (dummy, wanted, item) in sorted(parsed.items(), key=lambda entry: entry[1][0]):
            plan = plan_set(subdomain, field_type, sets.get((subdomain, field_type), []), wanted,
                            item["ttl"], item["state"], item["on_existing"])
            if plan.conflict and item["on_existing"] == "keep_and_fail":
                conflicts.append(plan.conflict)
            elif plan.conflict and item["on_existing"] == "keep_and_warn":
                module.warn(plan.conflict + "; on_existing=keep_and_warn leaves it as it is")
            plans.append(plan)
        if conflicts:
            module.fail_json(msg="; ".join(conflicts) + "; on_existing=keep_and_fail leaves them as they are, nothing was changed")
        pruned = []
        if params["prune"]:
            for key in sorted(sets):
                if key in parsed or key == ("", "NS") or ignored(key, params["ignore"]):
                    continue
                plans.append(plan_set(key[0], key[1], sets[key], [], state="absent"))
                pruned.append("%s %s" % ("%s.%s" % (key[0], zone) if key[0] else zone, key[1]))
        check_cname_rules(zone, plans, sets)
        changes = ordered([change for plan in plans for change in plan.changes])
        owed = params["refresh"] and pending.owed(client, zone)
        if (changes or owed) and not module.check_mode:
            execute(client, zone, changes, refresh=params["refresh"], pending=pending, owed=owed)
    except DnsInputError as exc:
        module.fail_json(msg=str(exc))
    except PartialFailure as exc:
        fail_on_api_error(module, exc.error, msg=str(exc), changed=bool(exc.applied or exc.refreshed),
                          applied=exc.applied, not_applied=exc.not_applied)
    except OvhApiError as exc:
        fail_on_api_error(module, exc, changed=False)
    finally:
        client.close()

    listed = plans[:len(parsed)]
    result = dict(
        changed=bool(changes or owed),
        changes=[change.describe() for change in changes] + ([PENDING_REFRESH] if owed and not changes else []),
        record_sets=[describe_set(plan.subdomain, plan.type, plan.after, zone) for plan in listed],
        pruned=pruned,
    )
    if module._diff:
        result["diff"] = diff_view(zone, [plan for plan in plans if plan.changes])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
