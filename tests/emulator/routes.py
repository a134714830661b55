"""The API routes the emulator answers, and their handlers.

``ROUTES`` lists (method, template, handler); every entry exists with that method in
the API's published schemas, copied in tests/emulator/schemas (a unit test checks it). Handlers run with ``State.lock``
held and return the JSON answer (None is the API's ``null`` for void routes).
"""

import json
from urllib.parse import parse_qs, unquote

from . import dns
from . import domain as registrar, zone as zone_extras
from . import ip as ip_reverse, servers
from .errors import ApiError, bad_request, object_not_found, service_not_found
from .state import CREDENTIAL_STATES, iso_date, parse_ip_blocks, parse_rules


class Call:
    """What a handler gets: the state, the decoded path parameters, the query, the body
    and, on signed routes, the authenticated credential and application."""

    def __init__(self, state, params, query, body, headers, root_url, **extra):
        self.state = state
        self.params = params
        self.query = parse_qs(query, keep_blank_values=True)
        self.raw_body = body
        self.headers = headers
        self.root_url = root_url
        self.credential = extra.get("credential")
        self.application = extra.get("application")
        self.refresh_duration = extra.get("refresh_duration", 0.0)
        self.pause = extra.get("pause")

    @property
    def account(self):
        """The customer account the consumer key is bound to."""
        return self.credential.account

    def json_body(self):
        """The body parsed as a JSON object."""
        try:
            data = json.loads(self.raw_body.decode("utf-8")) if self.raw_body else None
        except (UnicodeDecodeError, ValueError):
            raise bad_request("Invalid JSON received", "INVALID_JSON") from None
        if not isinstance(data, dict):
            raise bad_request("A JSON object is expected as body", "INVALID_JSON")
        return data

    def long_param(self, name):
        """A path parameter of type long."""
        value = self.params[name]
        try:
            return int(value, 10)
        except ValueError:
            raise bad_request(f"[{name}] Given data ({value}) is not valid for type long") from None

    def query_value(self, name):
        """The last value of a query parameter, or None when absent."""
        values = self.query.get(name)
        return values[-1] if values else None


def _only_keys(data, allowed):
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise bad_request(f"[{extra[0]}] Unknown or read-only property")


# /auth

def validation_url(root_url, credential):
    """Where the customer validates a consumer key (the page of validation.py)."""
    return f"{root_url}/auth/?credentialToken={credential.token}"


def auth_time(call):
    """GET /auth/time (unsigned): the server clock as a bare integer."""
    return int(call.state.now())


def auth_credential(call):
    """POST /auth/credential (unsigned): request a consumer key."""
    app = call.state.application_by_key(call.headers.get("X-Ovh-Application", ""))
    if app is None or app.status not in ("active", "trusted"):
        raise ApiError(403, "INVALID_KEY", "This application key is invalid")
    data = call.json_body()
    _only_keys(data, ("accessRules", "redirection", "allowedIPs"))
    if "accessRules" not in data:
        raise bad_request("[accessRules] Property is mandatory")
    rules = parse_rules(data["accessRules"])
    redirection = data.get("redirection")
    if redirection is not None and not isinstance(redirection, str):
        raise bad_request("[redirection] Given data is not valid for type string")
    allowed_ips = parse_ip_blocks(data.get("allowedIPs"))
    credential = call.state.add_credential(app.application_id, rules, allowed_ips=allowed_ips, redirection=redirection)
    return {
        "validationUrl": validation_url(call.root_url, credential),
        "consumerKey": credential.consumer_key,
        "state": credential.status,
    }


def auth_current_credential(call):
    """GET /auth/currentCredential"""
    return call.credential.to_api(call.state.now())


def auth_details(call):
    """GET /auth/details (auth.Details)"""
    return {
        "account": call.account,
        "allowedRoutes": [dict(rule) for rule in call.credential.rules],
        "description": None,
        "identities": [f"urn:v1:eu:identity:account:{call.account}"],
        "method": "account",
        "roles": None,
        "user": None,
    }


def auth_logout(call):
    """POST /auth/logout: the consumer key expires now."""
    call.credential.status = "expired"
    call.credential.expiration = int(call.state.now())


# /me

def me(call):
    """GET /me (nichandle.Nichandle)"""
    account = dict(call.state.accounts[call.account])
    account.pop("password", None)
    return account


def _own_credential(call):
    credential_id = call.long_param("credentialId")
    credential = call.state.credentials.get(credential_id)
    if credential is None or credential.account != call.account:
        raise object_not_found(credential_id, "credentialId")
    return credential


def _own_application(call):
    application_id = call.long_param("applicationId")
    app = call.state.applications.get(application_id)
    if app is None or app.account != call.account:
        raise object_not_found(application_id, "applicationId")
    return app


