"""Public Cloud projects: the project itself, its regions and its operations (schemas/cloud.json).

This file is the base the other Public Cloud products build on (``cloud_*.py``): ``project_of(call)``
finds the caller's project (404 "This service does not exist" for an unknown one or another
account's, the API's wording for a missing service), and ``Project.new_operation`` starts a
``cloud.Operation`` on the emulator clock. Users, storage, Kubernetes and networks hold their own
state in their own files, keyed by project id.

Routes: ``GET /cloud/project`` (ids), ``GET /cloud/project/{serviceName}`` (cloud.ProjectWithIAM),
``GET …/region`` (names), ``GET …/region/{regionName}`` (cloud.Region: ``services`` lists the
components a region runs, ``instance``, ``network``, ``storage-s3-standard``...),
``GET …/capabilities/kube/regions`` (the regions managed Kubernetes runs in),
``GET …/operation`` and ``GET …/operation/{operationId}`` (cloud.Operation: ``created``, then
``in-progress``, then ``completed`` or ``in-error``).

Seed: ``cloudProjects`` (``[{account, projectId, description, regions: [{name, services}],
kubeRegions: [names]}]``; ``regions`` and ``kubeRegions`` default to ``DEFAULT_REGIONS`` and
``DEFAULT_KUBE_REGIONS``; ``operations``: ``[{action, regions, resourceId, status}]``, already ended;
``users``: ``[{id, username, description, roles, password}]``; ``networks``: cloud.network.Network
fields with ``subnets``). Users and private networks are held on the ``Project`` because several
products read them; each is served by its own file. Region names per product are the real API's kind of names: compute
regions carry a number (``GRA11``), S3 object storage regions do not (``GRA``); which region runs
which component is an inference from OVHcloud's public region list, not a copy of it.
"""

import uuid

from .errors import ApiError, object_not_found, service_not_found
from .product import Product, iso_date, random_key
from .servers import _iam
from .tasks import Task

PROJECT_STATUSES = ("creating", "deleted", "deleting", "ok", "suspended")
OPERATION_STATUSES = ("completed", "created", "in-error", "in-progress", "unknown")
# cloud.Region: compute regions (instances, networks, block storage) and S3-only regions.
_COMPUTE = ("image", "instance", "network", "storage", "volume")
DEFAULT_REGIONS = (
    {"name": "GRA11", "services": _COMPUTE, "continentCode": "EU", "datacenterLocation": "GRA"},
    {"name": "SBG5", "services": _COMPUTE, "continentCode": "EU", "datacenterLocation": "SBG"},
    {"name": "BHS5", "services": _COMPUTE, "continentCode": "NA", "datacenterLocation": "BHS"},
    {"name": "GRA", "services": ("storage-s3-high-perf", "storage-s3-standard"), "continentCode": "EU",
     "datacenterLocation": "GRA"},
    {"name": "SBG", "services": ("storage-s3-standard",), "continentCode": "EU", "datacenterLocation": "SBG"},
)
DEFAULT_KUBE_REGIONS = ("GRA11", "SBG5", "BHS5")
# Seconds of emulator time an operation spends created, then in progress.
OPERATION_SECONDS = (1, 3)


def operation_id(number):
    """A cloud.Operation id: a UUID, as the API's, from the emulator's counter (reproducible)."""
    return str(uuid.UUID(int=0x0C10D000000000000000000000000000 + number))


class Operation:
    """A cloud.Operation on the emulator clock; ``outcome`` is its final status (completed or in-error)."""

    def __init__(self, op_id, action, task, regions=None, resource_id=None):
        self.op_id = op_id
        self.action = action
        self.task = task
        self.regions = list(regions) if regions else None
        self.resource_id = resource_id

    def status(self, now):
        return self.task.status(now)

    def to_api(self, now):
        status = self.status(now)
        total = self.task.schedule[-1][0] or 1
        progress = 100 if self.task.is_final(now) else min(99, max(0, int(100 * (now - self.task.start) / total)))
        return {
            "id": self.op_id, "action": self.action, "status": status, "progress": progress,
            "regions": self.regions, "resourceId": self.resource_id, "subOperations": None,
            "createdAt": iso_date(self.task.start),
            "startedAt": iso_date(self.task.start + self.task.schedule[0][0]) if status != "created" else None,
            "completedAt": iso_date(self.task.end()) if self.task.is_final(now) else None,
        }


