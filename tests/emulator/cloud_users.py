"""Public Cloud project users and their roles (schemas/cloud.json), over ``Project.users`` of cloud.py.

Routes: ``GET``/``POST /cloud/project/{serviceName}/user`` (cloud.user.User[]; the creation,
cloud.ProjectUserCreation ``{description, role, roles}``, answers cloud.user.UserDetail with the
password), ``GET``/``DELETE …/user/{userId}``, ``GET``/``POST``/``PUT …/user/{userId}/role``
(cloud.role.Role[]; POST adds one ``roleId``, PUT replaces the list with ``rolesIds``
(cloud.ProjectUserRoleUpdate)), ``GET``/``DELETE …/user/{userId}/role/{roleId}``,
``POST …/user/{userId}/regeneratePassword`` (UserDetail with the new password),
``GET …/user/{userId}/openrc?region=&version=`` (cloud.user.Openrc) and
``GET …/user/{userId}/rclone?region=&service=`` (cloud.user.Rclone), and the project's roles
``GET /cloud/project/{serviceName}/role`` (cloud.role.Roles), where a client finds the id of a role it
names. The S3 credentials and policy routes of a user are served by cloud_storage.py.

A new user is ``creating``, then ``ok``; a deleted one ``deleting``, then gone (404); each for
``user_seconds`` (default ``(2, 2)``) on the emulator clock. The password is in an answer only on
creation and regeneration: the role writes answer a UserDetail whose ``password`` is empty (the
schema says the field is never null; that the API leaves it empty there is an inference).

Inferred (NOTES says nothing): role ids (32 hexadecimal characters, an OpenStack role id's form),
descriptions and permission labels; the role list of a user created without roles (empty); the
refusals and their wordings: an unknown role id (404, "The requested object (roleId = …) does not
exist", the API's form for a missing object), a role given twice or already held (409 "Role … is
already granted to the user"), a role removed that the user does not hold (404), a change of a
user that is not ``ok`` (409 "The user is not ready: its status is …"), a second deletion (409 "The
user is already being deleted"), a region that the project does not run for the file asked (400
"[region] Given data (…) is not a valid region"), a missing region (400 "[region] Missing
parameter"), a description longer than 255 characters (400); the content of the openrc and rclone
files (modelled on the files the control panel gives: no password in either).
"""

import uuid

from .cloud import project_of, user_of
from .errors import ApiError, bad_request, object_not_found
from .product import Product, only_keys, random_key
from .tasks import Task

ROLE_NAMES = ("admin", "administrator", "ai_training_operator", "ai_training_read", "authentication", "backup_operator",
              "compute_operator", "image_operator", "infrastructure_supervisor", "network_operator",
              "network_security_operator", "objectstore_operator", "volume_operator")  # cloud.user.RoleEnum
USER_STATUSES = ("creating", "deleted", "deleting", "ok")  # cloud.user.UserStatusEnum
OPENRC_VERSIONS = ("v2.0", "v3")  # cloud.user.OpenrcVersionEnum
RCLONE_SERVICES = ("storage", "storage-s3")  # cloud.user.RCloneServiceEnum
# The OpenStack service each role reaches (inferred: the control panel's role descriptions).
_ROLE_SERVICES = {
    "admin": ("compute", "image", "network", "object-store", "volume"),
    "administrator": ("compute", "image", "network", "object-store", "volume"),
    "ai_training_operator": ("ai-training",), "ai_training_read": ("ai-training",),
    "authentication": ("identity",), "backup_operator": ("volume",), "compute_operator": ("compute",),
    "image_operator": ("image",), "infrastructure_supervisor": ("compute", "image", "network", "volume"),
    "network_operator": ("network",), "network_security_operator": ("network",),
    "objectstore_operator": ("object-store",), "volume_operator": ("volume",),
}


def role_id(name):
    """A role's id: 32 hexadecimal characters, as OpenStack writes role ids, fixed per name."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "cloud/role/" + name).hex


ROLE_BY_ID = {role_id(name): name for name in ROLE_NAMES}


def role_api(name):
    """cloud.role.Role"""
    readonly = name.endswith("_read") or name == "infrastructure_supervisor"
    return {"id": role_id(name), "name": name, "description": name.replace("_", " ").capitalize(),
            "permissions": [f"{service}:{'read' if readonly else 'operate'}" for service in _ROLE_SERVICES[name]]}


def _check_role_names(names, field):
    for name in names:
        if name not in ROLE_NAMES:
            raise bad_request(f"[{field}] Given data ({name}) does not belong to the RoleEnum enumeration")


class CloudUsers(Product):
    """The users' statuses on the clock; the users themselves are ``Project.users`` (cloud.py)."""

    name = "cloud_users"
    seed_keys = ()

    def __init__(self, state):
        super().__init__(state)
        self.user_seconds = (2, 2)  # creating, then deleting, in seconds of emulator time
        self.changes = {}  # (project id, user id) -> Task of the user's creation or deletion

    def start(self, project, user, statuses, seconds):
        self.changes[(project.project_id, user["id"])] = Task(user["id"], statuses[0], self.state.now(),
                                                              [(0, statuses[0]), (seconds, statuses[1])],
                                                              initial=statuses[0])
        user["status"] = statuses[0]

    def refresh(self, project):
        """Bring the project's users to the clock: created ones ok, deleted ones gone."""
        now = self.state.now()
        for key, task in list(self.changes.items()):
            if key[0] != project.project_id:
                continue
            user = project.users.get(key[1])
            status = task.status(now)
            if user is not None:
                user["status"] = status
                if status == "deleted":
                    del project.users[key[1]]
            if task.is_final(now):
                del self.changes[key]


