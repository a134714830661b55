# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark baseline only (not part of the collection): one DNS record set managed the way
the existing OVH Ansible modules do it with python-ovh, one task at a time."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: classic_ovh_dns
short_description: Benchmark baseline, one DNS record set managed the classic python-ovh way
description:
  - Not part of the collection; used by C(benchmarks/run.py) only.
  - Per task, like the existing OVH modules, a new C(ovh.Client) (whose first signed call fetches C(GET /auth/time)),
    the list of record ids of the name and type, one GET per id, the writes, and one zone refresh when something
    changed.
  - python-ovh accepts only endpoint names, so the module adds the O(endpoint) URL to C(ovh.client.ENDPOINTS) under the
    name C(benchmark) and passes that name to C(ovh.Client).
options:
  endpoint:
    description: Base URL of the API, for example the emulator's C(http://127.0.0.1:PORT/1.0).
    type: str
    required: true
  application_key:
    description: Application key.
    type: str
    required: true
  application_secret:
    description: Application secret.
    type: str
    required: true
  consumer_key:
    description: Consumer key.
    type: str
    required: true
  zone:
    description: The zone.
    type: str
    required: true
  subdomain:
    description: The name relative to the zone.
    type: str
    required: true
  type:
    description: The record type.
    type: str
    default: A
  value:
    description: The values; compared with the targets as the API returns them.
    type: list
    elements: str
    default: []
  ttl:
    description: The TTL.
    type: int
    default: 0
  state:
    description: Whether the set should exist.
    type: str
    choices: [present, absent]
    default: present
requirements:
  - ovh (python-ovh)
author:
  - signet.ovh team (@signet-ovh)
'''

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

OVH_IMPORT_ERROR = None
try:
    import ovh
    import ovh.client
    from ovh.exceptions import APIError
except ImportError:
    OVH_IMPORT_ERROR = traceback.format_exc()
    APIError = Exception

BENCHMARK_ENDPOINT = "benchmark"


def connect(module):
    """A new python-ovh client, as each task of the existing modules builds one."""
    ovh.client.ENDPOINTS[BENCHMARK_ENDPOINT] = module.params["endpoint"].rstrip("/")
    return ovh.Client(
        endpoint=BENCHMARK_ENDPOINT,
        application_key=module.params["application_key"],
        application_secret=module.params["application_secret"],
        consumer_key=module.params["consumer_key"],
    )


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint=dict(type="str", required=True),
            application_key=dict(type="str", required=True, no_log=False),
            application_secret=dict(type="str", required=True, no_log=True),
            consumer_key=dict(type="str", required=True, no_log=True),
            zone=dict(type="str", required=True),
            subdomain=dict(type="str", required=True),
            type=dict(type="str", default="A"),
            value=dict(type="list", elements="str", default=[]),
            ttl=dict(type="int", default=0),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
    )
    if OVH_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("ovh"), exception=OVH_IMPORT_ERROR)
    params = module.params
    zone, subdomain, field_type, ttl = params["zone"], params["subdomain"], params["type"], params["ttl"]
    collection = "/domain/zone/%s/record" % zone
    changes = []
    try:
        client = connect(module)
        record_ids = client.get(collection, fieldType=field_type, subDomain=subdomain)
        missing = list(params["value"])
        for record_id in record_ids:
            path = "%s/%s" % (collection, record_id)
            record = client.get(path)
            if params["state"] == "present" and record["target"] in missing:
                missing.remove(record["target"])
                if record["ttl"] != ttl:
                    client.put(path, ttl=ttl)
                    changes.append("update %s ttl %s" % (record["target"], ttl))
            elif params["state"] == "present" or not params["value"] or record["target"] in params["value"]:
                client.delete(path)
                changes.append("delete %s" % record["target"])
        if params["state"] == "present":
            for target in missing:
                client.post(collection, fieldType=field_type, subDomain=subdomain, target=target, ttl=ttl)
                changes.append("create %s" % target)
        if changes:
            client.post("/domain/zone/%s/refresh" % zone)
    except APIError as exc:
        module.fail_json(msg="OVH API call failed: %s" % exc, changes=changes)
    module.exit_json(changed=bool(changes), changes=changes)


if __name__ == "__main__":
    main()
