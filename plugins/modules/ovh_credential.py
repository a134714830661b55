#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_credential
short_description: Restrict or revoke an existing OVHcloud API credential
version_added: 0.1.0
description:
  - Manages one API credential (consumer key) of the account, found by its id, for example from
    M(signet.ovh.ovh_credential_info). Credentials are created with M(signet.ovh.ovh_consumer_key) and a
    customer's approval, not by this module.
  - O(state=absent) revokes it (C(DELETE /me/api/credential/{id})); its consumer key stops working at once.
    Revoking a credential that does not exist (any more) changes nothing.
  - O(allowed_ips) sets the IP ranges it may be used from (C(PUT /me/api/credential/{id}), where only that field can
    be written). Ranges are compared as normalized CIDR blocks, in any order, so V(192.0.2.1) and V(192.0.2.1/32)
    are the same.
  - The consumer key of the task needs C(GET /me/api/credential/*), and C(PUT) or C(DELETE) on it to change
    something. It may revoke or restrict itself; later calls with it are then refused.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the credential and predicts the change; sends no C(PUT) and no C(DELETE).
  diff_mode:
    support: full
    details: Shows the allowed IP ranges, or the credential's existence, before and after.
options:
  credential_id:
    description:
      - The id of the credential (RV(signet.ovh.ovh_credential_info#module:credentials[].credential_id)).
    type: int
    required: true
  state:
    description:
      - V(present) keeps the credential and sets O(allowed_ips) when given; the credential must exist.
      - V(absent) revokes it.
    type: str
    choices: [present, absent]
    default: present
  allowed_ips:
    description:
      - The IP ranges (CIDR) the credential may be used from; a bare address is a C(/32) or C(/128).
      - An empty list removes the restriction (the API's null), so that the key works from anywhere.
      - Not changed when omitted.
    type: list
    elements: str
seealso:
  - module: signet.ovh.ovh_credential_info
  - module: signet.ovh.ovh_consumer_key
'''

EXAMPLES = r'''
- name: List the validated credentials
  signet.ovh.ovh_credential_info:
    status: validated
  register: validated

- name: Allow the backup script's credentials only from the office network
  signet.ovh.ovh_credential:
    credential_id: "{{ item.credential_id }}"
    allowed_ips:
      - 203.0.113.0/24
      - 2001:db8:42::/48
  loop: "{{ validated.credentials | selectattr('application.name', 'equalto', 'backup-script') }}"
  loop_control:
    label: "{{ item.credential_id }}"

- name: Revoke a credential
  signet.ovh.ovh_credential:
    credential_id: 200000002
    state: absent

- name: List the credentials of an application
  signet.ovh.ovh_credential_info:
    application_id: 1234
  register: app_creds

- name: Revoke every credential of that application
  signet.ovh.ovh_credential:
    credential_id: "{{ item.credential_id }}"
    state: absent
  loop: "{{ app_creds.credentials }}"
  loop_control:
    label: "{{ item.credential_id }} ({{ item.application.name }})"

- name: List every credential
  signet.ovh.ovh_credential_info:
  register: all_creds

- name: Revoke the credentials unused for 90 days (never used ones count from their creation)
  signet.ovh.ovh_credential:
    credential_id: "{{ item.credential_id }}"
    state: absent
  loop: "{{ all_creds.credentials }}"
  loop_control:
    label: "{{ item.credential_id }} ({{ item.application.name }})"
  when: >-
    (now(utc=true) - ((item.last_use or item.creation)[:19] | to_datetime('%Y-%m-%dT%H:%M:%S'))).days >= 90
'''

RETURN = r'''
credential:
  description:
    - The credential after the change (as predicted in check mode), in the form of
      RV(signet.ovh.ovh_credential_info#module:credentials[]) without C(application).
    - Null when it does not exist (any more).
  returned: always
  type: dict
  sample: {"credential_id": 200000002, "application_id": 1001, "status": "validated", "allowed_ips": ["203.0.113.0/24"],
           "rules": [{"method": "GET", "path": "/me"}], "creation": "2024-05-02T09:30:00+00:00", "expiration": null,
           "last_use": "2024-05-20T17:02:11+00:00", "ovh_support": false}
'''

from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.credentials import credential_result, same_ip_blocks
from ansible_collections.signet.ovh.plugins.module_utils.names import normalize_ip_blocks
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff


def main():
    module = ovh_module(
        dict(
            credential_id=dict(type="int", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            allowed_ips=dict(type="list", elements="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if params["state"] == "absent" and params["allowed_ips"] is not None:
        module.fail_json(msg="allowed_ips cannot be set with state=absent")
    wanted_ips = check_input(module, normalize_ip_blocks, params["allowed_ips"], "allowed_ips") or None  # [] is the API's null
    path = path_join("/me/api/credential", params["credential_id"])
    result = dict(changed=False)
    with ovh_session(module, result) as client:
        current = client.get_or_none(path)
        if current is None:
            if params["state"] == "present":
                module.fail_json(msg="credential %s does not exist (never created, or revoked)" % params["credential_id"],
                                 credential=None, **result)
            result["credential"] = None
            module.exit_json(**with_diff(module, result, {"state": "absent"}, {"state": "absent"}))
        before = credential_result(current, with_application=False)
        if params["state"] == "absent":
            # Revoked meanwhile (404): nothing was changed by this task.
            revoked = module.check_mode or client.call("DELETE", path, expected=(200, 204, 404)).status != 404
            result.update(changed=revoked, credential=None)
            module.exit_json(**with_diff(module, result, {"state": "present", "allowed_ips": before["allowed_ips"]}, {"state": "absent"}))
        changed = params["allowed_ips"] is not None and not same_ip_blocks(current.get("allowedIPs"), wanted_ips)
        after = dict(before)
        if changed:
            after["allowed_ips"] = wanted_ips
            if not module.check_mode:
                client.put(path, body={"allowedIPs": wanted_ips})
    result.update(changed=changed, credential=after)
    module.exit_json(**with_diff(module, result, {"allowed_ips": before["allowed_ips"]}, {"allowed_ips": after["allowed_ips"]}))


if __name__ == "__main__":
    main()