def _project(call):
    project = project_of(call)
    call.state.cloud_users.refresh(project)
    return project


def _user(call):
    project = _project(call)
    return project, user_of(call, project)


def user_api(user):
    """cloud.user.User"""
    return {"id": user["id"], "username": user["username"], "description": user["description"], "status": user["status"],
            "creationDate": user["creationDate"], "openstackId": user["openstackId"],
            "roles": [role_api(name) for name in user["roles"]]}


def user_detail(user, password=""):
    """cloud.user.UserDetail: the password only where the API gives it (creation, regeneration)."""
    return dict(user_api(user), password=password)


def _ready(user):
    if user["status"] != "ok":
        raise ApiError(409, "CONFLICT", f"The user is not ready: its status is {user['status']}")  # inferred


def user_list(call):
    """GET /cloud/project/{serviceName}/user (cloud.user.User[])"""
    return [user_api(user) for user in _project(call).users.values()]


def user_create(call):
    """POST /cloud/project/{serviceName}/user (cloud.ProjectUserCreation -> cloud.user.UserDetail)"""
    project = _project(call)
    body = call.json_body()
    only_keys(body, ("description", "role", "roles"))
    description = body.get("description") or ""
    if not isinstance(description, str) or len(description) > 255:
        raise bad_request("[description] The description must be a text of 255 characters at most")  # inferred
    roles = []
    if body.get("role") is not None:
        roles.append(body["role"])
    if body.get("roles") is not None:
        if not isinstance(body["roles"], list):
            raise bad_request(f"[roles] Given data ({body['roles']}) is not valid for type cloud.user.RoleEnum[]")
        roles.extend(body["roles"])
    _check_role_names(roles, "roles")
    user = project.add_user({"description": description, "roles": list(dict.fromkeys(roles)),
                             "created": call.state.now(), "password": random_key(32)})
    call.state.cloud_users.start(project, user, ("creating", "ok"), call.state.cloud_users.user_seconds[0])
    return user_detail(user, user["password"])


def user_get(call):
    """GET /cloud/project/{serviceName}/user/{userId} (cloud.user.User)"""
    return user_api(_user(call)[1])


def user_delete(call):
    """DELETE /cloud/project/{serviceName}/user/{userId}: deleting, then gone."""
    project, user = _user(call)
    if user["status"] == "deleting":
        raise ApiError(409, "CONFLICT", "The user is already being deleted")  # inferred
    call.state.cloud_users.start(project, user, ("deleting", "deleted"), call.state.cloud_users.user_seconds[1])


def regenerate_password(call):
    """POST …/user/{userId}/regeneratePassword (cloud.user.UserDetail with the new password)"""
    user = _user(call)[1]
    _ready(user)
    user["password"] = random_key(32)
    return user_detail(user, user["password"])


def role_list(call):
    """GET …/user/{userId}/role (cloud.role.Role[])"""
    return [role_api(name) for name in _user(call)[1]["roles"]]


def _role_name(role, field="roleId"):
    if not isinstance(role, str) or role not in ROLE_BY_ID:
        raise object_not_found(role, field)
    return ROLE_BY_ID[role]


def role_get(call):
    """GET …/user/{userId}/role/{roleId} (cloud.role.Role): a role the user holds."""
    user = _user(call)[1]
    name = _role_name(call.params["roleId"])
    if name not in user["roles"]:
        raise object_not_found(call.params["roleId"], "roleId")
    return role_api(name)


def role_add(call):
    """POST …/user/{userId}/role (cloud.ProjectUserRoleCreation {roleId} -> cloud.user.UserDetail)"""
    user = _user(call)[1]
    body = call.json_body()
    only_keys(body, ("roleId",))
    name = _role_name(body.get("roleId"))
    _ready(user)
    if name in user["roles"]:
        raise ApiError(409, "CONFLICT", f"Role {name} is already granted to the user")  # inferred
    user["roles"].append(name)
    return user_detail(user)


def role_replace(call):
    """PUT …/user/{userId}/role (cloud.ProjectUserRoleUpdate {rolesIds} -> cloud.user.UserDetail)"""
    user = _user(call)[1]
    body = call.json_body()
    only_keys(body, ("rolesIds",))
    ids = body.get("rolesIds")
    if not isinstance(ids, list):
        raise bad_request(f"[rolesIds] Given data ({ids}) is not valid for type string[]")
    names = [_role_name(value, "rolesIds") for value in ids]
    if len(set(names)) != len(names):
        raise ApiError(409, "CONFLICT", "Role %s is already granted to the user" % next(
            name for name in names if names.count(name) > 1))  # inferred
    _ready(user)
    user["roles"] = names
    return user_detail(user)


