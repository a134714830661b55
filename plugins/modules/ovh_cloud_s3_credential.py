#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_s3_credential
short_description: Manage the S3 access key of a Public Cloud project user
version_added: 0.1.0
description:
  - A Public Cloud user's S3 credentials (an access key and its secret) for the project's object storage.
  - With O(state=present) the user's existing key is kept (the first the API lists, or O(access_key)); a key is
    created only when the user has none, or with O(rotate=true). A rerun sends no write.
  - O(rotate=true) creates a new key, writes it to O(secret_path) if set, then deletes the user's other keys. It makes a
    new key on every run it is given, so keep it out of tasks that run every time.
  - When the user has several keys and O(access_key) is not given, the key kept is the first the API lists.
  - The secret is read only when asked (O(return_secret) or O(secret_path)), with the API's secret route (a POST that
    changes nothing); a new key's secret comes from its creation. It is never shown in messages or diffs.
  - In check mode the secret is read only to compare O(secret_path) with it, and never returned (O(return_secret) then
    reads nothing).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the keys (and, with O(secret_path), the kept key's secret to compare the file); creates, deletes and
      writes nothing, and returns no secret (RV(secret) is not set, whatever O(return_secret) says).
  diff_mode:
    support: full
    details: Shows the access keys before and after, and whether the secret file changes (never its content).
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  user:
    description:
      - The user's description (the stable name M(signet.ovh.ovh_cloud_user) gives users).
      - One of O(user) and O(user_id) is required.
    type: str
  user_id:
    description:
      - The user's id, instead of O(user).
    type: int
  state:
    description:
      - V(present) keeps or creates a key; V(absent) deletes O(access_key), or every key of the user without it.
    type: str
    choices: [present, absent]
    default: present
  access_key:
    description:
      - One access key of the user. With O(state=absent), the only key deleted; with O(state=present), the key kept
        (it must exist).
    type: str
  rotate:
    description:
      - Create a new key, then delete every other key of the user.
    type: bool
    default: false
  return_secret:
    description:
      - Return the key's secret in RV(secret). Set C(no_log) on the task (see the notes).
    type: bool
    default: false
  secret_path:
    description:
      - Write the key to this file, mode 0600, as an AWS credentials-file profile (the format the AWS CLI, boto3,
        s3cmd and rclone's s3 backend read; the file holds that profile only),
        C([<secret_profile>]), C(aws_access_key_id = <access>), C(aws_secret_access_key = <secret>).
      - Written atomically under a lock, and only when its content or mode differs. Its directory must exist.
    type: path
  secret_profile:
    description:
      - The profile's name in O(secret_path).
    type: str
    default: default
notes:
  - B(The secret is a secret.) RV(secret) is returned only with O(return_secret=true) and is not masked in the output,
    because a module cannot mark a return value as secret; set C(no_log) on such a task, or use O(secret_path).
seealso:
  - module: signet.ovh.ovh_cloud_s3_bucket
  - module: signet.ovh.ovh_cloud_s3_policy
'''

EXAMPLES = r'''
# The file is an AWS credentials file: AWS_SHARED_CREDENTIALS_FILE=~/backup-s3.credentials aws --profile backup ...
- name: The backup user's S3 key (kept if it has one), written as the profile "backup"
  signet.ovh.ovh_cloud_s3_credential:
    project: 0123456789abcdef0123456789abcdef
    user_id: 401001
    secret_path: ~/backup-s3.credentials
    secret_profile: backup
  register: backup_key

- name: A new key for the same user; the old ones are deleted once it exists
  signet.ovh.ovh_cloud_s3_credential:
    project: 0123456789abcdef0123456789abcdef
    user_id: 401001
    rotate: true
    return_secret: true
  register: rotated
  no_log: true  # the result holds the secret

- name: Remove the new key (the user then has none)
  signet.ovh.ovh_cloud_s3_credential:
    project: 0123456789abcdef0123456789abcdef
    user_id: 401001
    access_key: "{{ rotated.access_key }}"
    state: absent
'''

RETURN = r'''
access_key:
  description: The key kept or created (null with O(state=absent), and for a key that check mode would create).
  returned: success
  type: str
  sample: 5a3c0f1e2d4b6a798897a6b5c4d3e2f1
access_keys:
  description: The user's access keys after the task (as predicted in check mode, where a key the task would create is
    not listed, its access key being unknown before the API makes it).
  returned: success
  type: list
  elements: str
user_id:
  description: The user's id.
  returned: success
  type: int
  sample: 401001
secret:
  description: The key's secret. B(A secret.) A key created by a task that fails afterwards (an old key that cannot
    be deleted after a rotation) has its secret in the failure's result too, so that it is not lost.
  returned: only when O(return_secret=true) and O(state=present), outside check mode (a check-mode run returns no
    secret)
  type: str
