# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark baseline only (not part of the collection): every record of a zone read the
classic python-ovh way, the list of ids then one GET per id."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: classic_ovh_dns_info
short_description: Benchmark baseline, a whole zone read the classic python-ovh way
description:
  - Not part of the collection; used by C(benchmarks/run.py) only.
  - A new C(ovh.Client) (its first signed call fetches C(GET /auth/time)), the list of record ids, then one GET per id.
  - python-ovh accepts only endpoint names, so the module adds the O(endpoint) URL to C(ovh.client.ENDPOINTS) under the
    name C(benchmark).
options:
  endpoint:
    description: Base URL of the API.
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


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint=dict(type="str", required=True),
            application_key=dict(type="str", required=True, no_log=False),
            application_secret=dict(type="str", required=True, no_log=True),
            consumer_key=dict(type="str", required=True, no_log=True),
            zone=dict(type="str", required=True),
        ),
        supports_check_mode=True,
    )
    if OVH_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("ovh"), exception=OVH_IMPORT_ERROR)
    params = module.params
    collection = "/domain/zone/%s/record" % params["zone"]
    try:
        ovh.client.ENDPOINTS[BENCHMARK_ENDPOINT] = params["endpoint"].rstrip("/")
        client = ovh.Client(endpoint=BENCHMARK_ENDPOINT, application_key=params["application_key"],
                            application_secret=params["application_secret"], consumer_key=params["consumer_key"])
        records = [client.get("%s/%s" % (collection, record_id)) for record_id in client.get(collection)]
    except APIError as exc:
        module.fail_json(msg="OVH API call failed: %s" % exc)
    module.exit_json(changed=False, records=records)


if __name__ == "__main__":
    main()
