#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_s3_bucket
short_description: Manage an S3 bucket of a Public Cloud project
version_added: 0.1.0
description:
  - Creates, updates (encryption, versioning) or deletes an S3 bucket in one of the project's S3 regions, and gives
    users a role on it.
  - The region is checked against the project's regions that run S3 object storage (V(GRA), V(SBG)..., not the
    compute regions such as V(GRA11)) and the name against S3's naming rules, before any write.
  - A bucket that holds objects is deleted only with O(force=true), which first deletes every object the API lists.
  - B(User roles cannot be read back.) The API has a route that gives a user a role on a bucket, and none that reads
    the roles of a bucket. So O(user_policies) are sent when the module creates the bucket
    (O(user_policies_update=on_create), the default), or on every run with O(user_policies_update=always), which then
    reports a change each time. The result returns what was sent, not what the API holds. A user's whole S3 policy,
    which can be read back, is M(signet.ovh.ovh_cloud_s3_policy)'s. When a role is refused after the module created
    the bucket, a rerun would not send it again, so the task fails saying so (run it with O(user_policies_update=always)).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the regions and the bucket; predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the bucket (name, region, encryption, versioning, object count) before and after.
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  region:
    description:
      - An S3 region of the project, such as V(GRA) (case ignored).
    type: str
    required: true
  name:
    description:
      - The bucket's name, by S3's rules (3 to 63 lowercase letters, digits, dots or dashes; a letter or digit at each end).
    type: str
    required: true
  encryption:
    description:
      - Server-side encryption of new objects, the API's values; unset leaves it as it is (and to the API's default on
        creation).
    type: str
    choices: [AES256, plaintext]
  versioning:
    description:
      - The bucket's versioning, the API's values; unset leaves it as it is. Once enabled, versioning can be
        V(suspended) but not V(disabled) again (S3's rule); asking that fails before any write.
    type: str
    choices: [disabled, enabled, suspended]
  state:
    description:
      - Whether the bucket should exist.
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - With O(state=absent), delete a bucket that holds objects, deleting every object the API lists first. Without
        it such a bucket is left alone and the task fails with the number of objects.
      - Each object is deleted by its key, sent as one path segment of the object's route (every character that is
        not a letter, a digit or C(_.-~) quoted, V(/) included). A key V(.) or V(..) cannot be sent that way (servers
        resolve such a segment to another route), so a bucket holding one fails the task, naming the key, before
        anything is deleted.
    type: bool
    default: false
  user_policies:
    description:
      - Roles given to users on the bucket. See the description for when they are sent.
    type: list
    elements: dict
    suboptions:
      user:
        description:
          - The user's description. One of O(user_policies[].user) and O(user_policies[].user_id) is required.
        type: str
      user_id:
        description:
          - The user's id.
        type: int
      role:
        description:
          - The user's role on the bucket.
        type: str
        required: true
        choices: [admin, deny, readOnly, readWrite]
  user_policies_update:
    description:
      - V(on_create) sends O(user_policies) when the bucket is created only; V(always) on every run (a change each time).
    type: str
    choices: [always, on_create]
    default: on_create
seealso:
  - module: signet.ovh.ovh_cloud_s3_credential
  - module: signet.ovh.ovh_cloud_s3_policy
'''

EXAMPLES = r'''
- name: An encrypted, versioned bucket in GRA, the backup user read-write on it
  signet.ovh.ovh_cloud_s3_bucket:
    project: 0123456789abcdef0123456789abcdef
    region: GRA
    name: example-archive
    encryption: AES256
    versioning: enabled
    user_policies:
      - user_id: 401001
        role: readWrite
  register: archive

- name: Suspend its versioning
  signet.ovh.ovh_cloud_s3_bucket:
    project: 0123456789abcdef0123456789abcdef
    region: GRA
    name: example-archive
    versioning: suspended

- name: Delete a bucket with its objects
  signet.ovh.ovh_cloud_s3_bucket:
    project: 0123456789abcdef0123456789abcdef
    region: GRA
    name: demo-backups
    state: absent
    force: true
'''

RETURN = r'''
bucket:
  description:
    - The bucket after the task (as predicted in check mode), keys in snake_case, without its objects; null when absent.
  returned: success
  type: dict
  sample: {"name": "example-archive", "region": "GRA", "encryption": "AES256", "versioning": "enabled",
           "objects_count": 0, "objects_size": 0, "owner_id": 401001,
           "virtual_host": "example-archive.s3.gra.io.cloud.ovh.net"}
user_policies:
  description: The roles sent by this run (none when they were not sent), with each user's id.
  returned: success
  type: list
  elements: dict
  sample: [{"user_id": 401001, "role": "readWrite"}]
deleted_objects:
  description: How many objects O(force) deleted.
  returned: success
  type: int
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import (
    S3_SERVICES, CloudInputError, check_region, project_id, region_name, regions_running)
from ansible_collections.signet.ovh.plugins.module_utils.cloud_storage import (
    BUCKET, bucket_name, bucket_path, bucket_result, bucket_setting, object_keys, object_path, read_bucket, unaddressable_keys,
    user_id_of)