class Project:
    """A Public Cloud project of one account, its regions and its operations."""

    def __init__(self, state, data):
        self.state = state
        self.account = data["account"]
        self.project_id = data["projectId"]
        self.description = data.get("description")
        self.status = data.get("status", "ok")
        self.created = data.get("created", 1700000000)
        self.regions = {}
        for region in data.get("regions", DEFAULT_REGIONS):
            self.regions[region["name"]] = dict(region, services=tuple(region.get("services", ())))
        self.kube_regions = tuple(data.get("kubeRegions", DEFAULT_KUBE_REGIONS))
        self.operations = {}
        # What the other cloud_*.py products serve, held here because several of them read it: the
        # project's OpenStack users (cloud_users.py; S3 credentials and policies hang off them) and its
        # private networks (cloud_network.py; Kubernetes clusters and node pools attach to them).
        self.users = {}  # id (long) -> cloud.user.UserDetail fields; "roles" holds role names (cloud.user.RoleEnum)
        for user in data.get("users", []):
            self.add_user(user)
        self.networks = {}  # "pn-…" id -> cloud.network.Network fields, with "subnets": [cloud.network.Subnet]
        for network in data.get("networks", []):
            self.networks[network["id"]] = dict(network, subnets=list(network.get("subnets", [])))
        for operation in data.get("operations", []):  # past operations, ended when the seed loads
            self.new_operation(operation["action"], operation.get("regions"), operation.get("resourceId"),
                               outcome=operation.get("status", "completed"), seconds=(0, 0))

    def add_user(self, data):
        """A user (cloud.user.UserDetail fields) with the next id and its username, as the API makes them."""
        user_id = self.state.new_id("cloud_user", data.get("id"))
        user = {"id": user_id, "username": data.get("username") or "user-%s" % random_key(12),
                "description": data.get("description", ""), "status": data.get("status", "ok"),
                "roles": list(data.get("roles", [])), "creationDate": iso_date(data.get("created", self.state.now())),
                "openstackId": data.get("openstackId") or uuid.uuid5(uuid.NAMESPACE_URL, f"user/{user_id}").hex,
                "password": data.get("password") or random_key(32)}
        self.users[user_id] = user
        return user

    def region_names(self, service=None):
        """The project's regions, or those running component ``service``."""
        return sorted(name for name, region in self.regions.items()
                      if service is None or service in region["services"])

    def new_operation(self, action, regions=None, resource_id=None, outcome="completed", seconds=OPERATION_SECONDS):
        """Start a cloud.Operation; it is created, then in progress, then ``outcome``."""
        number = self.state.new_id("cloud_operation")
        schedule = [(0, "created"), (seconds[0], "in-progress"), (seconds[0] + seconds[1], outcome)]
        operation = Operation(operation_id(number), action, Task(number, action, self.state.now(), schedule,
                                                                 initial="created"),
                              regions=regions, resource_id=resource_id)
        self.operations[operation.op_id] = operation
        return operation

    def to_api(self):
        iam = _iam("publicCloudProject", self.project_id, None, self.account)
        iam["displayName"] = self.description or self.project_id
        return {
            "project_id": self.project_id, "projectName": self.description, "description": self.description,
            "status": self.status, "access": "full", "creationDate": iso_date(self.created), "expiration": None,
            "manualQuota": False, "orderId": None, "planCode": "project.2018", "unleash": False, "iam": iam,
        }


def project_of(call):
    """The caller's project named by the path's ``serviceName``, or the API's 404."""
    project = call.state.cloud.projects.get(call.params["serviceName"])
    if project is None or project.account != call.account:
        raise service_not_found()
    return project


def user_of(call, project):
    """The path's ``userId`` of ``project`` (a long), or the API's 404."""
    users = getattr(call.state, "cloud_users", None)
    if users is not None:
        users.refresh(project)  # statuses on the clock (cloud_users.py): a user whose deletion ended is gone
    user = project.users.get(call.long_param("userId"))
    if user is None:
        raise object_not_found(call.params["userId"], "userId")
    return user


def project_region(call, project, service=None):
    """The path's ``regionName`` of ``project`` (optionally one running ``service``), or a 404."""
    name = call.params["regionName"]
    if name not in project.regions or (service is not None and service not in project.regions[name]["services"]):
        raise ApiError(404, "NOT_FOUND", f"The requested object (regionName = {name}) does not exist")
    return name


def project_list(call):
    """GET /cloud/project: the ids of the caller's projects."""
    return sorted(pid for pid, project in call.state.cloud.projects.items() if project.account == call.account)


def project_get(call):
    """GET /cloud/project/{serviceName} (cloud.ProjectWithIAM)"""
    return project_of(call).to_api()


def region_list(call):
    """GET /cloud/project/{serviceName}/region: the project's region names."""
    return project_of(call).region_names()


def region_get(call):
    """GET /cloud/project/{serviceName}/region/{regionName} (cloud.Region)"""
    project = project_of(call)
    region = project.regions[project_region(call, project)]
    return {
        "name": region["name"], "type": "region", "status": "UP",
        "continentCode": region.get("continentCode", "EU"),
        "datacenterLocation": region.get("datacenterLocation", region["name"].rstrip("0123456789")),
        "ipCountries": [],
        "services": [{"name": service, "status": "UP", "endpoint": f"https://{service}.{region['name'].lower()}.emulator"}
                     for service in region["services"]],
    }


def kube_regions(call):
    """GET /cloud/project/{serviceName}/capabilities/kube/regions: where managed Kubernetes runs."""
    return list(project_of(call).kube_regions)


def operation_list(call):
    """GET /cloud/project/{serviceName}/operation (cloud.Operation[])"""
    project = project_of(call)
    now = call.state.now()
    return [operation.to_api(now) for operation in project.operations.values()]


def operation_get(call):
    """GET /cloud/project/{serviceName}/operation/{operationId} (cloud.Operation)"""
    project = project_of(call)
    operation = project.operations.get(call.params["operationId"])
    if operation is None:
        raise ApiError(404, "NOT_FOUND", f"The requested object (operationId = {call.params['operationId']}) does not exist")
    return operation.to_api(call.state.now())


class CloudProjects(Product):
    """Every account's Public Cloud projects, by project id."""

    name = "cloud"
    routes = (
        ("GET", "/cloud/project", project_list),
        ("GET", "/cloud/project/{serviceName}", project_get),
        ("GET", "/cloud/project/{serviceName}/region", region_list),
        ("GET", "/cloud/project/{serviceName}/region/{regionName}", region_get),
        ("GET", "/cloud/project/{serviceName}/capabilities/kube/regions", kube_regions),
        ("GET", "/cloud/project/{serviceName}/operation", operation_list),
        ("GET", "/cloud/project/{serviceName}/operation/{operationId}", operation_get),
    )
    seed_keys = ("cloudProjects",)

    def __init__(self, state):
        super().__init__(state)
        self.projects = {}

    def load(self, seed):
        for data in seed.get("cloudProjects", []):
            self.projects[data["projectId"]] = Project(self.state, data)
