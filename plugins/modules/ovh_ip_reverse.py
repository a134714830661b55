#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_ip_reverse
short_description: Set or remove the reverse DNS (PTR) of an OVHcloud IP address
version_added: 0.1.0
description:
  - Sets the reverse DNS name of one address of a dedicated server, VPS or IP block, or removes it
    (C(POST /ip/{ipBlock}/reverse), C(DELETE /ip/{ipBlock}/reverse/{ipReverse})).
  - Idempotent; names are compared normalised (lower case, with their trailing dot), so V(host.example.com) and
    V(Host.Example.com.) are the same reverse.
  - The API sets a reverse only when the name resolves forward to the address. Create the A or AAAA record first and
    refresh its zone (M(signet.ovh.ovh_dns_record) does both), then set the reverse; see the examples. A new record takes
    a moment to resolve; when the API refuses the name for that reason, the reverse is tried again every 5 seconds for
    O(wait_for_resolution) seconds, then the task fails with a message saying so.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the current reverse and predicts the change; sends no write.
      - "It cannot tell whether the API will accept the name: the API checks that the name resolves to the address only when the reverse is set."
  diff_mode:
    support: full
    details: Shows the reverse before and after.
options:
  ip:
    description:
      - The address, IPv4 or IPv6, for example V(203.0.113.7). A single-address block such as V(203.0.113.7/32) is
        accepted too.
    type: str
    required: true
  ip_block:
    description:
      - The IP block the address belongs to, as the API names it (C(GET /dedicated/server/{serviceName}/ips) lists a
        server's blocks), for example V(2001:db8:10::/64) or V(203.0.113.0/29).
      - Defaults to the address alone (V(/32) or V(/128)), which is how the API names the main IPv4 of a server or
        VPS. An IPv6 address, or an address of a larger block, needs it.
    type: str
  reverse:
    description:
      - The reverse name, a fully qualified host name. A trailing dot is optional.
      - Required when O(state=present).
    type: str
  wait_for_resolution:
    description:
      - How long, in seconds, to keep trying a reverse the API refuses because its name does not resolve to the address
        yet (a record just created, still propagating); one try every 5 seconds. V(0) fails at the first refusal.
    type: int
    default: 60
  state:
    description:
      - V(present) sets the reverse to O(reverse); V(absent) removes the address's reverse.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: signet.ovh.ovh_dns_record
'''

EXAMPLES = r'''
# The name must resolve to the address before the API accepts it as the reverse:
# create the A record and refresh the zone first (ovh_dns_record refreshes the zone itself).
- name: Forward record of the server
  signet.ovh.ovh_dns_record:
    zone: example.com
    subdomain: web1
    type: A
    value: [203.0.113.10]

- name: Then its reverse
  signet.ovh.ovh_ip_reverse:
    ip: 203.0.113.10
    reverse: web1.example.com

- name: Remove the reverse of an address
  signet.ovh.ovh_ip_reverse:
    ip: 203.0.113.10
    state: absent
'''

RETURN = r'''
ip:
  description: The address.
  returned: always
  type: str
  sample: 203.0.113.10
ip_block:
  description: The IP block of the API route.
  returned: always
  type: str
  sample: 203.0.113.10/32
reverse:
  description: The reverse name after the task (in check mode, the one it would have), with its trailing dot; V(null) when none.
  returned: success
  type: str
  sample: web1.example.com.
previous_reverse:
  description: The reverse name before the task; V(null) when there was none.
  returned: success
  type: str
  sample: ns3001234.ip-203-0-113.eu.
'''

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    address_block, is_unresolved_refusal, normalize_name, read_reverse, reverse_path, set_reverse, unresolved_hint)
from ansible_collections.signet.ovh.plugins.module_utils.names import parse_address
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, fail_on_api_error, ovh_module, ovh_session, with_diff


def main():
    module = ovh_module(
        dict(
            ip=dict(type="str", required=True),
            ip_block=dict(type="str"),
            reverse=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            wait_for_resolution=dict(type="int", default=60),
        ),
        required_if=[("state", "present", ("reverse",))],
        supports_check_mode=True,
    )
    params = module.params
    address, _single = check_input(module, parse_address, params["ip"])
    block = check_input(module, address_block, address, params["ip_block"])
    wanted = check_input(module, normalize_name, params["reverse"]) if params["state"] == "present" else None
    if params["wait_for_resolution"] < 0:
        module.fail_json(msg="wait_for_resolution must be 0 or more seconds, got %s" % params["wait_for_resolution"])
    result = dict(changed=False, ip=str(address), ip_block=str(block))
    with ovh_session(module, result) as client:
        try:
            current = read_reverse(client, block, address)
            current_normalized = current.rstrip(".").lower() + "." if current else None
            result["previous_reverse"] = current
            result["changed"] = current_normalized != wanted
            result["reverse"] = wanted if result["changed"] else current
            if result["changed"] and not module.check_mode:
                if wanted is None:
                    client.delete(reverse_path(block, address))
                else:
                    answer = set_reverse(client, block, address, wanted, params["wait_for_resolution"])
                    result["reverse"] = answer["reverse"]
        except OvhApiError as exc:
            if "previous_reverse" in result:
                # The write failed: the reverse is as it was, whatever the plan said.
                result.update(changed=False, reverse=result["previous_reverse"])
            if wanted is not None and is_unresolved_refusal(exc):
                waited = " (still refused after %d seconds)" % params["wait_for_resolution"] if params["wait_for_resolution"] else ""
                fail_on_api_error(module, exc, msg="%s%s; %s" % (exc, waited, unresolved_hint(wanted, address)), client=client,
                                  **result)
            if exc.status == 404 and not params["ip_block"]:
                fail_on_api_error(module, exc, msg="%s; the account has no block %s: if %s belongs to a larger block, name the "
                                  "block with ip_block" % (exc, block, address), client=client, **result)
            raise
    module.exit_json(**with_diff(module, result, {"reverse": result["previous_reverse"]}, {"reverse": result["reverse"]}))


if __name__ == "__main__":
    main()
