#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_user
short_description: Manage a user of an OVHcloud Public Cloud project, its roles, password and openrc or rclone file
version_added: 0.1.0
description:
  - A Public Cloud project's OpenStack users (C(/cloud/project/{serviceName}/user)). The API makes the user name up
    (C(user-…)), so the task finds its user by O(description), the user's stable name. One user per description;
    when two users of the project have it, the task fails before any write, naming their ids.
  - V(present) creates the user when none has the description (C(POST …/user), with O(roles)), and brings the roles of an
    existing one to exactly O(roles) in one write (C(PUT …/user/{userId}/role)) when they differ. A rerun finds the user
    and sends no write; it never creates a second one.
  - When the API answers a role write with roles it was not asked, the task warns, naming them (each run would write
    the roles again until O(roles) lists them).
  - B(The password) is given by the API only when the user is created, and when O(regenerate_password=true) makes a new
    one (C(POST …/regeneratePassword)); RV(password) holds it then, and only then. A module cannot mark a return value
    as secret, so set C(no_log) on the task and keep the registered result out of any output (see the examples).
  - The user's openrc file (O(openrc)) and rclone configuration (O(rclone)) of one region are written to a path, mode
    0600, under a lock and atomically, only when their content differs. Their content is never returned, shown in a
    diff or in a message (the files the API gives hold no password).
  - With O(wait=true) the task waits for a new user, or one found C(creating), to be C(ok) (the API refuses to change a
    user before), and for a deleted one, or one found C(deleting), to be gone (the API answers 404 once the C(deleting)
    ends).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details:
      - Reads the users (and the files) and predicts the change; sends no write, writes no file and does not wait.
      - An openrc or rclone file of a user that does not exist yet is predicted to change.
  diff_mode:
    support: full
    details: Shows the user's description and roles, and each file's path and SHA-256 checksum, before and after; never a
      password or a file's content.
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters, C(GET /cloud/project) lists them).
    type: str
    required: true
  description:
    description:
      - The user's description, its stable name in the project (1 to 255 characters, no white space at either end, as the
        task finds its user by an exact match).
    type: str
    required: true
  roles:
    description:
      - The user's roles, exactly (the API's names, checked before any request). Unset, a new user gets the API's
        default and an existing one keeps its own; V([]) removes every role.
    type: list
    elements: str
    choices: [admin, administrator, ai_training_operator, ai_training_read, authentication, backup_operator,
              compute_operator, image_operator, infrastructure_supervisor, network_operator, network_security_operator,
              objectstore_operator, volume_operator]
  state:
    description:
      - Whether the user exists. V(absent) deletes it (its S3 credentials and policies go with it).
    type: str
    choices: [present, absent]
    default: present
  regenerate_password:
    description:
      - Give an existing user a new password, returned in RV(password). Reports a change on every run. A new user's
        password comes with its creation, so it is not regenerated on that run.
    type: bool
    default: false
  openrc:
    description:
      - Write the user's OpenStack openrc file (C(GET …/user/{userId}/openrc)) for a region of the project to a path.
      - The file asks for the password when sourced; it is written mode 0600, only when its content differs.
    type: dict
    suboptions:
      path:
        description:
          - Where to write it. Its directory must exist.
        type: path
        required: true
      region:
        description:
          - An OpenStack region of the project, for example V(GRA11) (checked against the project's regions).
        type: str
        required: true
      version:
        description:
          - The Keystone API version of the file.
        type: str
        choices: [v2.0, v3]
        default: v3
  rclone:
    description:
      - Write the user's rclone configuration (C(GET …/user/{userId}/rclone)) for a region of the project to a path,
        mode 0600, only when its content differs.
    type: dict
    suboptions:
      path:
        description:
          - Where to write it. Its directory must exist.
        type: path
        required: true
      region:
        description:
          - The region of the object storage, checked against the project's regions running it (V(GRA11) for
            V(storage), V(GRA) for V(storage-s3)).
        type: str
        required: true
      service:
        description:
          - The object storage the file is for, Swift (V(storage)) or S3 (V(storage-s3)).
        type: str
        choices: [storage, storage-s3]
        required: true
  wait:
    default: true
  wait_timeout:
    default: 300
