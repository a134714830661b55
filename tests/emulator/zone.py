"""Zone routes beyond records: status, export, capabilities, tasks, DNSSEC and DynHost.

What a zone holds besides its records lives in ``ZoneExtras`` (``extras(zone)``). Tasks move
through their states in emulator time (``State.now()``): a test advances the clock
(``emulator.clock_offset``, ``POST /_emulator/clock``) instead of sleeping. How long a task
stays ``todo`` then ``doing`` is ``task_seconds(state)``; a test may set
``state.task_seconds = (todo, doing)``.
"""

import datetime
import ipaddress
import re

from . import dns
from .errors import ApiError, bad_request, object_not_found, service_not_found

# Seconds of emulator time a task spends in todo, then in doing. Real tasks take from seconds to
# minutes; the default is short so that examples run against the emulator wait a few seconds only.
DEFAULT_TASK_SECONDS = (1, 2)
TASK_FUNCTIONS = ("DnsAnycastActivate", "DnsAnycastDeactivate", "DnssecDisable", "DnssecEnable", "DnssecResigning",
                  "DnssecRollKsk", "DnssecRollZsk", "ZoneCreate", "ZoneCut", "ZoneDelete", "ZoneImport", "ZoneRestore")
TASK_STATES = ("cancelled", "doing", "done", "error", "problem", "todo")
DNSSEC_STATES = ("disableInProgress", "disabled", "enableInProgress", "enabled")
_LOGIN_SUFFIX = re.compile(r"^[A-Za-z0-9._-]{1,31}$")
MIN_PASSWORD = 8  # an inference: the schemas do not give the password rules


def iso(timestamp):
    return datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).isoformat()


def task_seconds(state):
    return getattr(state, "task_seconds", DEFAULT_TASK_SECONDS)


class Task:
    """A task whose status follows the emulator clock: todo, doing, then done."""

    def __init__(self, task_id, function, created, seconds, domain=None):
        self.task_id = task_id
        self.function = function
        self.created = created
        self.todo_until = created + seconds[0]
        self.done_at = created + seconds[0] + seconds[1]
        self.domain = domain

    def status(self, now):
        if now >= self.done_at:
            return "done"
        return "doing" if now >= self.todo_until else "todo"

    def to_api(self, now, with_domain=False):
        """domain.zone.Task (or domain.Task with ``with_domain``)."""
        status = self.status(now)
        answer = {
            "id": self.task_id,
            "function": self.function,
            "status": status,
            "comment": None,
            "creationDate": iso(self.created),
            "todoDate": iso(self.created),
            "doneDate": iso(self.done_at) if status == "done" else None,
            "lastUpdate": iso(min(now, self.done_at) if status == "done" else (self.todo_until if status == "doing" else self.created)),
            "canAccelerate": False,
            "canCancel": status == "todo",
            "canRelaunch": False,
        }
        if with_domain:
            answer["domain"] = self.domain
        return answer


def new_task_id(state):
    task_id = getattr(state, "next_task_id", 900000001)
    state.next_task_id = task_id + 1
    return task_id


class ZoneExtras:
    """DNSSEC, DynHost records and logins, and tasks of one zone."""

    def __init__(self, state, zone):
        self.dnssec = "disabled"  # the status reached once the last DNSSEC task is done
        self.dnssec_task = None
        self.dynhost_records = {}
        self.dynhost_logins = {}  # login -> {"subDomain", "password"}
        self.tasks = {}
        created = zone.last_update or int(state.now())
        task = Task(new_task_id(state), "ZoneCreate", created - sum(task_seconds(state)), task_seconds(state))
        self.tasks[task.task_id] = task

    def dnssec_status(self, now):
        if self.dnssec_task is not None and self.dnssec_task.status(now) != "done":
            return "enableInProgress" if self.dnssec == "enabled" else "disableInProgress"
        return self.dnssec


def extras(state, zone):
    """The ZoneExtras of a zone, made on first use."""
    if getattr(zone, "extras", None) is None:
        zone.extras = ZoneExtras(state, zone)
    return zone.extras