def role_delete(call):
    """DELETE …/user/{userId}/role/{roleId}"""
    user = _user(call)[1]
    name = _role_name(call.params["roleId"])
    if name not in user["roles"]:
        raise object_not_found(call.params["roleId"], "roleId")
    _ready(user)
    user["roles"].remove(name)


def project_roles(call):
    """GET /cloud/project/{serviceName}/role (cloud.role.Roles): every role, and the services they reach."""
    _project(call)
    services = sorted({service for names in _ROLE_SERVICES.values() for service in names})
    return {"roles": [role_api(name) for name in ROLE_NAMES],
            "services": [{"name": service, "permissions": [
                {"label": f"{service}:{level}",
                 "roles": [role_id(name) for name in ROLE_NAMES
                           if f"{service}:{level}" in role_api(name)["permissions"]]}
                for level in ("operate", "read")]} for service in services]}


def _region(call, project, services):
    region = call.query_value("region")
    if not region:
        raise bad_request("[region] Missing parameter")  # inferred
    if region not in project.regions or not set(services) & set(project.regions[region]["services"]):
        raise bad_request(f"[region] Given data ({region}) is not a valid region")  # inferred
    return region


def _tenant(project):
    return "".join(ch for ch in project.project_id if ch.isdigit())[:16].ljust(16, "0")


def openrc(call):
    """GET …/user/{userId}/openrc?region=&version= (cloud.user.Openrc)"""
    project, user = _user(call)
    version = call.query_value("version") or "v3"
    if version not in OPENRC_VERSIONS:
        raise bad_request(f"[version] Given data ({version}) does not belong to the OpenrcVersionEnum enumeration")
    region = _region(call, project, ("instance", "network", "volume", "image", "storage"))
    lines = ["#!/bin/bash", f"# OpenStack {version} environment of {user['username']} in project {project.project_id}"]
    if version == "v3":
        lines += ["export OS_AUTH_URL=https://auth.cloud.ovh.net/v3", "export OS_IDENTITY_API_VERSION=3",
                  'export OS_USER_DOMAIN_NAME=${OS_USER_DOMAIN_NAME:-"Default"}',
                  'export OS_PROJECT_DOMAIN_NAME=${OS_PROJECT_DOMAIN_NAME:-"Default"}']
    else:
        lines += ["export OS_AUTH_URL=https://auth.cloud.ovh.net/v2.0/"]
    lines += [f"export OS_TENANT_ID={project.project_id}", f'export OS_TENANT_NAME="{_tenant(project)}"',
              f'export OS_USERNAME="{user["username"]}"', 'echo "Please enter your OpenStack Password: "',
              "read -sr OS_PASSWORD_INPUT", "export OS_PASSWORD=$OS_PASSWORD_INPUT", f'export OS_REGION_NAME="{region}"',
              'if [ -z "$OS_REGION_NAME" ]; then unset OS_REGION_NAME; fi', ""]
    return {"content": "\n".join(lines)}


def rclone(call):
    """GET …/user/{userId}/rclone?region=&service= (cloud.user.Rclone)"""
    project, user = _user(call)
    service = call.query_value("service") or "storage"
    if service not in RCLONE_SERVICES:
        raise bad_request(f"[service] Given data ({service}) does not belong to the RCloneServiceEnum enumeration")
    if service == "storage":
        region = _region(call, project, ("storage",))
        lines = ["[BackupStorage]", "type = swift", "env_auth = false", "auth_version = 3",
                 "auth = https://auth.cloud.ovh.net/v3/", "endpoint_type = public", "tenant_domain = default",
                 f"tenant = {_tenant(project)}", "domain = default", f"user = {user['username']}", "key = ",
                 f"region = {region}", ""]
    else:
        region = _region(call, project, ("storage-s3-standard", "storage-s3-high-perf"))
        lower = region.lower()
        lines = ["[BackupStorage]", "type = s3", "provider = Other", "env_auth = false", "access_key_id = ",
                 "secret_access_key = ", f"endpoint = https://s3.{lower}.io.cloud.ovh.net", "acl = private",
                 f"region = {lower}", f"location_constraint = {lower}", ""]
    return {"content": "\n".join(lines)}


_USER = "/cloud/project/{serviceName}/user/{userId}"
CloudUsers.routes = (
    ("GET", "/cloud/project/{serviceName}/role", project_roles),
    ("GET", "/cloud/project/{serviceName}/user", user_list),
    ("POST", "/cloud/project/{serviceName}/user", user_create),
    ("GET", _USER, user_get),
    ("DELETE", _USER, user_delete),
    ("POST", _USER + "/regeneratePassword", regenerate_password),
    ("GET", _USER + "/role", role_list),
    ("POST", _USER + "/role", role_add),
    ("PUT", _USER + "/role", role_replace),
    ("GET", _USER + "/role/{roleId}", role_get),
    ("DELETE", _USER + "/role/{roleId}", role_delete),
    ("GET", _USER + "/openrc", openrc),
    ("GET", _USER + "/rclone", rclone),
)
