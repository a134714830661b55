# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A zone beyond its records: properties and deployment status, tasks, DNSSEC, DynHost.

Every answer is checked for the shape its route promises (client Shape) before it is used; the
readers return API objects with snake_case keys (naming.snake_keys), as the modules return them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS

DNSSEC_FINAL = ("enabled", "disabled")
DNSSEC_STATES = ("enabled", "disabled", "enableInProgress", "disableInProgress")


ZONE = Shape("object", ("name", "nameServers"), "a DNS zone")
ZONE_STATUS = Shape("object", ("isDeployed",), "a zone status")
DNSSEC = Shape("object", ("status",), "a DNSSEC status")
CAPABILITIES = Shape("object", ("dynHost",), "zone capabilities")
ZONE_FILE = Shape("text", what="the zone file's text")
ZONE_TASK = Shape("object", ("id", "function", "status"), "a zone task")
DYNHOST_RECORD = Shape("object", ("id", "ip", "subDomain"), "a DynHost record")
DYNHOST_LOGIN = Shape("object", ("login", "subDomain"), "a DynHost login")
_LOGIN_SUFFIX = re.compile(r"^[A-Za-z0-9._-]{1,31}\Z")


def zone_path(zone, *parts):
    return path_join("/domain/zone", zone, *parts)


# --- zone state ---------------------------------------------------------------------

def read_zone_info(client, zone, export=False):
    """Properties, deployment status, DNSSEC status, capabilities, pending tasks and (optionally) the zone file."""
    info = {
        "zone": snake_keys(client.get(zone_path(zone), shape=ZONE)),
        "deployment": snake_keys(client.get(zone_path(zone, "status"), shape=ZONE_STATUS)),
        "dnssec": {"status": read_dnssec(client, zone)},
        "capabilities": snake_keys(client.get(zone_path(zone, "capabilities"), shape=CAPABILITIES)),
        "pending_tasks": read_pending_tasks(client, zone),
    }
    if export:
        info["zone_file"] = client.get(zone_path(zone, "export"), shape=ZONE_FILE)
    return info


def read_pending_tasks(client, zone):
    """Tasks of the zone in todo or doing, oldest first."""
    collection = zone_path(zone, "task")
    ids = []
    for status in TASK_KINDS["domain_zone"].pending:
        ids += client.get(collection, {"status": status}, shape=IDS)
    found = client.get_many(collection, sorted(set(ids)), shape=ZONE_TASK)
    return [snake_keys(found[task_id]) for task_id in sorted(found)]


# --- DNSSEC -------------------------------------------------------------------------

def read_dnssec(client, zone):
    answer = client.get(zone_path(zone, "dnssec"), shape=DNSSEC)
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

def read_dynhost_records(client, zone, subdomain):
    """DynHost records of exactly ``subdomain`` (the API's filter is a case-insensitive LIKE)."""
    collection = zone_path(zone, "dynHost", "record")
    ids = client.get(collection, {"subDomain": subdomain}, shape=IDS)
    found = client.get_many(collection, ids, shape=DYNHOST_RECORD)
    return [snake_keys(found[record_id]) for record_id in ids
            if record_id in found and (found[record_id]["subDomain"] or "").lower() == subdomain]


def dynhost_login_name(zone, suffix):
    """The login OVHcloud makes of a suffix: ``<zone>-<suffix>``."""
    if not _LOGIN_SUFFIX.match(suffix):
        raise InputError("login_suffix %r must be 1 to 31 letters, digits, dots, dashes or underscores" % suffix)
    return "%s-%s" % (zone, suffix)


def read_dynhost_login(client, zone, login):
    """The login (never its password), or None."""
    path = zone_path(zone, "dynHost", "login", login)
    login = client.get_or_none(path, shape=DYNHOST_LOGIN)
    return None if login is None else snake_keys(login)