from ansible_collections.signet.ovh.plugins.module_utils.cloud_users import description_of
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.names import printable


def check_policies(policies):
    for index, policy in enumerate(policies or ()):
        if (policy.get("user") is None) == (policy.get("user_id") is None):
            raise CloudInputError("user_policies[%d]: give one of user and user_id" % index)
        if policy.get("user") is not None:
            description_of(policy["user"], "user_policies[%d].user" % index)
    return policies or []


def check_versioning(before, wanted):
    current = bucket_setting(before, "versioning")
    if wanted == "disabled" and current != "disabled":
        raise CloudInputError("versioning: the bucket's versioning is %s; once enabled it can be suspended, not disabled "
                              "again" % (current if current in ("enabled", "suspended") else printable(str(current))))


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            region=dict(type="str", required=True),
            name=dict(type="str", required=True),
            encryption=dict(type="str", choices=["AES256", "plaintext"]),
            versioning=dict(type="str", choices=["disabled", "enabled", "suspended"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            force=dict(type="bool", default=False),
            user_policies=dict(type="list", elements="dict", options=dict(
                user=dict(type="str"), user_id=dict(type="int"),
                role=dict(type="str", required=True, choices=["admin", "deny", "readOnly", "readWrite"]))),
            user_policies_update=dict(type="str", default="on_create", choices=["always", "on_create"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, project_id, params["project"])
    check_input(module, region_name, params["region"])
    name = check_input(module, bucket_name, params["name"])
    policies = check_input(module, check_policies, params["user_policies"])
    result = dict(changed=False, bucket=None, user_policies=[], deleted_objects=0)
    with ovh_session(module, result) as client:
        region = check_input(module, check_region, params["region"], regions_running(client, project, S3_SERVICES),
                             "S3 object storage")
        before = read_bucket(client, project, region, name)
        after = before
        if params["state"] == "absent":
            if before is not None:
                count = before.get("objectsCount") or 0
                if count and not params["force"]:
                    result["bucket"] = bucket_result(before)
                    module.fail_json(msg="bucket %s holds %d objects: it is kept. Set force: true to delete its objects "
                                         "and the bucket" % (name, count), **result)
                if not module.check_mode:
                    keys = object_keys(client, project, region, name, expected=count) if count else []
                    odd = unaddressable_keys(keys)
                    if odd:
                        # Refused before any deletion: such a segment would reach another route than the object's.
                        result["bucket"] = bucket_result(before)
                        module.fail_json(msg="bucket %s holds objects whose key cannot be a path segment of the API (%s): "
                                             "nothing was deleted; delete these objects with an S3 client, then run the "
                                             "task again" % (name, ", ".join(printable(str(key)) for key in odd)), **result)
                    for key in keys:
                        client.delete(object_path(project, region, name, key))
                        result.update(changed=True, deleted_objects=result["deleted_objects"] + 1)
                    client.delete(bucket_path(project, region, name))
                result["changed"] = True
                after = None
        else:
            check_input(module, check_versioning, before, params["versioning"])
            settings = {}
            if params["encryption"] is not None:
                settings["encryption"] = {"sseAlgorithm": params["encryption"]}
            if params["versioning"] is not None:
                settings["versioning"] = {"status": params["versioning"]}
            send_policies = bool(policies) and (before is None or params["user_policies_update"] == "always")
            users = [dict(policy, user_id=check_input(module, user_id_of, client, project, policy.get("user"),
                                                      policy.get("user_id"), option="user_policies user"))
                     for policy in policies] if send_policies else []
            if before is None:
                after = dict(name=name, region=region, objectsCount=0, objectsSize=0, **settings)
                if not module.check_mode:
                    after = client.post(bucket_path(project, region), body=dict(name=name, **settings), shape=BUCKET)
                result["changed"] = True
            else:
                changes = dict((key, value) for key, value in settings.items()
                               if bucket_setting(before, key) != params[key])
                if changes:
                    after = dict(before, **changes)
                    if not module.check_mode:
                        after = client.put(bucket_path(project, region, name), body=changes, shape=BUCKET)
                    result["changed"] = True
            result["bucket"] = bucket_result(after)
            try:
                for policy in users:
                    if not module.check_mode:
                        client.post(bucket_path(project, region, name, "policy", str(policy["user_id"])),
                                    body={"roleName": policy["role"]})
                    result["changed"] = True
                    result["user_policies"].append({"user_id": policy["user_id"], "role": policy["role"]})
            except OvhApiError as exc:
                if before is None and params["user_policies_update"] == "on_create":
                    # A plain rerun finds the bucket and sends no role: say so, and what sends them.
                    exc.message = "%s; the bucket was created, but not every user role was given: run the task again " \
                                  "with user_policies_update=always" % (exc.message or "")
                    exc.args = (exc.describe(),)
                raise
    result["bucket"] = bucket_result(after)
    module.exit_json(**with_diff(module, result, {"bucket": bucket_result(before)}, {"bucket": result["bucket"]}))


if __name__ == "__main__":
    main()
