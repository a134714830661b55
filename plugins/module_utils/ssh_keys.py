# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's public SSH keys (``/me/sshKey``): keys read, added and deleted; keys compared as SSH means them.

A public key is "type base64 [comment]": two keys are the same when their type and their decoded blob
are (the comment is a label, never compared). The published schema of ``nichandle.sshKey`` has only
``key`` and ``keyName`` and no ``PUT``: a key cannot be edited, only deleted and added again.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import hashlib
import struct
from urllib.parse import quote

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils.shapes import NAMES, Shape

# The public key types of OpenSSH's authorized_keys format.
KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
             "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-dss")
SSH_KEY = Shape("object", ("keyName", "key"))


class SshKeyInputError(InputError):
    """An SSH key or key name refused before any request."""


class PublicKey(object):
    """A parsed public key: ``key_type``, ``blob`` (bytes), ``comment``."""

    def __init__(self, key_type, blob, comment):
        self.key_type = key_type
        self.blob = blob
        self.comment = comment

    def same(self, other):
        return other is not None and (self.key_type, self.blob) == (other.key_type, other.blob)

    def text(self):
        """The key as sent: type, base64 and comment (if any), single spaces."""
        encoded = base64.b64encode(self.blob).decode("ascii")
        return " ".join(part for part in (self.key_type, encoded, self.comment) if part)

    def fingerprint(self):
        """OpenSSH's SHA256 fingerprint (``ssh-keygen -l``)."""
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode("ascii").rstrip("=")
        return "SHA256:" + digest


def parse_key(text, option="key"):
    """The PublicKey of "type base64 [comment]", or SshKeyInputError naming ``option`` and what is accepted."""
    if not isinstance(text, str) or not text.strip():
        raise SshKeyInputError("%s must be a public SSH key (\"type base64 [comment]\", e.g. the content of "
                               "id_ed25519.pub)" % option)
    fields = text.strip().split(None, 2)
    if fields[0] not in KEY_TYPES:
        raise SshKeyInputError("%s: the key type %r is not one of %s (a public key starts with its type; "
                               "authorized_keys options are not accepted)" % (option, fields[0][:40], ", ".join(KEY_TYPES)))
    if len(fields) < 2:
        raise SshKeyInputError("%s: the %s key has no base64 part" % (option, fields[0]))
    try:
        blob = base64.b64decode(fields[1].encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise SshKeyInputError("%s: the base64 part of the %s key does not decode" % (option, fields[0]))
    inner = _blob_type(blob)
    if inner != fields[0]:
        raise SshKeyInputError("%s: the key says %s but its base64 part holds %s" % (
            option, fields[0], "a %s key" % inner if inner else "no SSH key"))
    return PublicKey(fields[0], blob, fields[2].strip() if len(fields) > 2 else "")


def _blob_type(blob):
    """The key type written at the start of an SSH key blob (a length-prefixed string), or None."""
    if len(blob) < 4:
        return None
    (length,) = struct.unpack(">I", blob[:4])
    if length > 64 or len(blob) < 4 + length:
        return None
    try:
        return blob[4:4 + length].decode("ascii")
    except UnicodeDecodeError:
        return None


def check_key_name(name):
    """The key name, stripped; SshKeyInputError when empty or holding control characters."""
    if not isinstance(name, str) or not name.strip():
        raise SshKeyInputError("name must name the SSH key (e.g. admin)")
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise SshKeyInputError("name %r holds control characters" % name)
    return name.strip()


def key_path(name=None):
    return "/me/sshKey" + ("/" + quote(name, safe="") if name is not None else "")


def list_keys(client):
    return client.get(key_path(), shape=NAMES)


def read_key(client, name):
    """The key (``nichandle.sshKey``: keyName, key), or None when the account has none of that name."""
    return client.get_or_none(key_path(name), shape=SSH_KEY)


def add_key(client, name, key_text):
    client.post(key_path(), body={"key": key_text, "keyName": name})


def delete_key(client, name):
    client.delete(key_path(name))


def parsed_or_none(text):
    """The PublicKey of a key read from the API, or None when it is not one this module can parse."""
    try:
        return parse_key(text)
    except SshKeyInputError:
        return None
