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
  - With O(zone_file) or O(zone_file_content), a BIND master file is the whole zone; its record sets are reconciled
    like O(records), and every other record set of the zone is deleted (unless O(prune=false)), except the apex C(NS)
    records (OVHcloud serves them; apex C(NS) records of the file are ignored), the C(SOA) (OVHcloud writes it) and the
    sets matched by O(ignore). The changes are updates, creations and deletions of single records followed by one
    refresh, never the API's zone import, which replaces the whole zone at once. A zone of 300 records and a file that
    differs in 20 take 8 reads (one of them the zone's SOA, for its default TTL, read only when a record of the zone
    has TTL V(0)), 20 writes and 1 refresh.
  - "Safety: with O(prune) or a zone file, everything is checked before the first write: the whole file (every record's
    name, type, TTL and value, as with O(records)), the zone rules (a C(CNAME) alone at its name, none at the apex) and
    the share of the zone the run changes. On a zone of at least 10 records, a run that would update more than
    O(max_update_percent) or delete more than O(max_delete_percent) percent of its records fails, naming the count,
    and writes nothing (check mode reports the same failure). A zone file that holds no record set is refused unless
    O(max_delete_percent=100)."
  - Writes are ordered so that a refusal by the API leaves the old data in place where it can; updates, then
    creations, then deletions, except that a C(CNAME) replacing other records of its name (or replaced by them) is
    deleted just before their creation, since the API refuses them side by side.
  - When someone else changed the zone between the read and a write (the record to update is gone, or the API
    refuses a creation), the zone is read again and the remaining writes planned anew, once; RV(replanned) says so.
requirements:
  - dnspython >= 2.9, only with O(zone_file) or O(zone_file_content), on the host where the module runs (earlier
    versions drop the records after a relative C($ORIGIN); they are refused with a message saying so)
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.dns
  - signet.ovh.dns.record_writes
attributes:
  check_mode:
    support: full
    details: Reads the zone and predicts the changes; sends no write and no refresh.
  diff_mode:
    support: full
    details: Shows the record sets that change, before and after.
options:
  records:
    description:
      - The record sets. A name and type may appear only once.
      - Exactly one of O(records), O(zone_file) and O(zone_file_content) is required.
    type: list
    elements: dict
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
  zone_file:
    description:
      - Path of a BIND master file (RFC 1035 format) holding the whole zone, read on the host where the module runs.
      - "Understood: C($ORIGIN), C($TTL), C($GENERATE), C(@), relative and absolute names, a TTL per record, parentheses,
        comments, multi-string C(TXT) values, and the types A, AAAA, CAA, CNAME, DNAME, LOC, MX, NAPTR, NS, PTR, SPF, SRV,
        SSHFP, TLSA and TXT. The file is UTF-8 text, with LF or CRLF line ends, of at most 64 MB."
      - "Refused before any write, naming the statement's line and the reason: another type (such as C(HINFO) or
        C(DS)), a name outside the zone or not valid at OVHcloud (such as C(w\\.x)), a TTL below 60, a value the API
        would refuse (C(192.0.2.400 is not an IPv4 address)), a C(CNAME) at the apex or next to other records of its
        name, C($INCLUDE), a relative C($ORIGIN) that repeats the zone's name (C($ORIGIN example.com) without its final
        dot), a C($GENERATE) that makes more than 10000 records, bytes that are not UTF-8, a syntax error."
      - A record whose TTL is the zone's default TTL (the C(ttl) of its SOA, which OVHcloud's export writes as C($TTL))
        matches a record of the zone at TTL V(0), so that a file exported from OVHcloud is already in step with its
        zone. Any other TTL is written, also when it is the file's C($TTL). A C(TXT) set of the file matches an
        OVHcloud C(DKIM) or C(DMARC) set of the same name and values.
      - The strings of a multi-string C(TXT) value stay separate strings (C("txtvers=1" "rp=printers/lobby")).
        O(txt_transformation) does not apply, since the zone file format writes C(TXT) values as quoted strings.
      - The file is parsed with dnspython, and the parse is checked, statement by statement, to have yielded every
        record of the file.
    type: path
  zone_file_content:
    description:
      - The text of a zone file, like O(zone_file) but inline.
    type: str
  prune:
    description:
      - Delete every record set of the zone that O(records) (or the zone file) does not hold, except the apex C(NS)
        records and the sets matched by O(ignore).
      - When not given, V(true) with O(zone_file) or O(zone_file_content), V(false) with O(records). With
        O(prune=false), a zone file only adds and changes record sets, and records it does not hold stay.
    type: bool
  max_update_percent:
    description:
      - With O(prune) or a zone file, on a zone of at least 10 records, the largest share of its records (in percent)
        that a run may update; a run that would update more fails before any write. V(100) turns the check off.
    type: int
    default: 30
  max_delete_percent:
    description:
      - With O(prune) or a zone file, on a zone of at least 10 records, the largest share of its records (in percent)
        that a run may delete; a run that would delete more fails before any write. V(100) turns the check off, and
        allows a zone file without any record set.
    type: int
    default: 30
  ignore:
    description:
      - Record sets that O(prune) (or a zone file) never deletes.
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

