#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_ip_info
short_description: Read the account's IPs, their type, where they are routed and their IAM tags
version_added: 0.1.0
description:
  - Reads one IP or block, or every IP of the account (C(GET /ip)), optionally filtered by the API on type, the
    service it is routed to and IAM tags, then each IP object (C(GET /ip/{ip})) in batches of 50 (C(X-Ovh-Batch)).
  - N IPs take 1 + ceil(N/50) requests; one IP (O(ip)) takes one.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.attributes.info_module
  - signet.ovh.iam_tags
options:
  ip:
    description:
      - One IP or block, for example V(203.0.113.100) or V(198.51.100.128/30). Every IP of the account when not given.
      - The filters are ignored when it is given.
    type: str
  type:
    description:
      - Only IPs of this type (the API's C(ip.IpTypeEnum)); V(failover) for the additional IPs that move between
        servers.
    type: str
    choices: [cdn, cloud, dedicated, failover, hosted_ssl, housing, loadBalancing, mail, overthebox, pcc, pci, private, vpn,
              vps, vrack, xdsl]
  routed_to:
    description:
      - Only IPs routed to this service (a dedicated server's or VPS's service name).
    type: str
  version:
    description:
      - Only IPv4 or only IPv6 blocks.
    type: int
    choices: [4, 6]
'''

EXAMPLES = r'''
- name: The failover IPs
  signet.ovh.ovh_ip_info:
    type: failover
  register: failover

- name: Where each is routed
  ansible.builtin.debug:
    msg: "{{ item.ip }} -> {{ item.routed_to or 'parked' }}"
  loop: "{{ failover.ips }}"

- name: The IPs routed to one server, tagged env=prod
  signet.ovh.ovh_ip_info:
    routed_to: ns3001234.ip-203-0-113.eu
    iam_tags:
      env: prod
  register: production

- name: One address
  signet.ovh.ovh_ip_info:
    ip: 203.0.113.100
  register: one
'''

RETURN = r'''
ips:
  description:
    - The IPs, sorted by block. Each is the API's C(ip.IpWithIAM) object with its keys in snake_case (C(ip), C(type),
      C(description), C(is_additional_ip), C(version), C(iam) with C(display_name), C(urn) and C(tags) as the API gives
      them...), with C(routed_to) the service name it is routed to (V(null) when parked) in place of the API's
      C(routedTo) object.
  returned: success
  type: list
  elements: dict
  sample:
    - ip: 203.0.113.100/32
      type: failover
      routed_to: ns3001234.ip-203-0-113.eu
      description: web VIP
      is_additional_ip: true
      version: 4
      iam: {tags: {env: prod, role: vip}, urn: "urn:v1:eu:resource:ip:203.0.113.100/32"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    IP_TYPES, block_order, list_ips, normalize_block, normalize_service, read_ips, routed_to)
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys


def main():
    module = ovh_module(
        dict(
            ip=dict(type="str"),
            type=dict(type="str", choices=list(IP_TYPES)),
            routed_to=dict(type="str"),
            version=dict(type="int", choices=[4, 6]),
            iam_tags=dict(type="dict"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    block = check_input(module, normalize_block, params["ip"]) if params["ip"] else None
    service = check_input(module, normalize_service, params["routed_to"], "routed_to")
    with ovh_session(module, dict(changed=False)) as client:  # an InputError (a bad iam_tags) fails it too
        if block:
            blocks = [block]
        else:
            blocks = list_ips(client, params["type"], service, params["iam_tags"], params["version"])
        found = read_ips(client, blocks)
        if block and not found:
            module.fail_json(msg="no IP %s in this account (GET /ip lists them)" % block)
    ips = []
    for name in sorted(found, key=block_order):
        item = snake_keys(found[name])
        item["routed_to"] = routed_to(found[name])
        ips.append(item)
    module.exit_json(changed=False, ips=ips)


if __name__ == "__main__":
    main()
