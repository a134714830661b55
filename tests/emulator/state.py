"""In-memory data model: accounts, applications, credentials and DNS zones.

All access goes through ``State.lock`` (a plain Lock, taken once per request by the
HTTP layer and by the Python API of ``Emulator``).
"""

import copy
import datetime
import ipaddress
import secrets
import string
import threading
import time
import uuid

from . import domain as registrar, zone as zone_extras
from .dns import make_record
from .servers import Servers
from .errors import bad_request

_ALPHANUM = string.ascii_letters + string.digits
CREDENTIAL_STATES = ("expired", "pendingValidation", "refused", "validated")
APPLICATION_STATES = ("active", "blocked", "inactive", "trusted")
HTTP_METHODS = ("DELETE", "GET", "POST", "PUT")


def random_key(length):
    """A random key made of letters and digits, like the API's AK/AS/CK."""
    return "".join(secrets.choice(_ALPHANUM) for _index in range(length))


def iso_date(timestamp):
    """ISO 8601 date with time zone, as the API writes datetimes (None stays None)."""
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).isoformat()


def parse_ip_blocks(blocks, field="allowedIPs"):
    """Validate a list of IP blocks (ipBlock[]); return them normalized, e.g. '203.0.113.0/24'."""
    if blocks is None:
        return None
    if not isinstance(blocks, list):
        raise bad_request(f"[{field}] Given data is not valid for type ipBlock[]")
    result = []
    for block in blocks:
        try:
            result.append(str(ipaddress.ip_network(block)))
        except (TypeError, ValueError):
            raise bad_request(f"[{field}] Given data ({block}) is not valid for type ipBlock") from None
    return result


def parse_rules(rules, field="accessRules"):
    """Validate access rules: a list of {method in GET/POST/PUT/DELETE, path starting with '/'}."""
    if not isinstance(rules, list):
        raise bad_request(f"[{field}] Property is mandatory and must be a list of access rules")
    result = []
    for rule in rules:
        if not isinstance(rule, dict) or set(rule) - {"method", "path"}:
            raise bad_request(f"[{field}] Invalid access rule: {rule!r}")
        method, path = rule.get("method"), rule.get("path")
        if method not in HTTP_METHODS:
            raise bad_request(f"[{field}.method] Given data ({method}) does not belong to the HTTPMethodEnum enumeration")
        if not isinstance(path, str) or not path.startswith("/"):
            raise bad_request(f"[{field}.path] Invalid path: {path!r}")
        result.append({"method": method, "path": path})
    return result


class Application:
    """An API application (AK/AS) owned by an account."""

    def __init__(self, application_id, key, secret, account, name, description, status):
        self.application_id = application_id
        self.key = key
        self.secret = secret
        self.account = account
        self.name = name
        self.description = description
        self.status = status

    def to_api(self):
        """auth.ApiApplication"""
        return {
            "applicationId": self.application_id,
            "applicationKey": self.key,
            "name": self.name,
            "description": self.description,
            "status": self.status,
        }


class Credential:
    """A consumer key: bound to an application, then (once validated) to an account."""

    def __init__(self, credential_id, consumer_key, application_id, rules, creation):
        self.credential_id = credential_id
        self.consumer_key = consumer_key
        self.application_id = application_id
        self.rules = rules
        self.creation = creation
        self.account = None
        self.status = "pendingValidation"
        self.expiration = None
        self.last_use = None
        self.allowed_ips = None
        self.redirection = None
        self.token = random_key(64)

    def current_status(self, now):
        """The stored status, except that a validated key past its expiration is expired."""
        if self.status == "validated" and self.expiration is not None and now >= self.expiration:
            return "expired"
        return self.status

    def to_api(self, now):
        """auth.ApiCredential"""
        return {
            "credentialId": self.credential_id,
            "applicationId": self.application_id,
            "creation": iso_date(self.creation),
            "expiration": iso_date(self.expiration),
            "lastUse": iso_date(self.last_use),
            "ovhSupport": False,
            "rules": copy.deepcopy(self.rules),
            "status": self.current_status(now),
            "allowedIPs": list(self.allowed_ips) if self.allowed_ips is not None else None,
        }


class Zone:
    """A DNS zone. ``pending`` is what the API reads and writes; ``live`` is what was
    published by the last refresh. Both map record id -> record (API form)."""

    def __init__(self, account, name):
        self.account = account
        self.name = name
        self.pending = {}
        self.live = {}
        self.last_update = None
        self.refreshing = False
        self.default_ttl = 3600  # the TTL of the SOA: what a record at TTL 0 gets
        self.iam_id = str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{name}.{account}.zone.emulator"))

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


