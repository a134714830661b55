"""API keys: applications (AK/AS) and consumer keys (CK), with the /auth and /me/api routes.

A consumer key is requested with ``POST /auth/credential`` (pendingValidation), validated by the
customer on the validation page (validation.py) or by a test (``Emulator.validate_consumer_key``),
then used to sign calls (auth.py checks it). Seed: ``applications`` and ``credentials``.
"""

import copy
import ipaddress

from .errors import ApiError, bad_request, object_not_found
from .product import Product, iso_date, only_keys, random_key

CREDENTIAL_STATES = ("expired", "pendingValidation", "refused", "validated")
APPLICATION_STATES = ("active", "blocked", "inactive", "trusted")
HTTP_METHODS = ("DELETE", "GET", "POST", "PUT")


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
    only_keys(data, ("accessRules", "redirection", "allowedIPs"))
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
    only_keys(data, ("allowedIPs",))
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


class ApiKeys(Product):
    """The applications and consumer keys of every account."""

    name = "api_keys"
    routes = (
        ("GET", "/auth/time", auth_time),
        ("POST", "/auth/credential", auth_credential),
        ("GET", "/auth/currentCredential", auth_current_credential),
        ("GET", "/auth/details", auth_details),
        ("POST", "/auth/logout", auth_logout),
        ("GET", "/me/api/credential", credential_list),
        ("GET", "/me/api/credential/{credentialId}", credential_get),
        ("PUT", "/me/api/credential/{credentialId}", credential_put),
        ("DELETE", "/me/api/credential/{credentialId}", credential_delete),
        ("GET", "/me/api/credential/{credentialId}/application", credential_application),
        ("GET", "/me/api/application", application_list),
        ("GET", "/me/api/application/{applicationId}", application_get),
        ("DELETE", "/me/api/application/{applicationId}", application_delete),
    )
    unsigned = (("GET", "/auth/time"), ("POST", "/auth/credential"))
    seed_keys = ("applications", "credentials")
    shared = ("applications", "credentials", "add_application", "application_by_key", "add_credential",
              "credential_by_key", "validate", "refuse", "delete_application")

    def __init__(self, state):
        super().__init__(state)
        self.applications = {}
        self.credentials = {}

    def load(self, seed):
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

    def add_application(self, account, name, description="", status="active", application_id=None, key=None, secret=None):
        """Register an application; returns it."""
        if account not in self.state.accounts:
            raise ValueError(f"unknown account {account!r}")
        if status not in APPLICATION_STATES:
            raise ValueError(f"application status must be one of {APPLICATION_STATES}")
        application_id = self.state.new_id("application", application_id)
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
        credential_id = self.state.new_id("credential", credential_id)
        credential = Credential(credential_id, consumer_key or random_key(32), application_id,
                                parse_rules(rules, "rules"), int(self.state.now()))
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
        if account not in self.state.accounts:
            raise ValueError(f"unknown account {account!r}")
        credential = self._pending_credential(consumer_key)
        credential.account = account
        credential.status = "validated"
        credential.expiration = None if validity is None else int(self.state.now()) + int(validity)
        return credential

    def refuse(self, consumer_key):
        """The customer refuses the request."""
        self._pending_credential(consumer_key).status = "refused"

    def delete_application(self, app):
        """Delete an application and revoke all of its credentials."""
        for credential_id in [c.credential_id for c in self.credentials.values() if c.application_id == app.application_id]:
            del self.credentials[credential_id]
        del self.applications[app.application_id]
