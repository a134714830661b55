# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public Cloud project users (``/cloud/project/{serviceName}/user/…``): roles, passwords and the
openrc and rclone files of a user.

A user is found by its description (``cloud.find_user``: the API makes its username up). Its roles
are ``cloud.role.Role`` objects; they are compared by name and written in one ``PUT …/role``
(``rolesIds``), the ids read from the project's roles (``GET …/role``) only when a write is needed.
The password is in an answer only on creation and ``regeneratePassword``. The openrc and rclone
files are written under the file's lock, atomically, 0600, only when their bytes differ; their
content never leaves this file's functions but to disk.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os

from ansible_collections.signet.ovh.plugins.module_utils.cloud import (
    ROLE_LIST, S3_SERVICES, USERS, CloudInputError, check_region, project_path, region_name, regions_running, secret_call,
    wait_for_status, wait_until_gone)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.shapes import NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError, write_private_file

# cloud.user.RoleEnum, cloud.user.OpenrcVersionEnum and cloud.user.RCloneServiceEnum of the schema.
ROLE_NAMES = ("admin", "administrator", "ai_training_operator", "ai_training_read", "authentication", "backup_operator",
              "compute_operator", "image_operator", "infrastructure_supervisor", "network_operator",
              "network_security_operator", "objectstore_operator", "volume_operator")
OPENRC_VERSIONS = ("v2.0", "v3")
RCLONE_SERVICES = ("storage", "storage-s3")
# The cloud.Region components a file's region must run: any OpenStack region for openrc, Swift
# (``storage``) or S3 object storage for rclone.
OPENRC_SERVICES = ("instance", "network", "volume", "image", "storage")
FILE_SERVICES = {"openrc": OPENRC_SERVICES, "storage": ("storage",), "storage-s3": S3_SERVICES}
# A user's id becomes a path segment (a text such as ".." would reach another route): an integer, the schema's long.
USER_ID = Shape("integer", what="an integer id")
USER = Shape("object", ("id", "username", "description", "status"), "a Public Cloud user",
             fields={"id": USER_ID, "roles": ROLE_LIST})
USER_DETAIL = Shape("object", ("id", "username", "description", "status", "password"), "a Public Cloud user",
                    fields={"id": USER_ID, "roles": ROLE_LIST, "password": Shape("text", what="a password (a string)")})
_TEXT = Shape("text")
ROLES = Shape("object", ("roles",), "the project's roles",
              fields={"roles": Shape("objects", ("id", "name"), "a list of roles", fields={"id": _TEXT, "name": _TEXT})})
CONTENT = Shape("object", ("content",), "a file's content", fields={"content": Shape("text", what="a file's text")})
MAX_DESCRIPTION = 255


class CloudFileError(ValueError):
    """An openrc or rclone file cannot be read or written (a ValueError: ovh_session fails the task
    with the result as it stands)."""


def description_of(value, option="description"):
    """A user's description, its stable name: 1 to 255 printable characters."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_DESCRIPTION or \
            any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise CloudInputError("%s must be 1 to %d printable characters (the user's stable name), got %s" % (
            option, MAX_DESCRIPTION, printable(str(value))))
    if value != value.strip():
        # Users are found by an exact match: an API that trims it would leave a user the next run cannot find.
        raise CloudInputError("%s must not begin or end with white space, got %s" % (option, printable(value)))
    return value


def role_names(values, option="roles"):
    """The role names asked, each one of the API's (cloud.user.RoleEnum), duplicates dropped."""
    names = []
    for value in values:
        if value not in ROLE_NAMES:
            raise CloudInputError("%s: %s is not a Public Cloud role; the roles are %s" % (
                option, printable(str(value)), ", ".join(ROLE_NAMES)))
        if value not in names:
            names.append(value)
    return names


def password_of(answer):
    """The password of a creation's or a regeneration's answer (a string, checked by USER_DETAIL); an empty one
    is no password: ValueError."""
    if not answer["password"]:
        raise ValueError("the API's answer for user %s holds no password: give it one with regenerate_password=true" % (
            answer["id"]))
    return answer["password"]


def user_path(project, user_id, *parts):
    return project_path(project, "user", str(user_id), *parts)


def roles_of(user):
    """The names of a user's roles (cloud.role.Role objects, or names)."""
    names = [role.get("name") if isinstance(role, dict) else role for role in user.get("roles") or ()]
    return [name for index, name in enumerate(names) if name not in names[:index]]  # a role listed twice is one role


def user_result(user):
    """A user as modules return it: snake_case keys, ``roles`` as names, the Role objects in
    ``role_details``, never a password."""
    data = dict((key, value) for key, value in user.items() if key not in ("password", "roles"))
    data = snake_keys(data)
    data["roles"] = roles_of(user)
    data["role_details"] = [snake_keys(role) for role in user.get("roles") or () if isinstance(role, dict)]
    return data