def load(state, seed):
    """Seeded DNSSEC status, DynHost records and logins (``zones[].dnssec``, ``zones[].dynHost``)."""
    for data in seed.get("zones", []):
        zone = state.zones[(data["account"], data["name"])]
        more = extras(state, zone)
        more.dnssec = data.get("dnssec", "disabled")
        for record in data.get("dynHost", {}).get("records", []):
            record_id = state.new_record_id()
            more.dynhost_records[record_id] = _dynhost_record(record_id, zone.name, record.get("subDomain"), record.get("ip"))
        for login in data.get("dynHost", {}).get("logins", []):
            more.dynhost_logins[f"{zone.name}-{login['loginSuffix']}"] = {"subDomain": login["subDomain"], "password": login["password"]}


def _zone(call):
    zone = call.state.zones.get((call.account, call.params["zoneName"]))
    if zone is None:
        raise service_not_found()
    return zone, extras(call.state, zone)


# Status, capabilities, export

def zone_status(call):
    """GET /domain/zone/{zoneName}/status: not deployed while changes wait for a refresh (an inference)."""
    zone, _more = _zone(call)
    deployed = zone.pending_records() == zone.live_records()
    return {"isDeployed": deployed, "errors": [], "warnings": [] if deployed else ["Changes are pending a zone refresh"]}


def zone_capabilities(call):
    """GET /domain/zone/{zoneName}/capabilities"""
    _zone(call)
    return {"dynHost": True}


def zone_export(call):
    """GET /domain/zone/{zoneName}/export: the published zone as BIND text (OVH's layout: $TTL,
    SOA, then the records; a record with TTL 0 has no TTL field)."""
    zone, _more = _zone(call)
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
    zone, _more = _zone(call)
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
    _zone_obj, more = _zone(call)
    function, status = call.query_value("function"), call.query_value("status")
    if function is not None and function not in TASK_FUNCTIONS:
        raise bad_request(f"[function] Given data ({function}) does not belong to the TaskFunctionEnum enumeration")
    if status is not None and status not in TASK_STATES:
        raise bad_request(f"[status] Given data ({status}) does not belong to the TaskStatusEnum enumeration")
    now = call.state.now()
    return sorted(task_id for task_id, task in more.tasks.items()
                  if (function is None or task.function == function) and (status is None or task.status(now) == status))


def zone_task_get(call):
    """GET /domain/zone/{zoneName}/task/{id}"""
    _zone_obj, more = _zone(call)
    return _task(call, more.tasks).to_api(call.state.now())


# DNSSEC

def dnssec_get(call):
    """GET /domain/zone/{zoneName}/dnssec"""
    _zone_obj, more = _zone(call)
    return {"status": more.dnssec_status(call.state.now())}


def _dnssec_change(call, wanted, function):
    _zone_obj, more = _zone(call)
    now = call.state.now()
    current = more.dnssec_status(now)
    # Refusals and their wording are an inference: the schemas do not list them.
    if current.endswith("InProgress"):
        raise ApiError(409, "CONFLICT", f"A DNSSEC task is already in progress on this zone ({current})")
    if current == wanted:
        raise ApiError(409, "CONFLICT", f"DNSSEC is already {wanted} on this zone")
    task = Task(new_task_id(call.state), function, now, task_seconds(call.state))
    more.tasks[task.task_id] = task
    more.dnssec, more.dnssec_task = wanted, task


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
    _zone_obj, more = _zone(call)
    return more, _by_id(call, more.dynhost_records)


def _by_id(call, table):
    key = call.long_param("id")
    if key not in table:
        raise object_not_found(key)
    return table[key]


def dynhost_record_list(call):
    """GET /domain/zone/{zoneName}/dynHost/record?subDomain= : ids (subDomain is a LIKE filter, as for records)."""
    _zone_obj, more = _zone(call)
    sub_domain = call.query_value("subDomain")
    return sorted(record_id for record_id, record in more.dynhost_records.items()
                  if sub_domain is None or dns.ilike(sub_domain, record["subDomain"]))


def dynhost_record_create(call):
    """POST /domain/zone/{zoneName}/dynHost/record {ip, subDomain}"""
    zone, more = _zone(call)
    data = call.json_body()
    _only(data, ("ip", "subDomain"))
    if "ip" not in data:
        raise bad_request("[ip] Property is mandatory")
    record = _dynhost_record(call.state.new_record_id(), zone.name, data.get("subDomain"), data["ip"])
    more.dynhost_records[record["id"]] = record
    return dict(record)


def dynhost_record_get(call):
    """GET /domain/zone/{zoneName}/dynHost/record/{id}"""
    return dict(_own_dynhost_record(call)[1])


