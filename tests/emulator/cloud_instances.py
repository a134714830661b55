"""Public Cloud instances, read side (``/cloud/project/{serviceName}/instance``, schemas/cloud.json).

What the ``signet.ovh.ovh`` inventory reads: ``GET /cloud/project/{serviceName}/instance``
(cloud.instance.Instance[], with the schema's optional ``region`` query filter). The instance objects
carry ``flavorId`` and ``imageId`` only; the inventory reports the ids and reads neither the flavors
nor the images (one request per project). Creating, changing and reading one instance in detail
(cloud.instance.InstanceDetail embeds whole flavor and image objects) are OpenStack's business here
(openstack.cloud) and are not served.

Seed: ``cloudInstances`` (``[{projectId, id, name, region, flavorId, imageId, status, ipAddresses:
[{ip, type, version, networkId, gatewayIp}], created, sshKeyId, monthlyBilling, planCode}]``), held
here by project id. The demo project has three: a plain one, one whose name is a Jinja2 template
(API text that must stay text in the inventory) and one whose name is not a valid host name.
"""

from .cloud import project_of
from .errors import bad_request
from .product import Product, iso_date


def _instance_api(data):
    return {
        "id": data["id"], "name": data["name"], "region": data["region"], "flavorId": data["flavorId"],
        "imageId": data["imageId"], "status": data.get("status", "ACTIVE"),
        "ipAddresses": [dict({"gatewayIp": None}, **address) for address in data.get("ipAddresses", [])],
        "created": iso_date(data.get("created", 1700000000)), "currentMonthOutgoingTraffic": None,
        "monthlyBilling": data.get("monthlyBilling"), "operationIds": [], "planCode": data.get("planCode"),
        "sshKeyId": data.get("sshKeyId"),
    }


def instance_list(call):
    """GET /cloud/project/{serviceName}/instance?region= (cloud.instance.Instance[])"""
    project = project_of(call)
    region = call.query_value("region")
    if region is not None and region not in project.regions:
        raise bad_request(f"[region] Given data ({region}) is not a region of the project")  # inferred wording
    return [_instance_api(data) for data in call.state.cloud_instances.instances.get(project.project_id, [])
            if region is None or data["region"] == region]


class CloudInstances(Product):
    """The instances of every project, by project id (read only)."""

    name = "cloud_instances"
    routes = (
        ("GET", "/cloud/project/{serviceName}/instance", instance_list),
    )
    seed_keys = ("cloudInstances",)

    def __init__(self, state):
        super().__init__(state)
        self.instances = {}  # project id -> [seed data]

    def load(self, seed):
        for data in seed.get("cloudInstances", []):
            self.instances.setdefault(data["projectId"], []).append(dict(data))