def credential_list(call):
    """GET /me/api/credential?status=&applicationId= : credential ids of the account."""
    status = call.query_value("status")
    if status is not None and status not in CREDENTIAL_STATES:
        raise bad_request(f"[status] Given data ({status}) does not belong to the CredentialStateEnum enumeration")
    application_id = call.query_value("applicationId")
    if application_id is not None:
        try:
            application_id = int(application_id, 10)
        except ValueError:
            raise bad_request(f"[applicationId] Given data ({application_id}) is not valid for type long") from None
    now = call.state.now()
    return sorted(c.credential_id for c in call.state.credentials.values()
                  if c.account == call.account
                  and (status is None or c.current_status(now) == status)
                  and (application_id is None or c.application_id == application_id))


def credential_get(call):
    """GET /me/api/credential/{credentialId}"""
    return _own_credential(call).to_api(call.state.now())


def credential_put(call):
    """PUT /me/api/credential/{credentialId}: only allowedIPs is writable."""
    credential = _own_credential(call)
    data = call.json_body()
    _only_keys(data, ("allowedIPs",))
    if "allowedIPs" in data:
        credential.allowed_ips = parse_ip_blocks(data["allowedIPs"])


def credential_delete(call):
    """DELETE /me/api/credential/{credentialId}"""
    del call.state.credentials[_own_credential(call).credential_id]


def credential_application(call):
    """GET /me/api/credential/{credentialId}/application"""
    return call.state.applications[_own_credential(call).application_id].to_api()


def application_list(call):
    """GET /me/api/application: ids of the applications the account owns."""
    return sorted(app.application_id for app in call.state.applications.values() if app.account == call.account)


def application_get(call):
    """GET /me/api/application/{applicationId}"""
    return _own_application(call).to_api()


def application_delete(call):
    """DELETE /me/api/application/{applicationId}: also revokes all its credentials."""
    call.state.delete_application(_own_application(call))


# /domain/zone

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
    _only_keys(data, ("fieldType", "subDomain", "target", "ttl"))
    for name in ("fieldType", "target"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    record = dns.make_record(call.state.new_record_id(), zone.name, data["fieldType"], data.get("subDomain"),
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
    _only_keys(data, ("subDomain", "target", "ttl"))
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

    Takes ``refresh_duration`` seconds; only one refresh of a zone runs at a time."""
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


# Unsigned routes answer without the signing headers.
UNSIGNED = {("GET", "/auth/time"), ("POST", "/auth/credential")}

ROUTES = (
    ("GET", "/auth/time", auth_time),
    ("POST", "/auth/credential", auth_credential),
    ("GET", "/auth/currentCredential", auth_current_credential),
    ("GET", "/auth/details", auth_details),
    ("POST", "/auth/logout", auth_logout),
    ("GET", "/me", me),
    ("GET", "/me/api/credential", credential_list),
    ("GET", "/me/api/credential/{credentialId}", credential_get),
    ("PUT", "/me/api/credential/{credentialId}", credential_put),
    ("DELETE", "/me/api/credential/{credentialId}", credential_delete),
    ("GET", "/me/api/credential/{credentialId}/application", credential_application),
    ("GET", "/me/api/application", application_list),
    ("GET", "/me/api/application/{applicationId}", application_get),
    ("DELETE", "/me/api/application/{applicationId}", application_delete),
    ("GET", "/domain/zone", zone_list),
    ("GET", "/domain/zone/{zoneName}", zone_get),
    ("GET", "/domain/zone/{zoneName}/record", record_list),
    ("POST", "/domain/zone/{zoneName}/record", record_create),
    ("GET", "/domain/zone/{zoneName}/record/{id}", record_get),
    ("PUT", "/domain/zone/{zoneName}/record/{id}", record_put),
    ("DELETE", "/domain/zone/{zoneName}/record/{id}", record_delete),
    ("POST", "/domain/zone/{zoneName}/refresh", zone_refresh),
)
ROUTES += zone_extras.ROUTES + registrar.ROUTES  # zone status, tasks, DNSSEC, DynHost; domain name servers
ROUTES += servers.ROUTES + ip_reverse.ROUTES  # dedicated servers, VPS, reinstalls; reverse DNS


def _match_template(template, segments):
    """Decoded path parameters if the raw segments fit the template, else None."""
    parts = template.split("/")[1:]
    if len(parts) != len(segments):
        return None
    params = {}
    for part, segment in zip(parts, segments):
        # Split on '/' first, decode after: '127.0.0.1%2F29' stays one segment.
        value = unquote(segment)
        if part.startswith("{"):
            if not value:
                return None
            params[part[1:-1]] = value
        elif part != value:
            return None
    return params


def match_route(method, path):
    """(template, handler, params) for a raw path after /1.0; ApiError 404 or 405 otherwise."""
    segments = path.split("/")[1:] if path.startswith("/") else None
    found = []
    for route_method, template, handler in ROUTES:
        params = _match_template(template, segments) if segments is not None else None
        if params is not None:
            found.append((len(params), route_method, template, handler, params))
    if not found:
        # The real API's wording for an unknown route.
        raise ApiError(404, "NOT_FOUND", "Got an invalid (or empty) URL")
    # A literal segment wins over a parameter.
    for _count, route_method, template, handler, params in sorted(found, key=lambda item: item[0]):
        if route_method == method:
            return template, handler, params
    raise ApiError(405, "METHOD_NOT_ALLOWED", f"Method {method} is not allowed on this route")
