"""DNS zones: records (staged, then published by a refresh), status, export, SOA, tasks, DNSSEC
and DynHost, under ``/domain/zone``.

A zone's records are ``pending`` (what the API reads and writes) until ``POST …/refresh`` makes them
``live`` (what the DNS answers: ip.py resolves names with them). Tasks (``tasks.Task``) move through
their states on the emulator clock, ``State.task_seconds`` (todo, doing) long: a test advances the
clock (``emulator.clock_offset``, ``POST /_emulator/clock``) instead of sleeping. Record rules
(validation, normalization, filters) are in dns.py.

Seed: ``zones``, ``[{account, name, records: [{fieldType, subDomain, target, ttl}], dnssec,
dynHost: {records: [{subDomain, ip}], logins: [{loginSuffix, subDomain, password}]}}]``.
"""

import datetime
import ipaddress
import re
import uuid

from . import dns
from .errors import ApiError, bad_request, object_not_found, service_not_found
from .product import Product, iso_date, only_keys
from .tasks import Task

TASK_FUNCTIONS = ("DnsAnycastActivate", "DnsAnycastDeactivate", "DnssecDisable", "DnssecEnable", "DnssecResigning",
                  "DnssecRollKsk", "DnssecRollZsk", "ZoneCreate", "ZoneCut", "ZoneDelete", "ZoneImport", "ZoneRestore")
TASK_STATES = ("cancelled", "doing", "done", "error", "problem", "todo")
DNSSEC_STATES = ("disableInProgress", "disabled", "enableInProgress", "enabled")
_LOGIN_SUFFIX = re.compile(r"^[A-Za-z0-9._-]{1,31}$")
MIN_PASSWORD = 8  # an inference: the schemas do not give the password rules


class Zone:
    """A DNS zone. ``pending`` is what the API reads and writes; ``live`` is what was published by
    the last refresh. Both map record id -> record (API form)."""

    def __init__(self, account, name):
        self.account = account
        self.name = name
        self.pending = {}
        self.live = {}
        self.last_update = None
        self.refreshing = False
        self.default_ttl = 3600  # the TTL of the SOA: what a record at TTL 0 gets
        self.iam_id = str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{name}.{account}.zone.emulator"))
        self.dnssec = "disabled"  # the status reached once the last DNSSEC task is done
        self.dnssec_task = None
        self.dynhost_records = {}
        self.dynhost_logins = {}  # login -> {"subDomain", "password"}
        self.tasks = {}

    @property
    def extras(self):
        """The zone itself (DNSSEC, DynHost and tasks were once kept apart under this name)."""
        return self

    def pending_records(self):
        """Staged records, sorted by id (copies)."""
        return [dict(self.pending[key]) for key in sorted(self.pending)]

    def live_records(self):
        """Records as of the last refresh, sorted by id (copies)."""
        return [dict(self.live[key]) for key in sorted(self.live)]

    def publish(self, now):
        """What a refresh does: the staged records become live."""
        self.live = {key: dict(record) for key, record in self.pending.items()}
        self.last_update = now

    def name_servers(self):
        """Host names of the apex NS records, without the trailing dot."""
        return [record["target"].rstrip(".") for record in self.pending_records()
                if record["fieldType"] == "NS" and record["subDomain"] == ""]

    def dnssec_status(self, now):
        if self.dnssec_task is not None and self.dnssec_task.status(now) != "done":
            return "enableInProgress" if self.dnssec == "enabled" else "disableInProgress"
        return self.dnssec


# Zones and records

def _zone(call):
    zone = call.state.zones.get((call.account, call.params["zoneName"]))
    if zone is None:
        raise service_not_found()
    return zone


def _record(call):
    zone = _zone(call)
    record_id = call.long_param("id")
    if record_id not in zone.pending:
        raise object_not_found(record_id)
    return zone, zone.pending[record_id]


def zone_list(call):
    """GET /domain/zone: zone names of the account."""
    return call.state.zones_of(call.account)


def zone_get(call):
    """GET /domain/zone/{zoneName} (domain.ZoneWithIAM)"""
    zone = _zone(call)
    return {
        "name": zone.name,
        "dnssecSupported": True,
        "hasDnsAnycast": False,
        "lastUpdate": iso_date(zone.last_update),
        "nameServers": zone.name_servers(),
        "iam": {
            "id": zone.iam_id,
            "urn": f"urn:v1:eu:resource:dnsZone:{zone.name}",
            "displayName": zone.name,
            "tags": None,
        },
    }


