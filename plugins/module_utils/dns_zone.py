# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A zone beyond its records: properties and deployment status, tasks, DNSSEC, DynHost.

Every answer is checked for the shape its route promises before it is used."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhApiError, path_join

DNSSEC_FINAL = ("enabled", "disabled")
DNSSEC_STATES = ("enabled", "disabled", "enableInProgress", "disableInProgress")
PENDING_TASK_STATES = ("todo", "doing")


def expect(answer, kind, method, path, keys=()):
    """``answer`` when it is a 'list' (of ints or strings) / 'object' with ``keys`` / 'string'; else an OvhApiError."""
    problem = None
    if kind == "object":
        if not isinstance(answer, dict):
            problem = "not an object"
        elif [key for key in keys if key not in answer]:
            problem = "an object without %s" % ", ".join(key for key in keys if key not in answer)
    elif kind in ("ids", "names"):
        item = int if kind == "ids" else str
        if not isinstance(answer, list) or not all(isinstance(x, item) and not isinstance(x, bool) for x in answer):
            problem = "not a list of %s" % kind
    elif kind == "string" and not isinstance(answer, str):
        problem = "not a string"
    if problem:
        raise OvhApiError(method, path, message="unexpected answer (%s): %.200r" % (problem, answer))
    return answer


def zone_path(zone, *parts):
    return path_join("/domain/zone", zone, *parts)


def _get(client, path, kind, keys=(), query=None):
    return expect(client.get(path, query), kind, "GET", path, keys)


# --- zone state ---------------------------------------------------------------------

def read_zone_info(client, zone, export=False):
    """Properties, deployment status, DNSSEC status, capabilities, pending tasks and (optionally) the zone file."""
    info = {
        "zone": _get(client, zone_path(zone), "object", ("name", "nameServers")),
        "deployment": _get(client, zone_path(zone, "status"), "object", ("isDeployed",)),
        "dnssec": read_dnssec(client, zone),
        "capabilities": _get(client, zone_path(zone, "capabilities"), "object", ("dynHost",)),
        "pending_tasks": read_pending_tasks(client, zone),
    }
    if export:
        info["zone_file"] = _get(client, zone_path(zone, "export"), "string")
    return info


def read_pending_tasks(client, zone):
    """Tasks of the zone in todo or doing, oldest first."""
    collection = zone_path(zone, "task")
    ids = []
    for status in PENDING_TASK_STATES:
        ids += _get(client, collection, "ids", query={"status": status})
    found = client.get_many(collection, sorted(set(ids)))
    return [expect(found[task_id], "object", "GET", path_join(collection, task_id), ("id", "function", "status"))
            for task_id in sorted(found)]


# --- DNSSEC -------------------------------------------------------------------------

def read_dnssec(client, zone):
    answer = _get(client, zone_path(zone, "dnssec"), "object", ("status",))
    if answer["status"] not in DNSSEC_STATES:
        raise OvhApiError("GET", zone_path(zone, "dnssec"), message="unexpected DNSSEC status %r" % (answer["status"],))
    return answer["status"]


def request_dnssec(client, zone, enabled):
    """Ask for DNSSEC on (POST) or off (DELETE); the API answers at once and works asynchronously."""
    if enabled:
        client.post(zone_path(zone, "dnssec"))
    else:
        client.delete(zone_path(zone, "dnssec"))


# --- DynHost ------------------------------------------------------------------------

def normalize_ip(value, what="ip"):
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ValueError("%s %r is not an IP address" % (what, value))


def read_dynhost_records(client, zone, subdomain):
    """DynHost records of exactly ``subdomain`` (the API's filter is a case-insensitive LIKE)."""
    collection = zone_path(zone, "dynHost", "record")
    ids = _get(client, collection, "ids", query={"subDomain": subdomain})
    found = client.get_many(collection, ids)
    records = []
    for record_id in ids:
        if record_id in found:
            record = expect(found[record_id], "object", "GET", path_join(collection, record_id), ("id", "ip", "subDomain"))
            if (record["subDomain"] or "").lower() == subdomain:
                records.append(record)
    return records


def read_dynhost_login(client, zone, login):
    """The login (never its password), or None."""
    path = zone_path(zone, "dynHost", "login", login)
    try:
        return _get(client, path, "object", ("login", "subDomain"))
    except OvhApiError as exc:
        if exc.status == 404:
            return None
        raise