- name: The whole zone from a BIND zone file (records the file does not hold are deleted, apex NS kept)
  signet.ovh.ovh_dns_records:
    zone: example.com
    zone_file_content: |
      $ORIGIN example.com.
      $TTL 3600
      @          IN A      192.0.2.10
      www        IN CNAME  @
      @          IN MX     10 mx1
      mx1        IN A      192.0.2.25
      @    600   IN TXT    "v=spf1 include:mx.ovh.com ~all"
      _sip._tcp  IN SRV    10 5 5060 sip.example.net.
      @          IN CAA    0 issue "letsencrypt.org"
  diff: true

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

- name: Records of a file added or changed, none deleted; up to half the zone's records may change
  signet.ovh.ovh_dns_records:
    zone: example.com
    prune: false
    max_update_percent: 50
    zone_file_content: |
      $TTL 3600
      web2  300  IN A  192.0.2.22
'''

RETURN = r'''
changes:
  description: The writes made (or that would be made in check mode), in order; a refresh owed by an earlier failed task is listed too.
  returned: success
  type: list
  elements: str
  sample: ["delete old A 192.0.2.99 (id 5000000042)", "create www A 192.0.2.10"]
record_sets:
  description: The listed record sets after the task (as predicted in check mode), in the order of O(records) (or of the zone file).
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
replanned:
  description:
    - Why the zone was read again and the remaining writes planned anew during the run (someone else changed it
      meanwhile); empty when it was not. RV(changes) then lists the writes of the new plan that were made.
  returned: success (on a failure, the warnings say it)
  type: list
  elements: str
  sample: ["update www A id 5000000013: target 192.0.2.10 failed (404 ...): the zone changed during the run, it was read again and planned anew"]
