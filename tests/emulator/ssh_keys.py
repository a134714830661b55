"""The account's public SSH keys (``/me/sshKey``), used by a VPS rebuild (``sshKey``) and by rescue boots.

Routes (schemas/me.json, openapi3-me.json): ``GET /me/sshKey`` (names), ``POST /me/sshKey {key, keyName}``,
``GET /me/sshKey/{keyName}`` (``nichandle.sshKey``: ``key``, ``keyName``), ``DELETE /me/sshKey/{keyName}``.
The published schemas have no ``PUT`` on a key and no ``default`` field: a key cannot be edited, only
deleted and added again.

Seed: ``sshKeys`` (``[{account, keyName, key}]``).

The refusals' wordings are inferences (the notes do not give them): an invalid key (400), a name
already taken (409), an unknown name (404, the API's wording for a missing object).
"""

import base64
import binascii
import struct

from .errors import ApiError, bad_request
from .product import Product, only_keys

# Public key types OpenSSH writes in authorized_keys form.
KEY_TYPES = ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ecdsa-sha2-nistp256@openssh.com",
             "sk-ssh-ed25519@openssh.com", "ssh-dss", "ssh-ed25519", "ssh-rsa")


def valid_key(text):
    """Whether ``text`` is "type base64 [comment]" with a known type whose blob names that type."""
    fields = text.split() if isinstance(text, str) else []
    if len(fields) < 2 or fields[0] not in KEY_TYPES:
        return False
    try:
        blob = base64.b64decode(fields[1], validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(blob) < 4:
        return False
    (length,) = struct.unpack(">I", blob[:4])
    return blob[4:4 + length] == fields[0].encode("ascii")


def _keys(call):
    return call.state.ssh_keys.keys


def _key(call):
    name = call.params["keyName"]
    key = _keys(call).get((call.account, name))
    if key is None:
        raise ApiError(404, "NOT_FOUND", f"The requested object (keyName = {name}) does not exist")
    return name, key


def key_list(call):
    """GET /me/sshKey: the names of the account's keys."""
    return sorted(name for (account, name) in _keys(call) if account == call.account)


def key_get(call):
    """GET /me/sshKey/{keyName} (nichandle.sshKey)"""
    name, key = _key(call)
    return {"key": key, "keyName": name}


def key_create(call):
    """POST /me/sshKey {key, keyName}: void."""
    data = call.json_body()
    only_keys(data, ("key", "keyName"))
    name, key = data.get("keyName"), data.get("key")
    if not isinstance(name, str) or not name.strip():
        raise bad_request("[keyName] Property is mandatory")
    if not isinstance(key, str):
        raise bad_request("[key] Property is mandatory")
    if not valid_key(key):
        raise bad_request("Invalid public SSH key")
    if (call.account, name) in _keys(call):
        raise ApiError(409, "CONFLICT", f"The SSH key {name} already exists")
    _keys(call)[(call.account, name)] = key.strip()
    return None


def key_delete(call):
    """DELETE /me/sshKey/{keyName}: void."""
    name, _key_text = _key(call)
    del _keys(call)[(call.account, name)]
    return None


class SshKeys(Product):
    """The public SSH keys of every account, by (account, key name)."""

    name = "ssh_keys"
    routes = (
        ("GET", "/me/sshKey", key_list),
        ("POST", "/me/sshKey", key_create),
        ("GET", "/me/sshKey/{keyName}", key_get),
        ("DELETE", "/me/sshKey/{keyName}", key_delete),
    )
    seed_keys = ("sshKeys",)

    def __init__(self, state):
        super().__init__(state)
        self.keys = {}

    def load(self, seed):
        for data in seed.get("sshKeys", []):
            self.keys[(data["account"], data["keyName"])] = data["key"]
