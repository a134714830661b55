#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_user_info
short_description: List the users of OVHcloud Public Cloud projects, with their roles
version_added: 0.1.0
description:
  - Lists the OpenStack users of a Public Cloud project (C(GET /cloud/project/{serviceName}/user), one request), or of
    every project of the account when O(project) is unset (the project list, then the users of all projects in one
    batch read, with one request per project where the API does not answer a batch).
  - Each user comes with its roles, by name and as the API describes them. Never a password (the API gives one only
    when a user is created or its password regenerated, see M(signet.ovh.ovh_cloud_user)).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.attributes.INFO_MODULE
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters). Unset, every project of the account.
    type: str
  description:
    description:
      - Only the users with this description (the stable name M(signet.ovh.ovh_cloud_user) gives a user).
    type: str
seealso:
  - module: signet.ovh.ovh_cloud_user
'''

EXAMPLES = r'''
- name: The users of a project
  signet.ovh.ovh_cloud_user_info:
    project: 0123456789abcdef0123456789abcdef
  register: project_users

- name: Their names and roles
  ansible.builtin.debug:
    msg: "{{ item.username }} ({{ item.description }}): {{ item.roles | join(', ') }}"
  loop: "{{ project_users.users }}"

- name: The user described "backup", in every project of the account
  signet.ovh.ovh_cloud_user_info:
    description: backup
  register: backup_users
'''

RETURN = r'''
users:
  description:
    - The users, keys in snake_case, in project order, then as the API lists them; C(project) is the project's id, C(roles) the role
      names, C(role_details) the API's role objects (id, name, description, permissions). Never a password.
  returned: success
  type: list
  elements: dict
  sample:
    - project: 0123456789abcdef0123456789abcdef
      id: 401001
      username: user-DemoBackup01
      description: backup
      status: ok
      creation_date: "2023-11-14T22:13:20+00:00"
      openstack_id: 5b4e6d2a1c3f4a8b9e7d2f1a0b3c4d5e
      roles: [objectstore_operator]
      role_details:
        - id: 8a9133d9e79f5e0f93a0ab487af7087f
          name: objectstore_operator
          description: Objectstore operator
          permissions: ["object-store:operate"]
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import project_id
from ansible_collections.signet.ovh.plugins.module_utils.cloud_users import description_of, list_users
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session


def main():
    module = ovh_module(
        dict(project=dict(type="str"), description=dict(type="str")),
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, project_id, params["project"]) if params["project"] is not None else None
    description = check_input(module, description_of, params["description"]) if params["description"] is not None else None
    result = dict(changed=False, users=[])
    with ovh_session(module, result) as client:
        result["users"] = list_users(client, project, description)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
