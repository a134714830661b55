"""What a run sent, read from the emulator's log: the helpers of the in-process module tests
(tests/unit/plugins/modules) and of the playbook tests (tests/integration). The server-time fetch
(GET /auth/time) is left out where it says so."""

import json

WRITES = ("POST", "PUT", "DELETE")


def requests(emulator):
    """(method, route) of the API requests, without the server-time fetch."""
    return [(entry["method"], entry["route"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def sent(emulator):
    """(method, path?query) of the API requests, without the server-time fetch."""
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""))
            for entry in emulator.log if entry["path"] != "/auth/time"]


def sent_paths(emulator):
    """(method, path) of the API requests, without the server-time fetch."""
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    """The log entries of the writes."""
    return [entry for entry in emulator.log if entry["method"] in WRITES]


def write_routes(emulator):
    """(method, route) of the writes."""
    return [(entry["method"], entry["route"]) for entry in emulator.log if entry["method"] in WRITES]


def write_statuses(emulator):
    """(method, path, status) of the writes."""
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.writes()]


def write_bodies(emulator):
    """(method, path, decoded body or None) of the writes."""
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def record_writes(emulator):
    """Methods of the writes to records (refreshes left out), in order."""
    return [entry["method"] for entry in writes(emulator) if entry["route"] != "/domain/zone/{zoneName}/refresh"]


def zone_set(emulator, subdomain, field_type, zone="example.com", live=False):
    """(target, ttl) of the records of one set, staged or live."""
    zone_obj = emulator.zone("demo-ovh", zone)
    records = zone_obj.live_records() if live else zone_obj.pending_records()
    return sorted((record["target"], record["ttl"]) for record in records
                  if record["subDomain"] == subdomain and record["fieldType"] == field_type)
