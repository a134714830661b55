# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registrar side of a domain (/domain/{serviceName}): its name servers and tasks."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS
from ansible_collections.signet.ovh.plugins.module_utils.names import domain_name, normalize_ip

NAME_SERVER = Shape("object", ("host", "ip", "isUsed", "toDelete"), "a name server")
DOMAIN_TASK = Shape("object", ("id", "function", "status"), "a domain task")


def normalize_domain(domain):
    name = domain_name(domain)
    if name is None:
        raise InputError("domain %r is not a valid domain name" % domain)
    return name


def wanted_name_servers(domain, items):
    """[{host, ip}] validated and normalized (host without trailing dot, lower-case)."""
    if not items:
        raise InputError("name_servers must list at least one name server")
    wanted, seen = [], set()
    for index, item in enumerate(items):
        where = "name_servers[%d]" % index
        host = domain_name(item.get("host"))
        if host is None:
            raise InputError("%s: host %r is not a valid host name" % (where, item.get("host")))
        if host in seen:
            raise InputError("%s: %s is listed twice" % (where, host))
        seen.add(host)
        ip = item.get("ip")
        if ip is not None:
            ip = normalize_ip(ip, "%s: ip" % where)
            if host != domain and not host.endswith("." + domain):
                raise InputError("%s: an ip (glue record) is only for a name server inside %s, not %s" % (where, domain, host))
        wanted.append({"host": host, "ip": ip})
    return wanted


def domain_path(domain, *parts):
    return path_join("/domain", domain, *parts)


def read_name_servers(client, domain):
    """Every name server entry of the domain (id, host, ip, isUsed, toDelete). 1 + ceil(N/50) requests."""
    collection = domain_path(domain, "nameServer")
    ids = client.get(collection, shape=IDS)
    found = client.get_many(collection, ids, shape=NAME_SERVER)
    return [found[ns_id] for ns_id in ids if ns_id in found]


def current_set(entries):
    """The name servers the domain has or is moving to (entries being deleted left out)."""
    return [{"host": entry["host"].rstrip(".").lower(), "ip": entry["ip"]} for entry in entries if not entry["toDelete"]]


def _server_key(server):
    return (server["host"], server["ip"] or "")


def same_set(first, second):
    """Whether two lists of name servers hold the same servers, in any order."""
    return sorted(map(_server_key, first)) == sorted(map(_server_key, second))


def update_name_servers(client, domain, wanted):
    """POST nameServers/update; returns the domain task."""
    path = domain_path(domain, "nameServers", "update")
    return client.post(path, {"nameServers": wanted}, shape=DOMAIN_TASK)


def pending_update_tasks(client, domain):
    """Name server update tasks (DomainDnsUpdate) not finished yet."""
    collection = domain_path(domain, "task")
    ids = []
    for status in TASK_KINDS["domain"].pending:
        ids += client.get(collection, {"function": "DomainDnsUpdate", "status": status}, shape=IDS)
    return sorted(set(ids))