def record_list(call):
    """GET /domain/zone/{zoneName}/record?fieldType=&subDomain= : record ids.

    subDomain is an SQL ILIKE filter (case-insensitive, '%' and '_' are wildcards)."""
    zone = _zone(call)
    field_type = call.query_value("fieldType")
    if field_type is not None:
        dns.check_field_type(field_type)
    sub_domain = call.query_value("subDomain")
    return [record["id"] for record in zone.pending_records()
            if (field_type is None or record["fieldType"] == field_type)
            and (sub_domain is None or dns.ilike(sub_domain, record["subDomain"]))]


def record_create(call):
    """POST /domain/zone/{zoneName}/record: staged until the next refresh."""
    zone = _zone(call)
    data = call.json_body()
    only_keys(data, ("fieldType", "subDomain", "target", "ttl"))
    for name in ("fieldType", "target"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    record = dns.make_record(call.state.new_id("record"), zone.name, data["fieldType"], data.get("subDomain"),
                             data["target"], data.get("ttl"))
    _refuse_cname_conflict(zone, record)
    zone.pending[record["id"]] = record
    return dict(record)


def _refuse_cname_conflict(zone, record):
    """A CNAME stands alone at its name (RFC 1034). That the API refuses a record breaking this,
    and its wording, are an inference: the published schemas do not say."""
    others = [other for other in zone.pending_records()
              if other["subDomain"] == record["subDomain"] and other["id"] != record["id"]]
    if others and (record["fieldType"] == "CNAME" or any(other["fieldType"] == "CNAME" for other in others)):
        raise bad_request(f"Invalid field: a CNAME record cannot exist next to another record of {record['subDomain'] or 'the apex'}")


def record_get(call):
    """GET /domain/zone/{zoneName}/record/{id}"""
    return dict(_record(call)[1])


def record_put(call):
    """PUT /domain/zone/{zoneName}/record/{id}: subDomain, target, ttl (fieldType is read-only)."""
    zone, record = _record(call)
    data = call.json_body()
    only_keys(data, ("subDomain", "target", "ttl"))
    updated = dns.make_record(record["id"], zone.name, record["fieldType"],
                              data["subDomain"] if "subDomain" in data else record["subDomain"],
                              data.get("target", record["target"]),
                              data["ttl"] if "ttl" in data else record["ttl"])
    zone.pending[record["id"]] = updated


def record_delete(call):
    """DELETE /domain/zone/{zoneName}/record/{id}"""
    zone, record = _record(call)
    del zone.pending[record["id"]]


def zone_refresh(call):
    """POST /domain/zone/{zoneName}/refresh: publish the staged records.

    Takes ``refresh_duration`` seconds of emulator time (other requests are served meanwhile; a test
    moves the clock on to end it); only one refresh of a zone runs at a time."""
    zone = _zone(call)
    if zone.refreshing:
        # Wording is an inference: the notes only say a concurrent refresh can be refused.
        raise ApiError(409, "CONFLICT", f"A refresh of the zone {zone.name} is already in progress")
    zone.refreshing = True
    try:
        if call.refresh_duration:
            call.pause(call.refresh_duration)
        zone.publish(int(call.state.now()))
    finally:
        zone.refreshing = False


# Status, capabilities, export

def zone_status(call):
    """GET /domain/zone/{zoneName}/status: not deployed while changes wait for a refresh (an inference)."""
    zone = _zone(call)
    deployed = zone.pending_records() == zone.live_records()
    return {"isDeployed": deployed, "errors": [], "warnings": [] if deployed else ["Changes are pending a zone refresh"]}


def zone_capabilities(call):
    """GET /domain/zone/{zoneName}/capabilities"""
    _zone(call)
    return {"dynHost": True}


def zone_export(call):
    """GET /domain/zone/{zoneName}/export: the published zone as BIND text (OVH's layout: $TTL,
    SOA, then the records; a record with TTL 0 has no TTL field)."""
    zone = _zone(call)
    serial = _serial(zone)
    lines = [f"$TTL {zone.default_ttl}",
             f"@\tIN SOA dns1.ovh.net. tech.ovh.net. ({serial} 86400 3600 3600000 300)"]
    for record in sorted(zone.live_records(), key=lambda r: (r["subDomain"], r["fieldType"], r["id"])):
        ttl = f"{record['ttl']} " if record["ttl"] else ""
        field_type = "TXT" if record["fieldType"] in ("DKIM", "DMARC") else record["fieldType"]
        target = record["target"] if record["fieldType"] not in ("DKIM", "DMARC") else '"%s"' % record["target"]
        lines.append(f"{record['subDomain'] or '@'}\t{ttl}IN {field_type}\t{target}")
    return "\n".join(lines) + "\n"


def zone_soa(call):
    """GET /domain/zone/{zoneName}/soa (domain.zone.Soa): ``ttl`` is the zone's default TTL, the one a
    record at TTL 0 gets and the export's $TTL."""
    zone = _zone(call)
    return {"server": "dns1.ovh.net", "email": "tech.ovh.net", "serial": _serial(zone), "refresh": 86400,
            "nxDomainTtl": 300, "expire": 3600000, "ttl": zone.default_ttl}


def _serial(zone):
    return int(datetime.datetime.fromtimestamp(zone.last_update or 0, datetime.timezone.utc).strftime("%Y%m%d")) * 100


# Tasks

def _task(call, tasks):
    task_id = call.long_param("id")
    if task_id not in tasks:
        raise object_not_found(task_id)
    return tasks[task_id]


def zone_task_list(call):
    """GET /domain/zone/{zoneName}/task?function=&status= : task ids."""
    zone = _zone(call)
    function, status = call.query_value("function"), call.query_value("status")
    if function is not None and function not in TASK_FUNCTIONS:
        raise bad_request(f"[function] Given data ({function}) does not belong to the TaskFunctionEnum enumeration")
    if status is not None and status not in TASK_STATES:
        raise bad_request(f"[status] Given data ({status}) does not belong to the TaskStatusEnum enumeration")
    now = call.state.now()
    return sorted(task_id for task_id, task in zone.tasks.items()
                  if (function is None or task.function == function) and (status is None or task.status(now) == status))


def zone_task_get(call):
    """GET /domain/zone/{zoneName}/task/{id}"""
    zone = _zone(call)
    return _task(call, zone.tasks).to_zone_api(call.state.now())


# DNSSEC

def dnssec_get(call):
    """GET /domain/zone/{zoneName}/dnssec"""
    zone = _zone(call)
    return {"status": zone.dnssec_status(call.state.now())}


def _dnssec_change(call, wanted, function):
    zone = _zone(call)
    now = call.state.now()
    current = zone.dnssec_status(now)
    # Refusals and their wording are an inference: the schemas do not list them.
    if current.endswith("InProgress"):
        raise ApiError(409, "CONFLICT", f"A DNSSEC task is already in progress on this zone ({current})")
    if current == wanted:
        raise ApiError(409, "CONFLICT", f"DNSSEC is already {wanted} on this zone")
    task = Task.todo_doing_done(call.state.new_id("task"), function, now, call.state.task_seconds)
    zone.tasks[task.task_id] = task
    zone.dnssec, zone.dnssec_task = wanted, task


def dnssec_enable(call):
    """POST /domain/zone/{zoneName}/dnssec: asynchronous, through enableInProgress."""
    _dnssec_change(call, "enabled", "DnssecEnable")


def dnssec_disable(call):
    """DELETE /domain/zone/{zoneName}/dnssec: asynchronous, through disableInProgress."""
    _dnssec_change(call, "disabled", "DnssecDisable")


# DynHost records

def _dynhost_ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except (TypeError, ValueError):
        raise bad_request(f"[ip] Given data ({value}) is not valid for type ip") from None


def _dynhost_record(record_id, zone_name, sub_domain, ip):
    return {"id": record_id, "zone": zone_name, "subDomain": dns.normalize_sub_domain(sub_domain), "ip": _dynhost_ip(ip), "ttl": 60}


def _own_dynhost_record(call):
    zone = _zone(call)
    return zone, _by_id(call, zone.dynhost_records)


def _by_id(call, table):
    key = call.long_param("id")
    if key not in table:
        raise object_not_found(key)
    return table[key]


def dynhost_record_list(call):
    """GET /domain/zone/{zoneName}/dynHost/record?subDomain= : ids (subDomain is a LIKE filter, as for records)."""
    zone = _zone(call)
    sub_domain = call.query_value("subDomain")
    return sorted(record_id for record_id, record in zone.dynhost_records.items()
                  if sub_domain is None or dns.ilike(sub_domain, record["subDomain"]))


def dynhost_record_create(call):
    """POST /domain/zone/{zoneName}/dynHost/record {ip, subDomain}"""
    zone = _zone(call)
    data = call.json_body()
    only_keys(data, ("ip", "subDomain"))
    if "ip" not in data:
        raise bad_request("[ip] Property is mandatory")
    record = _dynhost_record(call.state.new_id("record"), zone.name, data.get("subDomain"), data["ip"])
    zone.dynhost_records[record["id"]] = record
    return dict(record)


def dynhost_record_get(call):
    """GET /domain/zone/{zoneName}/dynHost/record/{id}"""
    return dict(_own_dynhost_record(call)[1])


def dynhost_record_put(call):
    """PUT /domain/zone/{zoneName}/dynHost/record/{id}: ip and subDomain are writable."""
    _zone_obj, record = _own_dynhost_record(call)
    data = call.json_body()
    only_keys(data, ("ip", "subDomain", "id", "zone", "ttl"))
    for read_only in ("id", "zone", "ttl"):
        if read_only in data and data[read_only] != record[read_only]:
            raise bad_request(f"[{read_only}] Unknown or read-only property")
    if "ip" in data:
        record["ip"] = _dynhost_ip(data["ip"])
    if "subDomain" in data:
        record["subDomain"] = dns.normalize_sub_domain(data["subDomain"])


def dynhost_record_delete(call):
    """DELETE /domain/zone/{zoneName}/dynHost/record/{id}"""
    zone, record = _own_dynhost_record(call)
    del zone.dynhost_records[record["id"]]


# DynHost logins

def _check_password(value):
    if not isinstance(value, str) or len(value) < MIN_PASSWORD:
        raise bad_request(f"[password] The password must be a string of at least {MIN_PASSWORD} characters")
    return value


def _login_answer(zone, login, data):
    return {"login": login, "subDomain": data["subDomain"], "zone": zone.name}


def _own_login(call):
    zone = _zone(call)
    login = call.params["login"]
    if login not in zone.dynhost_logins:
        raise object_not_found(login, "login")
    return zone, login


def dynhost_login_list(call):
    """GET /domain/zone/{zoneName}/dynHost/login?login=&subDomain= : login names (LIKE filters)."""
    zone = _zone(call)
    login_filter, sub_domain = call.query_value("login"), call.query_value("subDomain")
    return sorted(login for login, data in zone.dynhost_logins.items()
                  if (login_filter is None or dns.ilike(login_filter, login))
                  and (sub_domain is None or dns.ilike(sub_domain, data["subDomain"])))


def dynhost_login_create(call):
    """POST /domain/zone/{zoneName}/dynHost/login {loginSuffix, password, subDomain}: login <zone>-<suffix>."""
    zone = _zone(call)
    data = call.json_body()
    only_keys(data, ("loginSuffix", "password", "subDomain"))
    for name in ("loginSuffix", "password", "subDomain"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    suffix = data["loginSuffix"]
    if not isinstance(suffix, str) or not _LOGIN_SUFFIX.match(suffix):
        raise bad_request(f"[loginSuffix] Invalid login suffix: {suffix!r}")
    login = f"{zone.name}-{suffix}"
    if login in zone.dynhost_logins:
        raise ApiError(409, "CONFLICT", f"The login {login} already exists")
    sub_domain = data["subDomain"]
    if sub_domain != "*":
        sub_domain = dns.normalize_sub_domain(sub_domain)
    zone.dynhost_logins[login] = {"subDomain": sub_domain, "password": _check_password(data["password"])}
    return _login_answer(zone, login, zone.dynhost_logins[login])


def dynhost_login_get(call):
    """GET /domain/zone/{zoneName}/dynHost/login/{login} (never the password)."""
    zone, login = _own_login(call)
    return _login_answer(zone, login, zone.dynhost_logins[login])


def dynhost_login_put(call):
    """PUT /domain/zone/{zoneName}/dynHost/login/{login}: subDomain is writable."""
    zone, login = _own_login(call)
    data = call.json_body()
    only_keys(data, ("subDomain", "login", "zone"))
    if data.get("login", login) != login or data.get("zone", zone.name) != zone.name:
        raise bad_request("[login] Unknown or read-only property")
    if "subDomain" in data:
        sub_domain = data["subDomain"]
        zone.dynhost_logins[login]["subDomain"] = sub_domain if sub_domain == "*" else dns.normalize_sub_domain(sub_domain)


def dynhost_login_delete(call):
    """DELETE /domain/zone/{zoneName}/dynHost/login/{login}"""
    zone, login = _own_login(call)
    del zone.dynhost_logins[login]


def dynhost_login_change_password(call):
    """POST /domain/zone/{zoneName}/dynHost/login/{login}/changePassword {password}"""
    zone, login = _own_login(call)
    data = call.json_body()
    only_keys(data, ("password",))
    if "password" not in data:
        raise bad_request("[password] Property is mandatory")
    zone.dynhost_logins[login]["password"] = _check_password(data["password"])


class Zones(Product):
    """The DNS zones of every account, by (account, zone name)."""

    name = "dns"
    routes = (
        ("GET", "/domain/zone", zone_list),
        ("GET", "/domain/zone/{zoneName}", zone_get),
        ("GET", "/domain/zone/{zoneName}/record", record_list),
        ("POST", "/domain/zone/{zoneName}/record", record_create),
        ("GET", "/domain/zone/{zoneName}/record/{id}", record_get),
        ("PUT", "/domain/zone/{zoneName}/record/{id}", record_put),
        ("DELETE", "/domain/zone/{zoneName}/record/{id}", record_delete),
        ("POST", "/domain/zone/{zoneName}/refresh", zone_refresh),
        ("GET", "/domain/zone/{zoneName}/status", zone_status),
        ("GET", "/domain/zone/{zoneName}/capabilities", zone_capabilities),
        ("GET", "/domain/zone/{zoneName}/export", zone_export),
        ("GET", "/domain/zone/{zoneName}/soa", zone_soa),
        ("GET", "/domain/zone/{zoneName}/task", zone_task_list),
        ("GET", "/domain/zone/{zoneName}/task/{id}", zone_task_get),
        ("GET", "/domain/zone/{zoneName}/dnssec", dnssec_get),
        ("POST", "/domain/zone/{zoneName}/dnssec", dnssec_enable),
        ("DELETE", "/domain/zone/{zoneName}/dnssec", dnssec_disable),
        ("GET", "/domain/zone/{zoneName}/dynHost/record", dynhost_record_list),
        ("POST", "/domain/zone/{zoneName}/dynHost/record", dynhost_record_create),
        ("GET", "/domain/zone/{zoneName}/dynHost/record/{id}", dynhost_record_get),
        ("PUT", "/domain/zone/{zoneName}/dynHost/record/{id}", dynhost_record_put),
        ("DELETE", "/domain/zone/{zoneName}/dynHost/record/{id}", dynhost_record_delete),
        ("GET", "/domain/zone/{zoneName}/dynHost/login", dynhost_login_list),
        ("POST", "/domain/zone/{zoneName}/dynHost/login", dynhost_login_create),
        ("GET", "/domain/zone/{zoneName}/dynHost/login/{login}", dynhost_login_get),
        ("PUT", "/domain/zone/{zoneName}/dynHost/login/{login}", dynhost_login_put),
        ("DELETE", "/domain/zone/{zoneName}/dynHost/login/{login}", dynhost_login_delete),
        ("POST", "/domain/zone/{zoneName}/dynHost/login/{login}/changePassword", dynhost_login_change_password),
    )
    seed_keys = ("zones",)
    shared = ("zones", "add_zone", "zones_of")

    def __init__(self, state):
        super().__init__(state)
        self.zones = {}

    def load(self, seed):
        zones = seed.get("zones", [])
        for data in zones:
            self.add_zone(data["account"], data["name"], data.get("records", []))
        # DNSSEC and DynHost once every zone's records have their ids.
        for data in zones:
            zone = self.zones[(data["account"], data["name"])]
            zone.dnssec = data.get("dnssec", "disabled")
            for record in data.get("dynHost", {}).get("records", []):
                record_id = self.state.new_id("record")
                zone.dynhost_records[record_id] = _dynhost_record(record_id, zone.name, record.get("subDomain"), record.get("ip"))
            for login in data.get("dynHost", {}).get("logins", []):
                zone.dynhost_logins[f"{zone.name}-{login['loginSuffix']}"] = {"subDomain": login["subDomain"],
                                                                              "password": login["password"]}

    def add_zone(self, account, name, records=()):
        """Create a zone with records already published (pending and live), and its ZoneCreate task."""
        if account not in self.state.accounts:
            raise ValueError(f"unknown account {account!r}")
        zone = Zone(account, name)
        for data in records:
            record_id = data.get("id") or self.state.new_id("record")
            zone.pending[record_id] = dns.make_record(record_id, name, data.get("fieldType"), data.get("subDomain", ""),
                                                      data.get("target"), data.get("ttl", 0))
        zone.publish(int(self.state.now()))
        seconds = self.state.task_seconds
        task = Task.todo_doing_done(self.state.new_id("task"), "ZoneCreate", zone.last_update - sum(seconds), seconds)
        zone.tasks[task.task_id] = task
        self.zones[(account, name)] = zone
        return zone

    def zones_of(self, account):
        """Zone names of an account, sorted."""
        return sorted(name for owner, name in self.zones if owner == account)
