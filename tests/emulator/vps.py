"""VPS: their objects and IPs.

Routes (schemas/openapi3-vps.json): ``GET /vps``, ``GET /vps/{serviceName}``, ``…/ips``.

Seed: ``vps`` (``[{account, name, displayName, ips, state, tags, …}]``). The IAM helpers (``_iam``,
``_iam_filter``, ``tags_match``) are the dedicated servers' (servers.py), shared by both lists.
"""

from .errors import service_not_found
from .product import Product
from .servers import _iam, _iam_filter, tags_match


class Vps:
    def __init__(self, account, data):
        self.account = account
        self.name = data["name"]
        self.display_name = data.get("displayName", self.name)
        self.ips = list(data["ips"])
        self.state = data.get("state", "running")
        self.zone = data.get("zone", "Region OpenStack: os-gra7")
        self.model = data.get("model", "vps-2025-model1")
        self.vcore = data.get("vcore", 2)
        self.memory = data.get("memoryLimit", 4096)
        self.tags = dict(data.get("tags") or {})

    def to_api(self):
        """vps.VPSWithIAM"""
        return {
            "cluster": "pcc-gra7-1",
            "displayName": self.display_name,
            "iam": _iam("vps", self.name, self.tags, self.account),
            "keymap": None,
            "memoryLimit": self.memory,
            "model": {
                "availableOptions": ["automatedBackup", "ftpbackup"],
                "datacenter": ["gra7"],
                "disk": 80,
                "maximumAdditionnalIp": 16,
                "memory": self.memory,
                "name": self.model,
                "offer": "VPS vps2025",
                "vcore": self.vcore,
                "version": "2019v1",
            },
            "monitoringIpBlocks": ["198.51.100.240/28"],
            "name": self.name,
            "netbootMode": "local",
            "offerType": "ssd",
            "slaMonitoring": False,
            "state": self.state,
            "vcore": self.vcore,
            "zone": self.zone,
            "zoneType": "region",
        }


# Handlers


def _vps(call):
    vps = call.state.vps.services.get((call.account, call.params["serviceName"]))
    if vps is None:
        raise service_not_found()
    return vps


def vps_list(call):
    """GET /vps?iamTags= : service names."""
    iam_filter = _iam_filter(call)
    return sorted(name for (account, name), vps in call.state.vps.services.items()
                  if account == call.account and tags_match(vps.tags, iam_filter))


def vps_get(call):
    """GET /vps/{serviceName} (vps.VPSWithIAM)"""
    return _vps(call).to_api()


def vps_ips(call):
    """GET /vps/{serviceName}/ips: the VPS's addresses."""
    return list(_vps(call).ips)


class VirtualServers(Product):
    """The VPS of every account, by (account, service name)."""

    name = "vps"
    routes = (
        ("GET", "/vps", vps_list),
        ("GET", "/vps/{serviceName}", vps_get),
        ("GET", "/vps/{serviceName}/ips", vps_ips),
    )
    seed_keys = ("vps",)

    def __init__(self, state):
        super().__init__(state)
        self.services = {}

    def load(self, seed):
        for data in seed.get("vps", []):
            self.add_vps(data["account"], data)

    def add_vps(self, account, data):
        vps = Vps(account, data)
        self.services[(account, vps.name)] = vps
        return vps