'''

import fnmatch

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    DnsInputError, check_cname_rules, check_thresholds, check_ttl, describe_set, diff_view, gc_paused, group_sets, normalize_subdomain,
    normalize_zone, ordered, parse_values, plan_set, read_default_ttl, read_records)
from ansible_collections.signet.ovh.plugins.module_utils.dns_module import apply_changes, record_set_options, write_options
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.zonefile import DNSPYTHON_IMPORT_ERROR, HAS_DNSPYTHON, parse_zone_file, read_zone_file


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


def zone_file_sets(module, zone):
    """The zone file's sets as parse_items() returns them, plus the parsed file."""
    params = module.params
    if not HAS_DNSPYTHON:
        module.fail_json(msg=missing_required_lib("dnspython"), exception=DNSPYTHON_IMPORT_ERROR)
    if params["zone_file"] is not None:
        source = params["zone_file"]
        text = read_zone_file(source)
    else:
        source, text = "zone_file_content", params["zone_file_content"]
    parsed_file = parse_zone_file(text, zone, source)
    parsed = {}
    for index, (key, file_set) in enumerate(sorted(parsed_file.sets.items(), key=lambda entry: entry[1].line)):
        item = dict(subdomain=key[0], type=key[1], ttl=file_set.ttl, state="present", on_existing="replace")
        parsed[key] = (index, file_set.values, item)
    return parsed, parsed_file


def file_ttl(file_set, existing, default_ttl):
    """The TTL to plan for a set of the zone file: None (keep) when the file's TTL is the zone's default
    TTL and the records have it or TTL 0 (which is that default), as in a file exported from OVHcloud.
    ``default_ttl()`` reads the zone's default TTL, only when it matters."""
    if existing and any(record["ttl"] == 0 for record in existing):
        if file_set.ttl == default_ttl() and all(record["ttl"] in (0, file_set.ttl) for record in existing):
            return None
    return file_set.ttl


def ovh_txt_type(key, values, sets):
    """OVHcloud holds some TXT records as DKIM or DMARC: a TXT set of a file matches such a set of
    the same name and values."""
    subdomain, field_type = key
    if field_type != "TXT" or key in sets:
        return key
    wanted = sorted(value for dummy, value in values)
    for ovh_type in ("DKIM", "DMARC"):
        existing = sets.get((subdomain, ovh_type))
        if existing and sorted(record["value"] for record in existing) == wanted:
            return (subdomain, ovh_type)
    return key


def ignored(key, patterns):
    subdomain, field_type = key
    for pattern in patterns:
        name_ok = pattern["subdomain"] is None or fnmatch.fnmatchcase(subdomain, (pattern["subdomain"] or "").lower()) or (
            pattern["subdomain"] in ("", "@") and subdomain == "")
        if name_ok and (pattern["type"] is None or pattern["type"].upper() == field_type):
            return True
    return False


def plan_zone(module, client, zone, parsed, zone_file, prune, warn=True):
    """Read the zone and plan every write; every check that can refuse the run happens here, before
    any write: keep_and_fail conflicts, CNAME rules, an empty zone file, the thresholds."""
    with gc_paused():
        return _plan_zone(module, client, zone, parsed, zone_file, prune, warn)


def _plan_zone(module, client, zone, parsed, zone_file, prune, warn):
    params = module.params
    sets = group_sets(read_records(client, zone))
    soa_ttl = []

    def default_ttl():
        if not soa_ttl:
            soa_ttl.append(read_default_ttl(client, zone))
        return soa_ttl[0]

    if zone_file is not None:
        parsed = dict((ovh_txt_type(key, entry[1], sets), entry) for key, entry in parsed.items())
        apex_ns = sorted(record["value"] for record in sets.get(("", "NS"), []))
        if warn and zone_file.apex_ns and sorted(set(zone_file.apex_ns)) != apex_ns:
            module.warn("the apex NS records of the zone file (%s) are ignored: OVHcloud serves %s"
                        % (", ".join(sorted(set(zone_file.apex_ns))), ", ".join(apex_ns) or "none"))
    plans, conflicts = [], []
    for (subdomain, field_type), (dummy, wanted, item) in sorted(parsed.items(), key=lambda entry: entry[1][0]):
        existing = sets.get((subdomain, field_type), [])
        ttl = item["ttl"]
        if zone_file is not None:
            ttl = file_ttl(zone_file.sets[(subdomain, item["type"])], existing, default_ttl)
        plan = plan_set(subdomain, field_type, existing, wanted, ttl, item["state"], item["on_existing"])
        if plan.conflict and item["on_existing"] == "keep_and_fail":
            conflicts.append(plan.conflict)
        elif plan.conflict and item["on_existing"] == "keep_and_warn" and warn:
            module.warn(plan.conflict + "; on_existing=keep_and_warn leaves it as it is")
        plans.append(plan)
    if conflicts:
        raise DnsInputError("; ".join(conflicts) + "; on_existing=keep_and_fail leaves them as they are, nothing was changed")
    pruned = []
    if prune:
        for key in sorted(sets):
            if key in parsed or key == ("", "NS") or ignored(key, params["ignore"]):
                continue
            plans.append(plan_set(key[0], key[1], sets[key], [], state="absent"))
            pruned.append("%s %s" % ("%s.%s" % (key[0], zone) if key[0] else zone, key[1]))
    check_cname_rules(zone, plans, sets)
    changes = ordered([change for plan in plans for change in plan.changes])
    if zone_file is not None and not parsed and pruned and params["max_delete_percent"] < 100:
        raise DnsInputError("refused: the zone file holds no record set, applying it would delete every record of the zone %s "
                            "(%s); nothing was changed. If that is what you want, set max_delete_percent=100"
                            % (zone, ", ".join(pruned)))
    if prune:
        check_thresholds(zone, sets, changes, params["max_update_percent"], params["max_delete_percent"])
    return plans, changes, pruned, len(parsed)


def check_percentages(params):
    for option in ("max_update_percent", "max_delete_percent"):
        if not 0 <= params[option] <= 100:
            raise DnsInputError("%s %d is invalid: use a percentage from 0 to 100 (100 turns the check off)" % (option, params[option]))


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            records=dict(type="list", elements="dict", options=record_set_options()),
            prune=dict(type="bool"),
            ignore=dict(type="list", elements="dict", default=[], options=dict(
                subdomain=dict(type="str"),
                type=dict(type="str"),
            )),
            max_update_percent=dict(type="int", default=30),
            max_delete_percent=dict(type="int", default=30),
            zone_file=dict(type="path"),
            zone_file_content=dict(type="str"),
            **write_options()
        ),
        mutually_exclusive=[("records", "zone_file", "zone_file_content")],
        required_one_of=[("records", "zone_file", "zone_file_content")],
        supports_check_mode=True,
    )
    params = module.params
    from_file = params["records"] is None
    prune = from_file if params["prune"] is None else params["prune"]
    zone_file = None
    check_input(module, check_percentages, params)
    zone = check_input(module, normalize_zone, params["zone"])
    if from_file:
        parsed, zone_file = check_input(module, zone_file_sets, module, zone)
    else:
        parsed = check_input(module, parse_items, zone, params["records"], params["txt_transformation"])
    replanned = []

    with ovh_session(module, dict(changed=False)) as client:
        def replan(change, exc):
            """Someone else changed the zone since it was read: read it again and plan what is still needed."""
            note = "%s failed (%s): the zone changed during the run, it was read again and planned anew" % (change.describe(), exc)
            try:
                planned[:] = plan_zone(module, client, zone, parsed, zone_file, prune, warn=False)
            except (DnsInputError, OvhApiError) as problem:
                replanned.append("%s, and the new plan failed: %s" % (note, problem))
                raise
            replanned.append(note)
            return planned[1]

        planned = list(plan_zone(module, client, zone, parsed, zone_file, prune))
        result = apply_changes(module, client, zone, planned[1], replan=replan, notes=replanned)

    plans, dummy, pruned, listed = planned
    result.update(
        record_sets=[describe_set(plan.subdomain, plan.type, plan.after, zone) for plan in plans[:listed]],
        pruned=pruned,
        replanned=replanned,
    )
    module.exit_json(**with_diff(module, result, **diff_view(zone, [plan for plan in plans if plan.changes])))


if __name__ == "__main__":
    main()