seealso:
  - module: signet.ovh.ovh_cloud_user_info
'''

EXAMPLES = r'''
- name: A user for the backups, with the object storage role; its password only on creation
  signet.ovh.ovh_cloud_user:
    project: 0123456789abcdef0123456789abcdef
    description: nightly-backup
    roles: [objectstore_operator]
  register: backup_user
  no_log: true  # the password is in the result when the user is created

- name: Say whether the API issued a password on this run (never print the password itself)
  ansible.builtin.debug:
    msg: "{{ 'created: the password is in backup_user.password, this once' if backup_user.password is defined
             else 'the user existed: no password' }}"

- name: Its openrc file for GRA11 and its rclone configuration for S3 in GRA (0600, never printed)
  signet.ovh.ovh_cloud_user:
    project: 0123456789abcdef0123456789abcdef
    description: nightly-backup
    openrc:
      path: ~/nightly-backup.openrc
      region: GRA11
    rclone:
      path: ~/nightly-backup.rclone.conf
      region: GRA
      service: storage-s3

- name: Give the user a new password
  signet.ovh.ovh_cloud_user:
    project: 0123456789abcdef0123456789abcdef
    description: nightly-backup
    regenerate_password: true
  register: rotated
  no_log: true

- name: Delete the user
  signet.ovh.ovh_cloud_user:
    project: 0123456789abcdef0123456789abcdef
    description: nightly-backup
    state: absent
'''

RETURN = r'''
user:
  description:
    - The user after the task (in check mode, as predicted), keys in snake_case; V(null) when absent.
    - C(roles) holds the role names; C(role_details) the API's role objects (id, name, description, permissions).
  returned: success
  type: dict
  sample:
    id: 401002
    username: user-Zx8GkQ2mTb4W
    description: nightly-backup
    status: ok
    creation_date: "2026-01-01T00:00:00+00:00"
    openstack_id: 8d0c4cda0b1a4e37a4a6c3b0c4cf3b21
    roles: [objectstore_operator]
    role_details:
      - id: 8a9133d9e79f5e0f93a0ab487af7087f
        name: objectstore_operator
        description: Objectstore operator
        permissions: ["object-store:operate"]
password:
  description:
    - The user's password, returned only when the task created the user or regenerated its password (not in check
      mode). B(A secret:) set C(no_log) on the task.
  returned: when the user was created or its password regenerated
  type: str
  sample: Vb2pXk9Rq4TzM7cN1sYw3LdF6gHj8KaE
openrc:
  description: The openrc file written (path, region, version) and whether it changed; never its content.
  returned: when O(openrc) is set and O(state=present)
  type: dict
  sample: {"path": "/home/ops/nightly-backup.openrc", "region": "GRA11", "version": "v3", "changed": true}
rclone:
  description: The rclone configuration written (path, region, service) and whether it changed; never its content.
  returned: when O(rclone) is set and O(state=present)
  type: dict
  sample: {"path": "/home/ops/nightly-backup.rclone.conf", "region": "GRA", "service": "storage-s3", "changed": false}
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError, find_user, project_id
from ansible_collections.signet.ovh.plugins.module_utils.cloud_users import (
    ROLE_NAMES, check_file_regions, create_user, description_of, file_content, file_spec, password_of,
    regenerate_password, role_names, roles_of, set_roles, sync_file, user_path, user_result, wait_gone, wait_ready)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable

FILE_KINDS = ("openrc", "rclone")


def check_files(params):
    """The openrc/rclone options, checked before any request."""
    files = []
    for kind in FILE_KINDS:
        if params[kind] is not None:
            if params["state"] == "absent":
                raise CloudInputError("%s is only for state=present: a deleted user has no files" % kind)
            files.append((kind, file_spec(kind, params[kind])))
    return files


def file_view(kind, spec):
    keys = ("path", "region", "version") if kind == "openrc" else ("path", "region", "service")
    return dict((key, spec[key]) for key in keys)


def warn_added_roles(module, answer, wanted):
    """The API's answer to a role write holding roles that were not asked: each run would write them again."""
    added = sorted(set(roles_of(answer)) - set(wanted))
    if added:
        module.warn("the API gave the user roles that were not asked (%s): list them in roles, or each run will report a "
                    "change" % ", ".join(name if name in ROLE_NAMES else printable(str(name)) for name in added))