secret_file_changed:
  description: Whether O(secret_path) was (or, in check mode, would be) written.
  returned: when O(secret_path) is set and O(state=present)
  type: bool
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import project_id
from ansible_collections.signet.ovh.plugins.module_utils.cloud_storage import (
    create_credential, credentials, credentials_file, credentials_path, profile_name, read_secret, secret_file_path,
    user_id_of, write_secret_file)
from ansible_collections.signet.ovh.plugins.module_utils.cloud_users import description_of
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.names import printable


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            user=dict(type="str"),
            user_id=dict(type="int"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            access_key=dict(type="str", no_log=False),
            rotate=dict(type="bool", default=False),
            return_secret=dict(type="bool", default=False, no_log=False),
            secret_path=dict(type="path", no_log=False),
            secret_profile=dict(type="str", default="default", no_log=False),
        ),
        required_one_of=[("user", "user_id")],
        mutually_exclusive=[("user", "user_id"), ("rotate", "access_key")],
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, project_id, params["project"])
    if params["user"] is not None:
        check_input(module, description_of, params["user"], "user")
    present = params["state"] == "present"
    secret_path = None
    if params["secret_path"] is not None and present:
        secret_path = check_input(module, secret_file_path, params["secret_path"])
        check_input(module, profile_name, params["secret_profile"])
    result = dict(changed=False, access_key=None, access_keys=[])
    with ovh_session(module, result) as client:
        user_id = check_input(module, user_id_of, client, project, params["user"], params["user_id"])
        result["user_id"] = user_id
        before = [key["access"] for key in credentials(client, project, user_id)]
        after = list(before)
        access, secret = None, None

        def write_file():
            # In check mode a key still to be created has no secret: the file would be written.
            changed = True if secret is None else write_secret_file(
                secret_path, credentials_file(params["secret_profile"], access, secret), module.check_mode)
            result["secret_file_changed"] = changed
            result["changed"] = result["changed"] or changed

        if not present:
            doomed = [params["access_key"]] if params["access_key"] in before else [] if params["access_key"] else before
            after = [key for key in before if key not in doomed]
            for key in doomed:
                if not module.check_mode:
                    client.delete(credentials_path(project, user_id, key))
                result["changed"] = True
        elif params["access_key"] is not None and params["access_key"] not in before:
            module.fail_json(msg="access_key %s is not a key of user %s (its keys: %s)" % (
                printable(params["access_key"]), user_id if isinstance(user_id, int) else printable(str(user_id)),
                ", ".join(printable(key) for key in before) or "none"), **result)
        elif before and not params["rotate"]:
            access = params["access_key"] or before[0]
            # Check mode reads the secret only to compare the file with it: it returns none.
            if secret_path or (params["return_secret"] and not module.check_mode):
                secret = read_secret(client, project, user_id, access)
        else:
            if not module.check_mode:
                try:
                    access, secret = create_credential(client, project, user_id)
                except ValueError:  # an unreadable 2xx answer is ovh_session's to report as a change
                    result["changed"] = True  # made, with a key or secret that cannot be used
                    raise
                result.update(changed=True, access_key=access)
                if params["return_secret"]:
                    result["secret"] = secret  # in the result already: a failure below still returns the new key's secret
                else:
                    module.no_log_values.add(secret)
                if secret_path is not None:
                    write_file()  # the new key is in the file before the old ones go
                for key in before if params["rotate"] else ():
                    client.delete(credentials_path(project, user_id, key))
            result["changed"] = True
            after = [access] if params["rotate"] else before + [access]
            after = [key for key in after if key is not None]
        if secret is not None and not (params["return_secret"] and not module.check_mode):
            module.no_log_values.add(secret)
        if secret_path is not None and "secret_file_changed" not in result:
            write_file()
        result.update(access_key=access, access_keys=after)
        if params["return_secret"] and present and secret is not None and not module.check_mode:
            result["secret"] = secret
    diff_after = {"access_keys": after}
    diff_before = {"access_keys": before}
    if secret_path is not None:
        diff_before["secret_file"] = "content hidden"
        diff_after["secret_file"] = "content hidden (%s)" % ("rewritten" if result["secret_file_changed"] else "unchanged")
    module.exit_json(**with_diff(module, result, diff_before, diff_after))


if __name__ == "__main__":
    main()
