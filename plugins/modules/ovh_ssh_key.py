#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_ssh_key
short_description: Add or remove a public SSH key of the OVHcloud account
version_added: 0.1.0
description:
  - Manages one public SSH key of the account (C(/me/sshKey)), by its name. A VPS rebuild takes such a key by its name
    (M(signet.ovh.ovh_vps_rebuild)'s O(signet.ovh.ovh_vps_rebuild#module:ssh_key)); a dedicated server's rescue key is
    not one of them but the key itself (M(signet.ovh.ovh_dedicated_server)'s
    O(signet.ovh.ovh_dedicated_server#module:rescue_ssh_key)).
  - Keys are compared as SSH means them, by type and base64 blob; the comment after them is a label and is not
    compared, so a key that differs only by its comment changes nothing.
  - The key is checked before any request (a known type, a base64 part that decodes, the type written inside it the
    same as the one in front).
  - The API cannot edit a key (its schema has no C(PUT) on C(/me/sshKey/{keyName})). When the account has a key of that
    name with another key, the task fails and says so, unless O(force=true), in which case the key is deleted and added
    again under the same name (two writes; between them the account has no key of that name).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the key and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the key's name, type, fingerprint and comment before and after.
options:
  name:
    description:
      - The key's name in the account (the API's C(keyName)), for example V(admin).
    type: str
    required: true
  key:
    description:
      - The public key, as in an C(id_ed25519.pub) file, V(ssh-ed25519 AAAA... comment). Required with
        O(state=present).
      - Accepted types are C(ssh-ed25519), C(ssh-rsa), C(ecdsa-sha2-nistp256), C(ecdsa-sha2-nistp384),
        C(ecdsa-sha2-nistp521), C(sk-ssh-ed25519@openssh.com), C(sk-ecdsa-sha2-nistp256@openssh.com) and C(ssh-dss).
    type: str
  state:
    description:
      - V(present) adds the key, V(absent) deletes the key of that name.
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - With O(state=present), replace a key of that name holding another key (delete, then add).
    type: bool
    default: false
notes:
  - OVHcloud's API once had a C(default) flag on a key and a C(PUT) to set it; its published schema no longer has
    either, so this module has no C(default) option.
'''

EXAMPLES = r'''
- name: The admin key of the account
  signet.ovh.ovh_ssh_key:
    name: admin
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekIvU3uFd+xZ6nIc/xLuKgfbyq0SKkY admin@example.com
  register: admin_key

- name: A deploy key, replaced if the account holds another key under that name
  signet.ovh.ovh_ssh_key:
    name: deploy
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBFQeg4vXmnV36QKYqG9e27lfmvNhcZ8m4Qxs2//IcQ3 deploy@example.com
    force: true

- name: No more deploy key
  signet.ovh.ovh_ssh_key:
    name: deploy
    state: absent
'''

RETURN = r'''
ssh_key:
  description: The key as the account holds it after the task (V(null) when it has none of that name).
  returned: success
  type: dict
  contains:
    name:
      description: The key's name.
      type: str
      sample: admin
    key:
      description: The public key, as the API holds it.
      type: str
      sample: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekIvU3uFd+xZ6nIc/xLuKgfbyq0SKkY admin@example.com
    type:
      description: The key's type.
      type: str
      sample: ssh-ed25519
    fingerprint:
      description: Its SHA256 fingerprint, as C(ssh-keygen -l) shows it.
      type: str
      sample: SHA256:mQ5kBI4k0hEZ7TMGx4w2Qg6gK1Q4S3ftmXXBDsS2U5s
replaced:
  description: Whether the key of that name was deleted and added again with another key (O(force=true)).
  returned: success
  type: bool
'''

from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.ssh_keys import (
    SshKeyInputError, add_key, check_key_name, delete_key, parse_key, parsed_or_none, read_key)


def _check(params):
    name = check_key_name(params["name"])
    if params["state"] == "absent":
        return name, None
    if params["key"] is None:
        raise SshKeyInputError("key is required with state=present")
    return name, parse_key(params["key"])


def _view(name, text):
    """The key as returned and diffed, or None."""
    if text is None:
        return None
    parsed = parsed_or_none(text)
    return dict(name=name, key=text, type=parsed.key_type if parsed else None,
                fingerprint=parsed.fingerprint() if parsed else None)


def _plan(module, name, wanted, existing, before, result):
    """The writes to make, in order (functions of the client); fails when a key of that name holds
    another key and force is not set."""
    if wanted is None:
        return [lambda client: delete_key(client, name)] if existing is not None else []
    if existing is None:
        return [lambda client: add_key(client, name, wanted.text())]
    if wanted.same(parsed_or_none(existing["key"])):
        return []
    if not module.params["force"]:
        module.fail_json(msg="name: the account's SSH key %s holds another key (%s %s); the API cannot edit a key: "
                             "set force=true to delete it and add this one under the same name"
                         % (name, before["type"] or "unreadable", before["fingerprint"] or ""), **result)
    result["replaced"] = True
    return [lambda client: delete_key(client, name), lambda client: add_key(client, name, wanted.text())]


def main():
    module = ovh_module(
        dict(
            name=dict(type="str", required=True),
            key=dict(type="str", no_log=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            force=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name, wanted = check_input(module, _check, params)
    result = dict(changed=False, replaced=False, ssh_key=None)
    with ovh_session(module, result) as client:
        existing = read_key(client, name)
        # A key the API answers as null (or not a text) is shown as an unreadable one, never a crash.
        before = _view(name, existing["key"] if isinstance(existing["key"], str) else "") if existing else None
        result["ssh_key"] = before
        writes = _plan(module, name, wanted, existing, before, result)
        after = _view(name, wanted.text()) if wanted is not None and writes else (before if wanted is not None else None)
        if writes and module.check_mode:
            result["changed"] = True
            result["ssh_key"] = after
        elif writes:
            for write in writes:
                write(client)
                result["changed"] = True  # as soon as the API accepted a write
            added = read_key(client, name) if wanted is not None else None
            result["ssh_key"] = after = _view(name, added["key"]) if added else None
    module.exit_json(**with_diff(module, result, before, after))


if __name__ == "__main__":
    main()
