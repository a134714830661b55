"""OAuth2 service accounts: the client-credentials token endpoint and bearer tokens.

The token endpoint lives outside /1.0 (``<root>/auth/oauth2/token``, like the real
``https://www.ovh.com/auth/oauth2/token``): HTTP Basic client id and secret, form body
``grant_type=client_credentials&scope=all``. A call with ``Authorization: Bearer <token>``
acts on the service account's customer account. The exact error bodies of the real
endpoints are not documented: the OAuth2 ones follow RFC 6749, the API one is an inference.
"""

import base64
import binascii
from urllib.parse import parse_qs

from .errors import ApiError
from .product import Product, random_key

TOKEN_PATH = "/auth/oauth2/token"
METHODS = ("GET", "POST", "PUT", "DELETE")


class ServiceAccount:
    def __init__(self, client_id, client_secret, account):
        self.client_id = client_id
        self.client_secret = client_secret
        self.account = account


class BearerSession:
    """What a handler sees as the credential of a call made with a service-account token:
    the account it acts on. Service accounts are governed by IAM, here allowed everything."""

    def __init__(self, account):
        self.account = account
        self.rules = [{"method": method, "path": "/*"} for method in METHODS]
        self.allowed_ips = None
        self.application_id = None
        self.status = "validated"
        self.expiration = None
        self.last_use = None

    def to_api(self, now):
        raise ApiError(403, "FORBIDDEN", "This call needs a consumer key; the request was made with a service account token")


class OAuth2(Product):
    """Service accounts and the tokens issued to them (expiry on the emulator clock). Its token
    endpoint is outside /1.0 (the HTTP layer calls ``token``): no API route. Seed: ``serviceAccounts``,
    ``[{clientId, clientSecret, account}]``."""

    name = "oauth2"
    seed_keys = ("serviceAccounts",)

    def __init__(self, state, token_lifetime=3600):
        super().__init__(state)
        self.token_lifetime = token_lifetime
        self.accounts = {}
        self.tokens = {}

    def load(self, seed):
        for service in seed.get("serviceAccounts", []):
            self.add_service_account(service["account"], service["clientId"], service["clientSecret"])

    def add_service_account(self, account, client_id=None, client_secret=None):
        service = ServiceAccount(client_id or "EU." + random_key(16).lower(), client_secret or random_key(32), account)
        self.accounts[service.client_id] = service
        return service

    def revoke_tokens(self):
        self.tokens.clear()

    def token(self, headers, body):
        """POST /auth/oauth2/token: (status, JSON payload)."""
        form = parse_qs(body.decode("utf-8", "replace"))
        client_id, client_secret = _basic_auth(headers.get("Authorization", ""))
        client_id = client_id or form.get("client_id", [None])[0]
        client_secret = client_secret or form.get("client_secret", [None])[0]
        if form.get("grant_type", [None])[0] != "client_credentials":
            return 400, {"error": "unsupported_grant_type", "error_description": "only client_credentials is supported"}
        service = self.accounts.get(client_id)
        if service is None or service.client_secret != client_secret:
            return 401, {"error": "invalid_client", "error_description": "client authentication failed"}
        token = random_key(48)
        self.tokens[token] = (service.account, self.state.now() + self.token_lifetime)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime, "scope": "all"}

    def authenticate(self, authorization):
        """The session of a bearer token, or ApiError 401."""
        token = authorization[len("Bearer "):].strip()
        account, expires = self.tokens.get(token, (None, 0))
        if account is None or self.state.now() >= expires:
            raise ApiError(401, "INVALID_TOKEN", "Invalid or expired token")
        return BearerSession(account)


def _basic_auth(header):
    if not header.startswith("Basic "):
        return None, None
    try:
        decoded = base64.b64decode(header[len("Basic "):].strip()).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, _sep, client_secret = decoded.partition(":")
    return client_id, client_secret