def list_users(client, project=None, description=None):
    """The users of ``project`` (one request), or of every project of the account (the project list,
    then one batch read of their users); with ``description``, only those; each as ``user_result``
    with its ``project``."""
    if project is not None:
        by_project = {project: client.get(project_path(project, "user"), shape=USERS)}
    else:
        projects = client.get("/cloud/project", shape=NAMES)
        by_project = client.get_many("/cloud/project", projects, suffix="user", shape=USERS)
    users = []
    for name in sorted(by_project):
        for user in by_project[name]:
            if description is None or user.get("description") == description:
                users.append(dict(user_result(user), project=name))
    return users


def create_user(client, project, description, roles):
    """POST …/user: the new user, with its password (the API's only answer with one but regeneration)."""
    body = {"description": description}
    if roles is not None:
        body["roles"] = list(roles)
    return secret_call(client, "POST", project_path(project, "user"), USER_DETAIL, "the password", body=body)


def set_roles(client, project, user_id, names):
    """PUT …/role with the ids of ``names`` (one write, the whole list); the ids from the project's roles."""
    answer = client.get(project_path(project, "role"), shape=ROLES)
    ids = dict((role.get("name"), role.get("id")) for role in answer.get("roles") or () if isinstance(role, dict))
    unknown = [name for name in names if not ids.get(name)]
    if unknown:
        raise CloudInputError("roles: the project has no role %s (its roles: %s)" % (
            ", ".join(unknown), ", ".join(sorted(name for name in ids if name))))
    # The answer is a cloud.user.UserDetail, which has a password field: never quoted.
    return secret_call(client, "PUT", user_path(project, user_id, "role"), USER, "the password",
                       body={"rolesIds": [ids[name] for name in names]})


def regenerate_password(client, project, user_id):
    """POST …/regeneratePassword: the user with its new password."""
    return secret_call(client, "POST", user_path(project, user_id, "regeneratePassword"), USER_DETAIL, "the password")


def wait_ready(client, project, user_id, timeout, sleep=None, clock=None):
    """Read the user until it is ``ok`` (``creating`` before)."""
    return wait_for_status(client, user_path(project, user_id), "user %s" % user_id, ready=("ok",), pending=("creating",),
                           timeout=timeout, shape=USER, sleep=sleep, clock=clock)


def wait_gone(client, project, user_id, timeout, sleep=None, clock=None):
    """After its DELETE: read the user until the API answers 404."""
    wait_until_gone(client, user_path(project, user_id), "user %s" % user_id, timeout=timeout, sleep=sleep, clock=clock)


# --- openrc and rclone files ------------------------------------------------

def file_spec(kind, spec):
    """Check an ``openrc``/``rclone`` option before any request: the path's directory exists and the
    path is not a directory; the region's form; returns the spec with an absolute path."""
    path = spec.get("path")
    if not path:
        raise CloudInputError("%s.path is required" % kind)
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        raise CloudInputError("%s.path %s: the directory %s does not exist" % (kind, printable(path), printable(directory)))
    if os.path.isdir(path):
        raise CloudInputError("%s.path %s is a directory: give a file name" % (kind, printable(path)))
    region = region_name(spec.get("region"), "%s.region" % kind)
    return dict(spec, path=path, region=region)


def file_services(kind, spec):
    return FILE_SERVICES["openrc" if kind == "openrc" else spec["service"]]


def check_file_regions(client, project, files):
    """Each file's region among the project's regions running what it is for (one region read per kind
    of region); returns the specs with the regions in the API's case."""
    cache = {}
    checked = []
    for kind, spec in files:
        services = file_services(kind, spec)
        if services not in cache:
            cache[services] = regions_running(client, project, services)
        what = "OpenStack (openrc)" if kind == "openrc" else "%s (rclone)" % (
            "Swift object storage" if spec["service"] == "storage" else "S3 object storage")
        checked.append((kind, dict(spec, region=check_region(spec["region"], cache[services], what, "%s.region" % kind))))
    return checked


def file_content(client, project, user_id, kind, spec):
    """The openrc or rclone file of the user for the spec's region (text; never returned by a module)."""
    if kind == "openrc":
        query = {"region": spec["region"], "version": spec["version"]}
    else:
        query = {"region": spec["region"], "service": spec["service"]}
    return secret_call(client, "GET", user_path(project, user_id, kind), CONTENT, "the %s file" % kind, query=query)["content"]


def checksum(data):
    return None if data is None else hashlib.sha256(data).hexdigest()


def sync_file(path, content, check_mode):
    """Write ``content`` to ``path`` (0600) under its lock, atomically, unless it holds those bytes
    already (state_files.write_private_file). Returns (changed, checksum before, checksum after)."""
    try:
        return write_private_file(path, content, check_mode)
    except StateFileError as exc:
        raise CloudFileError(str(exc))
