#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_dnssec
short_description: Enable or disable DNSSEC on an OVHcloud DNS zone
version_added: 0.1.0
description:
  - Turns DNSSEC on or off for a zone hosted by OVHcloud. The API works asynchronously; the status passes through
    C(enableInProgress) or C(disableInProgress).
  - Idempotent through those states - while the wanted change is in progress, no second request is sent.
  - While the opposite change is in progress, the module waits for it to end (at most O(wait_timeout) seconds), then
    asks for the wanted state.
  - With O(wait=true), waits until the status is V(enabled) or V(disabled) and fails when it is not the wanted one.
  - "Requests: one read of the status, one write when it differs, then one read per poll while waiting."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.dns
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the status and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the DNSSEC status before and after.
options:
  state:
    description:
      - Whether DNSSEC should be on.
    type: str
    choices: [enabled, disabled]
    default: enabled
'''

EXAMPLES = r'''
- name: Sign the zone and wait until DNSSEC is on
  signet.ovh.ovh_dns_dnssec:
    zone: example.com
    state: enabled
    wait_timeout: 900

- name: Ask for DNSSEC to be turned off, without waiting
  signet.ovh.ovh_dns_dnssec:
    zone: example.org
    state: disabled
    wait: false
'''

RETURN = r'''
status:
  description:
    - The DNSSEC status after the task (C(enabled), C(disabled), C(enableInProgress) or C(disableInProgress)).
    - In check mode, the status the change would lead to.
  returned: success
  type: str
  sample: enabled
'''

from ansible_collections.signet.ovh.plugins.module_utils.dns import normalize_zone
from ansible_collections.signet.ovh.plugins.module_utils.dns_zone import DNSSEC_FINAL, read_dnssec, request_dnssec
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import poll


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            state=dict(type="str", default="enabled", choices=["enabled", "disabled"]),
            **wait_options(wait=True, timeout=600)
        ),
        supports_check_mode=True,
    )
    params = module.params
    zone = check_input(module, normalize_zone, params["zone"])
    check_wait_options(module)
    wanted = params["state"]
    in_progress = {"enabled": "enableInProgress", "disabled": "disableInProgress"}[wanted]

    result = dict(changed=False)
    with ovh_session(module, result, last_read="status",
                     what_goes_on=lambda exc, result: "the request was sent, run the task again to wait more" if result["changed"] else None
                     ) as client:
        before = status = read_dnssec(client, zone)
        if status not in (wanted, in_progress):
            if status not in DNSSEC_FINAL and not module.check_mode:
                # The opposite change is running: the API takes no new request until it ends.
                status = poll(lambda: read_dnssec(client, zone), lambda value: value in DNSSEC_FINAL,
                              params["wait_timeout"], "the DNSSEC change of %s in progress (%s)" % (zone, status))
            if status != wanted:
                if not module.check_mode:
                    request_dnssec(client, zone, wanted == "enabled")
                result["changed"] = True  # only once the API took the request: a refused one changed nothing
                status = in_progress
        if params["wait"] and status == in_progress and not module.check_mode:
            status = poll(lambda: read_dnssec(client, zone), lambda value: value in DNSSEC_FINAL,
                          params["wait_timeout"], "DNSSEC of %s (%s)" % (zone, in_progress))
            if status != wanted:
                module.fail_json(msg="DNSSEC of %s ended %s instead of %s" % (zone, status, wanted), status=status, **result)
    result["status"] = status
    module.exit_json(**with_diff(module, result, {"status": before}, {"status": status}))


if __name__ == "__main__":
    main()