def dynhost_record_put(call):
    """PUT /domain/zone/{zoneName}/dynHost/record/{id}: ip and subDomain are writable."""
    _more, record = _own_dynhost_record(call)
    data = call.json_body()
    _only(data, ("ip", "subDomain", "id", "zone", "ttl"))
    for read_only in ("id", "zone", "ttl"):
        if read_only in data and data[read_only] != record[read_only]:
            raise bad_request(f"[{read_only}] Unknown or read-only property")
    if "ip" in data:
        record["ip"] = _dynhost_ip(data["ip"])
    if "subDomain" in data:
        record["subDomain"] = dns.normalize_sub_domain(data["subDomain"])


def dynhost_record_delete(call):
    """DELETE /domain/zone/{zoneName}/dynHost/record/{id}"""
    more, record = _own_dynhost_record(call)
    del more.dynhost_records[record["id"]]


# DynHost logins

def _check_password(value):
    if not isinstance(value, str) or len(value) < MIN_PASSWORD:
        raise bad_request(f"[password] The password must be a string of at least {MIN_PASSWORD} characters")
    return value


def _login_answer(zone, login, data):
    return {"login": login, "subDomain": data["subDomain"], "zone": zone.name}


def _own_login(call):
    zone, more = _zone(call)
    login = call.params["login"]
    if login not in more.dynhost_logins:
        raise object_not_found(login, "login")
    return zone, more, login


def dynhost_login_list(call):
    """GET /domain/zone/{zoneName}/dynHost/login?login=&subDomain= : login names (LIKE filters)."""
    _zone_obj, more = _zone(call)
    login_filter, sub_domain = call.query_value("login"), call.query_value("subDomain")
    return sorted(login for login, data in more.dynhost_logins.items()
                  if (login_filter is None or dns.ilike(login_filter, login))
                  and (sub_domain is None or dns.ilike(sub_domain, data["subDomain"])))


def dynhost_login_create(call):
    """POST /domain/zone/{zoneName}/dynHost/login {loginSuffix, password, subDomain}: login <zone>-<suffix>."""
    zone, more = _zone(call)
    data = call.json_body()
    _only(data, ("loginSuffix", "password", "subDomain"))
    for name in ("loginSuffix", "password", "subDomain"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    suffix = data["loginSuffix"]
    if not isinstance(suffix, str) or not _LOGIN_SUFFIX.match(suffix):
        raise bad_request(f"[loginSuffix] Invalid login suffix: {suffix!r}")
    login = f"{zone.name}-{suffix}"
    if login in more.dynhost_logins:
        raise ApiError(409, "CONFLICT", f"The login {login} already exists")
    sub_domain = data["subDomain"]
    if sub_domain != "*":
        sub_domain = dns.normalize_sub_domain(sub_domain)
    more.dynhost_logins[login] = {"subDomain": sub_domain, "password": _check_password(data["password"])}
    return _login_answer(zone, login, more.dynhost_logins[login])


def dynhost_login_get(call):
    """GET /domain/zone/{zoneName}/dynHost/login/{login} (never the password)."""
    zone, more, login = _own_login(call)
    return _login_answer(zone, login, more.dynhost_logins[login])


def dynhost_login_put(call):
    """PUT /domain/zone/{zoneName}/dynHost/login/{login}: subDomain is writable."""
    zone, more, login = _own_login(call)
    data = call.json_body()
    _only(data, ("subDomain", "login", "zone"))
    if data.get("login", login) != login or data.get("zone", zone.name) != zone.name:
        raise bad_request("[login] Unknown or read-only property")
    if "subDomain" in data:
        sub_domain = data["subDomain"]
        more.dynhost_logins[login]["subDomain"] = sub_domain if sub_domain == "*" else dns.normalize_sub_domain(sub_domain)


def dynhost_login_delete(call):
    """DELETE /domain/zone/{zoneName}/dynHost/login/{login}"""
    _zone_obj, more, login = _own_login(call)
    del more.dynhost_logins[login]


def dynhost_login_change_password(call):
    """POST /domain/zone/{zoneName}/dynHost/login/{login}/changePassword {password}"""
    _zone_obj, more, login = _own_login(call)
    data = call.json_body()
    _only(data, ("password",))
    if "password" not in data:
        raise bad_request("[password] Property is mandatory")
    more.dynhost_logins[login]["password"] = _check_password(data["password"])


def _only(data, allowed):
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise bad_request(f"[{extra[0]}] Unknown or read-only property")


ROUTES = (
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
