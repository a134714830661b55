#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dns_dynhost_login
short_description: Manage a DynHost login of an OVHcloud DNS zone
version_added: 0.1.0
description:
  - A DynHost login lets a router or a script update the DynHost records (M(signet.ovh.ovh_dns_dynhost_record)) of some
    names of the zone. OVHcloud names it C(<zone>-<login_suffix>).
  - The API never gives a password back, so it cannot be compared - with O(update_password=on_create) (the default) it is
    set when the login is created only, with O(update_password=always) it is sent on every run, which then reports a change.
  - The password is never shown in results, messages or diffs.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.dns
attributes:
  check_mode:
    support: full
    details: Reads the login and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the login (never its password) before and after.
options:
  login_suffix:
    description:
      - The login is C(<zone>-<login_suffix>).
    type: str
    required: true
  subdomain:
    description:
      - The name this login may update, relative to the zone; V(*) for every name. Required with O(state=present).
    type: str
  password:
    description:
      - The login's password. Required to create the login, and with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sets the password only when the login is created; V(always) sets it on every run.
    type: str
    choices: [always, on_create]
    default: on_create
  state:
    description:
      - Whether the login should exist.
    type: str
    choices: [present, absent]
    default: present
'''

EXAMPLES = r'''
- name: A login for the office router, allowed to update office.example.com only
  signet.ovh.ovh_dns_dynhost_login:
    zone: example.com
    login_suffix: office
    subdomain: office
    password: "{{ dynhost_password }}"
  vars:
    dynhost_password: ExampleOnly-Use-A-Vault-1

- name: Rotate its password
  signet.ovh.ovh_dns_dynhost_login:
    zone: example.com
    login_suffix: office
    subdomain: office
    password: ExampleOnly-Rotated-Password-2
    update_password: always

- name: Remove it
  signet.ovh.ovh_dns_dynhost_login:
    zone: example.com
    login_suffix: office
    state: absent
'''

RETURN = r'''
login:
  description: The login after the task (as predicted in check mode), without password, keys in snake_case; null when absent.
  returned: success
  type: dict
  sample: {"login": "example.com-office", "subdomain": "office", "zone": "example.com"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.dns import normalize_subdomain, normalize_zone
from ansible_collections.signet.ovh.plugins.module_utils.dns_zone import dynhost_login_name, read_dynhost_login, zone_path
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, send_writes, with_diff


def main():
    module = ovh_module(
        dict(
            zone=dict(type="str", required=True),
            login_suffix=dict(type="str", required=True),
            subdomain=dict(type="str"),
            password=dict(type="str", no_log=True),
            update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        required_if=[("state", "present", ("subdomain",)), ("update_password", "always", ("password",))],
        supports_check_mode=True,
    )
    params = module.params
    zone = check_input(module, normalize_zone, params["zone"])
    subdomain = None
    if params["subdomain"] is not None:  # a name of the zone, or * for every name
        subdomain = "*" if params["subdomain"].strip() == "*" else check_input(module, normalize_subdomain, params["subdomain"], zone)
    login = check_input(module, dynhost_login_name, zone, params["login_suffix"])
    path = zone_path(zone, "dynHost", "login", login)
    changes = []
    result = dict(changed=False)
    with ovh_session(module, result) as client:
        before = read_dynhost_login(client, zone, login)
        after = None
        if params["state"] == "absent":
            if before is not None:
                changes.append(("DELETE", path, None))
        elif before is None:
            if params["password"] is None:
                module.fail_json(msg="password is required to create the DynHost login %s" % login)
            after = {"login": login, "subdomain": subdomain, "zone": zone}
            changes.append(("POST", zone_path(zone, "dynHost", "login"),
                            {"loginSuffix": params["login_suffix"], "password": params["password"], "subDomain": subdomain}))
        else:
            after = dict(before, subdomain=subdomain)
            if before["subdomain"] != subdomain:
                changes.append(("PUT", path, {"subDomain": subdomain}))
            if params["update_password"] == "always":
                changes.append(("POST", path + "/changePassword", {"password": params["password"]}))
        send_writes(module, client, result, changes)
    result.update(login=after)
    module.exit_json(**with_diff(module, result, {"login": before}, {"login": after}))


if __name__ == "__main__":
    main()
