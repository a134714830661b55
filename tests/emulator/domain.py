"""Registrar side of a domain (/domain/{serviceName}): name servers and domain tasks.

A name server update is a task (function DomainDnsUpdate, tasks.py) that moves todo -> doing ->
done in emulator time, ``State.task_seconds`` long; while it runs, the servers being replaced show
``toDelete: true`` and the new ones ``isUsed: false``; once it is done only the new set is left.

Seed: ``domains``, ``[{account, name, nameServers: [{host, ip}]}]``.
"""

import ipaddress
import re

from .errors import ApiError, bad_request, object_not_found, service_not_found
from .product import Product
from .tasks import Task
from .zone import TASK_STATES

_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
MAX_NAME_SERVERS = 8  # an inference: registries take a few; OVH's web form offers up to 8


class Domain:
    """A domain name registered with OVHcloud."""

    def __init__(self, account, name):
        self.account = account
        self.name = name
        self.name_servers = {}  # id -> {"id", "host", "ip", "isUsed", "toDelete"}
        self.tasks = {}
        self.update_task = None

    def settle(self, now):
        """Apply a finished name server update."""
        if self.update_task is not None and self.update_task.status(now) == "done":
            for ns_id in [key for key, server in self.name_servers.items() if server["toDelete"]]:
                del self.name_servers[ns_id]
            for server in self.name_servers.values():
                server["isUsed"] = True
            self.update_task = None


def _domain(call):
    domain = call.state.domains.get((call.account, call.params["serviceName"]))
    if domain is None:
        raise service_not_found()
    domain.settle(call.state.now())
    return domain


def _by_id(call, table):
    key = call.long_param("id")
    if key not in table:
        raise object_not_found(key)
    return table[key]


def name_server_list(call):
    """GET /domain/{serviceName}/nameServer: ids."""
    return sorted(_domain(call).name_servers)


def name_server_get(call):
    """GET /domain/{serviceName}/nameServer/{id} (domain.nameServer.FullNameServer)"""
    return dict(_by_id(call, _domain(call).name_servers))


def _name_server_input(domain, item, index):
    where = f"[nameServers][{index}]"
    if not isinstance(item, dict) or set(item) - {"host", "ip"}:
        raise bad_request(f"{where} Given data is not valid for type domain.nameServer.NameServerInput")
    host = item.get("host")
    if not isinstance(host, str) or not _HOST.match(host.lower()):
        raise bad_request(f"{where}[host] Invalid host name: {host!r}")
    host = host.lower()
    ip = item.get("ip")
    if ip is not None:
        try:
            ip = str(ipaddress.ip_address(ip))
        except (TypeError, ValueError):
            raise bad_request(f"{where}[ip] Given data ({ip}) is not valid for type ip") from None
        # Glue records only exist for servers inside the domain (wording is an inference).
        if not (host == domain.name or host.endswith("." + domain.name)):
            raise bad_request(f"{where} The IP address of {host} is only needed for a name server inside {domain.name}")
    elif host == domain.name or host.endswith("." + domain.name):
        raise bad_request(f"{where} The name server {host} is inside {domain.name}: its IP address (glue) is required")
    return host, ip


def name_servers_update(call):
    """POST /domain/{serviceName}/nameServers/update {nameServers: [{host, ip}]} -> domain.Task"""
    domain = _domain(call)
    data = call.json_body()
    if set(data) - {"nameServers"}:
        raise bad_request(f"[{sorted(set(data) - {'nameServers'})[0]}] Unknown or read-only property")
    servers = data.get("nameServers")
    if not isinstance(servers, list) or not servers:
        raise bad_request("[nameServers] Property is mandatory and must be a non-empty list")
    if len(servers) > MAX_NAME_SERVERS:
        raise bad_request(f"[nameServers] At most {MAX_NAME_SERVERS} name servers")
    wanted = [_name_server_input(domain, item, index) for index, item in enumerate(servers)]
    if len(set(host for host, _ip in wanted)) != len(wanted):
        raise bad_request("[nameServers] A name server is listed twice")
    if domain.update_task is not None:
        raise ApiError(409, "CONFLICT", "A name server update of this domain is already in progress")
    now = call.state.now()
    task = Task.todo_doing_done(call.state.new_id("task"), "DomainDnsUpdate", now, call.state.task_seconds, domain.name)
    domain.tasks[task.task_id] = task
    domain.update_task = task
    for server in domain.name_servers.values():
        server["toDelete"] = True
    for host, ip in wanted:
        ns_id = call.state.new_id("name_server")
        domain.name_servers[ns_id] = {"id": ns_id, "host": host, "ip": ip, "isUsed": False, "toDelete": False}
    return task.to_domain_api(now)


def task_list(call):
    """GET /domain/{serviceName}/task?function=&status= : ids."""
    domain = _domain(call)
    function, status = call.query_value("function"), call.query_value("status")
    if status is not None and status not in TASK_STATES:
        raise bad_request(f"[status] Given data ({status}) does not belong to the OperationStatusEnum enumeration")
    now = call.state.now()
    return sorted(task_id for task_id, task in domain.tasks.items()
                  if (function is None or task.function == function) and (status is None or task.status(now) == status))


def task_get(call):
    """GET /domain/{serviceName}/task/{id} (domain.Task)"""
    return _by_id(call, _domain(call).tasks).to_domain_api(call.state.now())


def domains(state):
    """The registered domains of every account, by (account, name) (the same as ``state.domains``)."""
    return state.domains


class Registrar(Product):
    """The domains registered with OVHcloud, by (account, name)."""

    name = "registrar"
    routes = (
        ("GET", "/domain/{serviceName}/nameServer", name_server_list),
        ("GET", "/domain/{serviceName}/nameServer/{id}", name_server_get),
        ("POST", "/domain/{serviceName}/nameServers/update", name_servers_update),
        ("GET", "/domain/{serviceName}/task", task_list),
        ("GET", "/domain/{serviceName}/task/{id}", task_get),
    )
    seed_keys = ("domains",)
    shared = ("domains",)

    def __init__(self, state):
        super().__init__(state)
        self.domains = {}

    def load(self, seed):
        for data in seed.get("domains", []):
            self.add_domain(data["account"], data["name"], data.get("nameServers", []))

    def add_domain(self, account, name, name_servers=()):
        """A registered domain whose name servers are in use."""
        if account not in self.state.accounts:
            raise ValueError(f"unknown account {account!r}")
        domain = Domain(account, name)
        for server in name_servers:
            ns_id = self.state.new_id("name_server")
            domain.name_servers[ns_id] = {"id": ns_id, "host": server["host"], "ip": server.get("ip"), "isUsed": True,
                                          "toDelete": False}
        seconds = self.state.task_seconds
        task = Task.todo_doing_done(self.state.new_id("task"), "DomainCreate", int(self.state.now()) - sum(seconds), seconds, name)
        domain.tasks[task.task_id] = task
        self.domains[(account, name)] = domain
        return domain
