#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_ip_mitigation
short_description: Turn the permanent anti-DDoS mitigation of an OVHcloud address on or off
version_added: 0.1.0
description:
  - Puts an address under permanent mitigation (all its traffic goes through the anti-DDoS infrastructure), or takes it
    off, idempotently.
  - On - an address without a mitigation entry is added (C(POST /ip/{ip}/mitigation), permanent); an entry the API made
    on its own (automatic mitigation during an attack) is made permanent (C(PUT {permanent})).
  - Off - a permanent entry is removed (C(DELETE /ip/{ip}/mitigation/{ipOnMitigation})), or made not permanent when the
    API had put the address under automatic mitigation (it leaves that to the API). An entry being removed counts as
    off; one being created counts as on.
  - Reads the mitigation list, then the address's entry when it has one. With O(wait), waits until a new entry is
    C(ok) or a removed one is gone. An entry still being removed when O(state=enabled) is waited for even without
    O(wait) (for up to O(wait_timeout)), since the API takes the address again only once it is gone.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
  - signet.ovh.wait.poll_interval
attributes:
  check_mode:
    support: full
    details: Reads the entry and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows whether the mitigation is permanent before and after.
options:
  ip:
    description:
      - The IP block of the address, as the API names it, for example V(203.0.113.100/32); an address alone is its /32.
    type: str
    required: true
  ip_on_mitigation:
    description:
      - The IPv4 address. Defaults to O(ip) when it is one address; required for a larger block.
    type: str
  state:
    description:
      - V(enabled) puts the address under permanent mitigation; V(disabled) takes it off.
    type: str
    choices: [enabled, disabled]
    default: enabled
  wait_timeout:
    default: 120
  poll_interval:
    default: 5
seealso:
  - module: signet.ovh.ovh_ip_firewall
'''

EXAMPLES = r'''
- name: Permanent mitigation on the service address
  signet.ovh.ovh_ip_mitigation:
    ip: 203.0.113.100
  register: mitigation

- name: Off again on the spare one
  signet.ovh.ovh_ip_mitigation:
    ip: 203.0.113.101
    state: disabled
'''

RETURN = r'''
ip:
  description: The IP block, as the API names it.
  returned: always
  type: str
  sample: 203.0.113.100/32
ip_on_mitigation:
  description: The address.
  returned: always
  type: str
  sample: 203.0.113.100
permanent:
  description: Whether the address is under permanent mitigation after the task (in check mode, would be).
  returned: success
  type: bool
auto:
  description: Whether the API put the address under automatic mitigation (an attack was seen); V(null) without an entry.
  returned: success
  type: bool
status:
  description: The entry's state as the API read it last (C(creationPending), C(ok), C(removalPending)); V(null) without one.
  returned: success
  type: str
  sample: ok
'''

from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    MITIGATION_IP, address_on, is_permanent, mitigation_path, normalize_block, read_mitigation)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import poll


def main():
    module = ovh_module(
        dict(
            ip=dict(type="str", required=True),
            ip_on_mitigation=dict(type="str"),
            state=dict(type="str", choices=["enabled", "disabled"], default="enabled"),
            **wait_options(wait=True, timeout=120, poll_interval=5)
        ),
        supports_check_mode=True,
    )
    params = module.params
    block = check_input(module, normalize_block, params["ip"])
    address = check_input(module, address_on, block, params["ip_on_mitigation"], "ip_on_mitigation")
    check_wait_options(module)
    wanted = params["state"] == "enabled"
    result = dict(changed=False, ip=block, ip_on_mitigation=address)
    path = mitigation_path(block, address)

    def read():
        return client.get_or_none(path, shape=MITIGATION_IP)

    with ovh_session(module, result, last_read="entry",
                     what_goes_on="it goes on: run the task again to wait more (nothing is sent twice)") as client:
        entry = read_mitigation(client, block, address)
        before = is_permanent(entry)
        result.update(permanent=before, auto=entry.get("auto") if entry else None, status=entry.get("state") if entry else None)
        if before != wanted:
            result.update(changed=True, permanent=wanted)
            if not module.check_mode:
                if wanted and entry is not None and entry.get("state") == "removalPending":
                    # Being removed: the address can be added again only once the entry is gone.
                    poll(read, lambda item: item is None, params["wait_timeout"], what="the removal of the mitigation of %s" % address,
                         first_delay=min(1.0, params["poll_interval"]), max_delay=params["poll_interval"])
                    entry = None
                deleted = False
                if wanted and entry is None:
                    entry = client.post(mitigation_path(block), body={"ipOnMitigation": address}, shape=MITIGATION_IP)
                elif wanted or entry.get("auto"):
                    client.put(path, body={"permanent": wanted})
                    entry = dict(entry, permanent=wanted)
                else:
                    entry = client.delete(path, shape=MITIGATION_IP)
                    deleted = True
                if params["wait"]:
                    entry = poll(read, (lambda item: item is None) if deleted else (lambda item: item is None or item.get("state") == "ok"),
                                 params["wait_timeout"], what="the mitigation of %s" % address,
                                 first_delay=min(1.0, params["poll_interval"]), max_delay=params["poll_interval"])
                result.update(status=entry.get("state") if entry else None, auto=entry.get("auto") if entry else None)
    module.exit_json(**with_diff(module, result, {"permanent": before}, {"permanent": result["permanent"]}))


if __name__ == "__main__":
    main()
