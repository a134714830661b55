"""The router: every route of the products of ``products.PRODUCTS``, and what a handler gets.

``ROUTES`` lists (method, template, handler) of every product, ``UNSIGNED`` the (method, template)
answered without authentication; every route exists with that method in the API's published
schemas, copied in tests/emulator/schemas (a unit test checks it). Handlers run with ``State.lock``
held and return the JSON answer (None is the API's ``null`` for void routes).
"""

import json
from urllib.parse import parse_qs, unquote

from .errors import ApiError, bad_request
from .products import PRODUCTS

ROUTES = tuple(route for product in PRODUCTS for route in product.routes)
# Unsigned routes answer without the signing headers.
UNSIGNED = {route for product in PRODUCTS for route in product.unsigned}


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


def resolve_dots(segments):
    """Raw segments with literal ``.`` and ``..`` resolved (RFC 3986 5.2.4), as the HTTP servers and proxies in
    front of an API do before routing (an inference for the real API: it is what a front end does). A quoted
    segment stays one opaque segment: ``a%2F..%2Fb`` or ``%252e%252e`` is a name, not a move."""
    resolved = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments and segments[-1] in (".", ".."):
        resolved.append("")
    return resolved


def match_route(method, path):
    """(template, handler, params) for a raw path after /1.0; ApiError 404 or 405 otherwise."""
    segments = resolve_dots(path.split("/")[1:]) if path.startswith("/") else None
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