def main():
    file_options = dict(path=dict(type="path", required=True), region=dict(type="str", required=True))
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            description=dict(type="str", required=True),
            roles=dict(type="list", elements="str", choices=list(ROLE_NAMES)),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            regenerate_password=dict(type="bool", default=False, no_log=False),
            openrc=dict(type="dict", options=dict(file_options, version=dict(type="str", choices=["v2.0", "v3"], default="v3"))),
            rclone=dict(type="dict", options=dict(file_options, service=dict(type="str", required=True,
                                                                             choices=["storage", "storage-s3"]))),
            **wait_options(wait=True, timeout=300)
        ),
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, project_id, params["project"])
    description = check_input(module, description_of, params["description"])
    wanted_roles = check_input(module, role_names, params["roles"]) if params["roles"] is not None else None
    files = check_input(module, check_files, params)
    if params["regenerate_password"] and params["state"] == "absent":
        module.fail_json(msg="regenerate_password is only for state=present")
    check_wait_options(module)
    wait, timeout = params["wait"], params["wait_timeout"]
    result = dict(changed=False, user=None)
    before = after = None
    with ovh_session(module, result) as client:
        user = find_user(client, project, description, option="description")
        if user is not None:
            before = {"description": description, "roles": sorted(roles_of(user))}
        if params["state"] == "absent":
            if user is not None:
                result["user"] = user_result(user)
                if user["status"] != "deleting":
                    if not module.check_mode:
                        client.delete(user_path(project, user["id"]))
                    result["changed"] = True
                if wait and not module.check_mode:
                    wait_gone(client, project, user["id"], timeout)
                result["user"] = None
        else:
            if user is not None and user["status"] == "deleting":
                raise CloudInputError("description %s: user %s is being deleted; run the task again once it is gone" % (
                    printable(description), user["id"]))
            files = check_file_regions(client, project, files)  # before any write
            if user is not None and user["status"] == "creating" and wait and not module.check_mode:
                user = wait_ready(client, project, user["id"], timeout)  # found being created: waited for, as asked
            if user is None:
                after = {"description": description, "roles": sorted(wanted_roles or [])}
                result["changed"] = module.check_mode
                if not module.check_mode:
                    answer = create_user(client, project, description, wanted_roles)
                    result.update(changed=True, user=user_result(answer))
                    if wanted_roles is not None:
                        warn_added_roles(module, answer, wanted_roles)
                    result["password"] = password_of(answer)
                    user = wait_ready(client, project, answer["id"], timeout) if wait else answer
                    result["user"] = user_result(user)
                else:
                    result["user"] = {"description": description, "roles": wanted_roles or [], "status": "creating"}
            else:
                result["user"] = user_result(user)
                after = dict(before)
                if wanted_roles is not None and sorted(wanted_roles) != before["roles"]:
                    after["roles"] = sorted(wanted_roles)
                    if not module.check_mode:
                        user = set_roles(client, project, user["id"], wanted_roles)
                        warn_added_roles(module, user, wanted_roles)
                    result["changed"] = True
                    if module.check_mode:
                        user = dict(user, roles=[{"name": name} for name in wanted_roles])
                    result["user"] = user_result(user)
                if params["regenerate_password"]:
                    if not module.check_mode:
                        answer = regenerate_password(client, project, user["id"])
                        result["changed"] = True
                        result["password"] = password_of(answer)
                    result["changed"] = True
            new_in_check_mode = module.check_mode and "id" not in (result["user"] or {})
            for kind, spec in files:
                view = file_view(kind, spec)
                if new_in_check_mode:
                    changed, old_sum, new_sum = True, None, None
                else:
                    content = file_content(client, project, user["id"], kind, spec)
                    changed, old_sum, new_sum = sync_file(spec["path"], content, module.check_mode)
                result[kind] = dict(view, changed=changed)
                result["changed"] = result["changed"] or changed
                if before is not None:
                    before[kind] = dict(view, sha256=old_sum)
                after[kind] = dict(view, sha256=new_sum)
    module.exit_json(**with_diff(module, result, before, after))


if __name__ == "__main__":
    main()