class State:
    """Everything the emulated API knows."""

    def __init__(self, seed):
        self.lock = threading.Lock()
        self.clock_offset = 0
        self.accounts = {}
        self.applications = {}
        self.credentials = {}
        self.zones = {}
        self.servers = Servers()
        self._next_application_id = 1001
        self._next_credential_id = 200000001
        # Real record ids are large integers (e.g. 5123456789).
        self._next_record_id = 5000000001
        self.load(copy.deepcopy(seed))

    def now(self):
        """The emulator clock: machine clock plus the configured offset."""
        return time.time() + self.clock_offset

    def load(self, seed):
        """Load a seed dict (see seed.DEFAULT_SEED for the shape)."""
        for account in seed.get("accounts", []):
            self.accounts[account["nichandle"]] = account
        for app in seed.get("applications", []):
            self.add_application(app["account"], app["name"], app.get("description", ""), app.get("status", "active"),
                                 application_id=app.get("applicationId"), key=app.get("applicationKey"),
                                 secret=app.get("applicationSecret"))
        for cred in seed.get("credentials", []):
            credential = self.add_credential(cred["applicationId"], cred["rules"], consumer_key=cred.get("consumerKey"),
                                             allowed_ips=cred.get("allowedIPs"), credential_id=cred.get("credentialId"))
            status = cred.get("status", "validated")
            if status == "validated":
                self.validate(credential.consumer_key, cred["account"], cred.get("validity"))
            else:
                credential.account = cred.get("account")
                credential.status = status
        for zone in seed.get("zones", []):
            self.add_zone(zone["account"], zone["name"], zone.get("records", []))
        zone_extras.load(self, seed)  # DNSSEC and DynHost of the seeded zones
        registrar.load(self, seed)  # domains and their name servers
        self.servers.load(seed, self.now())  # dedicated servers, VPS and reverses (servers.py)

    # Applications and credentials

    def add_application(self, account, name, description="", status="active", application_id=None, key=None, secret=None):
        """Register an application; returns it."""
        if account not in self.accounts:
            raise ValueError(f"unknown account {account!r}")
        if status not in APPLICATION_STATES:
            raise ValueError(f"application status must be one of {APPLICATION_STATES}")
        if application_id is None:
            application_id = self._next_application_id
        self._next_application_id = max(self._next_application_id, application_id + 1)
        app = Application(application_id, key or random_key(16), secret or random_key(32), account, name, description, status)
        self.applications[application_id] = app
        return app

    def application_by_key(self, key):
        """The application with that AK, or None."""
        for app in self.applications.values():
            if app.key == key:
                return app
        return None

    def add_credential(self, application_id, rules, consumer_key=None, allowed_ips=None, redirection=None, credential_id=None):
        """Create a pendingValidation credential, as POST /auth/credential does."""
        if application_id not in self.applications:
            raise ValueError(f"unknown application {application_id!r}")
        if credential_id is None:
            credential_id = self._next_credential_id
        self._next_credential_id = max(self._next_credential_id, credential_id + 1)
        credential = Credential(credential_id, consumer_key or random_key(32), application_id,
                                parse_rules(rules, "rules"), int(self.now()))
        credential.allowed_ips = parse_ip_blocks(allowed_ips)
        credential.redirection = redirection
        self.credentials[credential_id] = credential
        return credential

    def credential_by_key(self, consumer_key):
        """The credential with that CK, or None."""
        for credential in self.credentials.values():
            if credential.consumer_key == consumer_key:
                return credential
        return None

    def _pending_credential(self, consumer_key):
        credential = self.credential_by_key(consumer_key)
        if credential is None:
            raise ValueError("unknown consumer key")
        if credential.status != "pendingValidation":
            raise ValueError(f"consumer key is {credential.status}, not pendingValidation")
        return credential

    def validate(self, consumer_key, account, validity=None):
        """What the customer does on the validation page: bind to the account, set the expiration."""
        if account not in self.accounts:
            raise ValueError(f"unknown account {account!r}")
        credential = self._pending_credential(consumer_key)
        credential.account = account
        credential.status = "validated"
        credential.expiration = None if validity is None else int(self.now()) + int(validity)
        return credential

    def refuse(self, consumer_key):
        """The customer refuses the request."""
        self._pending_credential(consumer_key).status = "refused"

    def delete_application(self, app):
        """Delete an application and revoke all of its credentials."""
        for credential_id in [c.credential_id for c in self.credentials.values() if c.application_id == app.application_id]:
            del self.credentials[credential_id]
        del self.applications[app.application_id]

    # DNS

    def new_record_id(self):
        """The next record id (ids are never reused)."""
        record_id = self._next_record_id
        self._next_record_id += 1
        return record_id

    def add_zone(self, account, name, records=()):
        """Create a zone with records already published (pending and live)."""
        if account not in self.accounts:
            raise ValueError(f"unknown account {account!r}")
        zone = Zone(account, name)
        for data in records:
            record_id = data.get("id") or self.new_record_id()
            zone.pending[record_id] = make_record(record_id, name, data.get("fieldType"), data.get("subDomain", ""),
                                                  data.get("target"), data.get("ttl", 0))
        zone.publish(int(self.now()))
        self.zones[(account, name)] = zone
        return zone

    def zones_of(self, account):
        """Zone names of an account, sorted."""
        return sorted(name for owner, name in self.zones if owner == account)
