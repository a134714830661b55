#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_s3_policy
short_description: Set the S3 policy of a Public Cloud project user
version_added: 0.1.0
description:
  - Sets a Public Cloud user's S3 policy document (AWS IAM policy syntax, the C(Statement) list), which decides what
    the user's S3 keys may do on the project's buckets.
  - The policy is compared as data with the one the API holds (parsed JSON, key order and spacing ignored, list order
    kept) and written only when they differ.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the policy and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the policy before and after, parsed.
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  user:
    description:
      - The user's description. One of O(user) and O(user_id) is required.
    type: str
  user_id:
    description:
      - The user's id, instead of O(user).
    type: int
  policy:
    description:
      - The policy, as a dict or as JSON text.
    type: raw
    required: true
seealso:
  - module: signet.ovh.ovh_cloud_s3_credential
  - module: signet.ovh.ovh_cloud_s3_bucket
'''

EXAMPLES = r'''
- name: The backup user may read and write demo-backups only
  signet.ovh.ovh_cloud_s3_policy:
    project: 0123456789abcdef0123456789abcdef
    user_id: 401001
    policy:
      Statement:
        - Sid: RWBackups
          Effect: Allow
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"]
          Resource: ["arn:aws:s3:::demo-backups", "arn:aws:s3:::demo-backups/*"]
'''

RETURN = r'''
policy:
  description: The policy after the task (as predicted in check mode), parsed, as the API holds it (its keys kept).
  returned: success
  type: dict
user_id:
  description: The user's id.
  returned: success
  type: int
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import project_id
from ansible_collections.signet.ovh.plugins.module_utils.cloud_storage import (
    policy_path, policy_text, policy_value, read_policy, user_id_of)
from ansible_collections.signet.ovh.plugins.module_utils.cloud_users import description_of
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            user=dict(type="str"),
            user_id=dict(type="int"),
            policy=dict(type="raw", required=True),
        ),
        required_one_of=[("user", "user_id")],
        mutually_exclusive=[("user", "user_id")],
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, project_id, params["project"])
    if params["user"] is not None:
        check_input(module, description_of, params["user"], "user")
    wanted = check_input(module, policy_value, params["policy"])
    result = dict(changed=False)
    with ovh_session(module, result) as client:
        user_id = check_input(module, user_id_of, client, project, params["user"], params["user_id"])
        result["user_id"] = user_id
        before = read_policy(client, project, user_id)
        # Compared as JSON text, keys sorted: as Python data true equals 1 and false 0 (a change would go unseen).
        if policy_text(before) != policy_text(wanted):
            if not module.check_mode:
                client.post(policy_path(project, user_id), body={"policy": policy_text(wanted)})
            result["changed"] = True
    result["policy"] = wanted
    module.exit_json(**with_diff(module, result, {"policy": before}, {"policy": wanted}))


if __name__ == "__main__":
    main()
