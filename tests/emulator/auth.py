"""Request authentication: the signature, the consumer key checks and the access rules."""

import hashlib
import hmac
import ipaddress
import re

from .errors import ApiError

# Allowed distance between X-Ovh-Timestamp and the emulator clock, in seconds.
TIME_WINDOW = 60

INVALID_CREDENTIAL_MESSAGES = {
    "refused": "This credential is not valid: it was refused",
    "expired": "This credential is not valid: it has expired",
}

_SIGNED_HEADERS = ("X-Ovh-Application", "X-Ovh-Consumer", "X-Ovh-Timestamp", "X-Ovh-Signature")


def signature(secret, consumer_key, method, url, body, timestamp):
    """'$1$' + sha1(AS+CK+METHOD+URL+BODY+TIMESTAMP joined by '+').

    ``url`` and ``body`` are bytes exactly as on the wire (str is UTF-8 encoded)."""
    parts = [secret, consumer_key, method, url, body, timestamp if isinstance(timestamp, bytes) else str(timestamp)]
    data = b"+".join(part if isinstance(part, bytes) else part.encode("utf-8") for part in parts)
    return "$1$" + hashlib.sha1(data).hexdigest()


def _rule_regex(pattern):
    # '*' matches any run of characters, '/' included; everything else is literal.
    return re.compile("".join(".*" if char == "*" else re.escape(char) for char in pattern), re.DOTALL)


def rule_matches(rule, method, path):
    """Whether one access rule grants METHOD on PATH (path after /1.0, no query)."""
    return rule["method"] == method and _rule_regex(rule["path"]).fullmatch(path) is not None


def is_granted(rules, method, path):
    """Whether any of the rules grants the call."""
    return any(rule_matches(rule, method, path) for rule in rules)


def _forbidden(error_code, message):
    return ApiError(403, error_code, message)


def has_auth_headers(headers):
    """Whether all four signing headers are present."""
    return all(headers.get(name) for name in _SIGNED_HEADERS)


def authenticate(state, headers, method, url, body, path, client_ip):
    """Run the API's checks in order; return (credential, application) or raise ApiError.

    ``url`` is the raw URL bytes (scheme, Host header, request target as received),
    ``body`` the raw body bytes, ``path`` the raw path after /1.0 without the query."""
    if not has_auth_headers(headers):
        raise ApiError(401, "NOT_AUTHENTICATED", "You must login first")
    app = state.application_by_key(headers["X-Ovh-Application"])
    if app is None or app.status not in ("active", "trusted"):
        raise _forbidden("INVALID_KEY", "This application key is invalid")
    # The real wording for a stale timestamp is undocumented: code and message are an inference.
    timestamp = headers["X-Ovh-Timestamp"]
    if not re.fullmatch(r"-?\d+", timestamp) or abs(int(timestamp) - int(state.now())) > TIME_WINDOW:
        raise ApiError(400, "QUERY_TIME_OUT", "Query out of time")
    consumer_key = headers["X-Ovh-Consumer"]
    expected = signature(app.secret.encode(), consumer_key.encode("latin-1"), method, url, body, timestamp.encode("latin-1"))
    if not hmac.compare_digest(expected.encode(), headers["X-Ovh-Signature"].encode("latin-1")):
        raise ApiError(400, "INVALID_SIGNATURE", "Invalid signature")
    credential = state.credential_by_key(consumer_key)
    if credential is None:
        raise _forbidden("NOT_CREDENTIAL", "This credential does not exist")
    status = credential.current_status(state.now())
    if credential.application_id != app.application_id or status != "validated":
        # The documented message; for a refused or expired key the API's wording is not documented:
        # saying which (an inference) lets a client stop waiting for a validation that cannot come.
        message = INVALID_CREDENTIAL_MESSAGES.get(status) if credential.application_id == app.application_id else None
        raise _forbidden("INVALID_CREDENTIAL", message or "This credential is not valid")
    if credential.allowed_ips is not None:
        address = ipaddress.ip_address(client_ip)
        if not any(address in ipaddress.ip_network(block) for block in credential.allowed_ips):
            # Code and wording are an inference (FORBIDDEN is seen, the text is not documented).
            raise _forbidden("FORBIDDEN", f"This credential is not allowed to be used from IP {client_ip}")
    if not is_granted(credential.rules, method, path):
        raise _forbidden("NOT_GRANTED_CALL", "This call has not been granted")
    return credential, app
