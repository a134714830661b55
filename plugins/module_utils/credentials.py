# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""API credentials: access rules, IP ranges, reading credentials with their applications in
batches, waiting for a consumer key's validation and storing a key in an ovh.conf file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import hashlib
import ipaddress
import json
import os
import re
import stat

from configparser import Error as ConfigParserError, RawConfigParser

from ansible_collections.signet.ovh.plugins.module_utils.caches import JsonCache, cache_path
from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, Shape
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhSettings
from ansible_collections.signet.ovh.plugins.module_utils.names import normalize_ip_blocks
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError, atomic_write, locked

METHODS = ("GET", "POST", "PUT", "DELETE")
# python-ovh's API_READ_ONLY, API_READ_WRITE and API_READ_WRITE_SAFE.
PRESETS = {
    "read-only": ("GET",),
    "read-write": ("GET", "POST", "PUT", "DELETE"),
    "read-write-safe": ("GET", "POST", "PUT"),
}
CREDENTIAL_STATES = ("expired", "pendingValidation", "refused", "validated")
SELF_CHECK_RULE = {"method": "GET", "path": "/auth/currentCredential"}
# A consumer key that cannot be used: not validated yet, refused, expired, revoked or another
# application's. A validated key used from outside its allowed IP ranges is FORBIDDEN instead.
UNUSABLE_KEY_CODES = ("INVALID_CREDENTIAL", "NOT_CREDENTIAL")
CREDENTIAL_FIELDS = (
    ("credentialId", "credential_id"),
    ("applicationId", "application_id"),
    ("status", "status"),
    ("rules", "rules"),
    ("creation", "creation"),
    ("expiration", "expiration"),
    ("lastUse", "last_use"),
    ("allowedIPs", "allowed_ips"),
    ("ovhSupport", "ovh_support"),
)
APPLICATION_FIELDS = (
    ("applicationId", "application_id"),
    ("applicationKey", "application_key"),
    ("name", "name"),
    ("description", "description"),
    ("status", "status"),
)


class CredentialError(InputError):
    """Invalid input, with a message for the user."""


# --- access rules ------------------------------------------------------


def recursive_paths(path):
    """python-ovh's add_recursive_rules: the path (stripped of trailing '*', '/' and spaces) and
    everything under it; '/' alone gives only '/*'."""
    base = path.rstrip("*/ ")
    return ([base] if base else []) + [base + "/*"]


def expand_rules(entries):
    """Access rule option entries (path with method, methods or preset, and recursive) as API rules,
    in order, without duplicates."""
    rules = []
    for index, entry in enumerate(entries or []):
        where = "access_rules[%d]" % index
        path = entry.get("path")
        if not path or not path.startswith("/"):
            raise CredentialError("%s: path must start with '/', got %r" % (where, path))
        if entry.get("method"):
            methods = [entry["method"]]
        elif entry.get("methods"):
            methods = entry["methods"]
        elif entry.get("preset"):
            methods = PRESETS[entry["preset"]]
        else:
            raise CredentialError("%s: give one of method, methods or preset" % where)
        paths = recursive_paths(path) if entry.get("recursive") else [path]
        for one_path in paths:
            for method in methods:
                rule = {"method": method.upper(), "path": one_path}
                if rule["method"] not in METHODS:
                    raise CredentialError("%s: method %r is not one of %s" % (where, method, ", ".join(METHODS)))
                if rule not in rules:
                    rules.append(rule)
    return rules


def _rule_regex(pattern):
    return re.compile("".join(".*" if char == "*" else re.escape(char) for char in pattern), re.DOTALL)


def rule_covers(granted, requested):
    """Whether the granted rule allows every call the requested rule allows. A '*' of the granted
    path matches any text, so it also matches the requested path's own '*' and what they stand for."""
    return granted.get("method") == requested["method"] and _rule_regex(granted.get("path") or "").fullmatch(requested["path"]) is not None


def uncovered_rules(granted_rules, requested_rules):
    """The requested rules that no granted rule covers."""
    return [rule for rule in requested_rules if not any(rule_covers(granted, rule) for granted in granted_rules or [])]


def format_rule(rule):
    return "%s %s" % (rule["method"], rule["path"])


# --- IP ranges ---------------------------------------------------------


def same_ip_blocks(current, wanted):
    """Whether two allowedIPs values (None = no restriction) mean the same ranges."""
    if current is None or wanted is None:
        return current is None and wanted is None
    try:
        return normalize_ip_blocks(current, "allowedIPs") == normalize_ip_blocks(wanted, "allowedIPs")
    except InputError:
        return False


def blocks_within(current, wanted):
    """Whether every block of ``current`` lies inside a block of ``wanted`` (None = anywhere)."""
    if wanted is None:
        return True
    if current is None:
        return False
    try:
        inner = [ipaddress.ip_network(block, strict=False) for block in current]
    except ValueError:
        return False
    outer = [ipaddress.ip_network(block) for block in wanted]
    return all(any(net.version == out.version and net.subnet_of(out) for out in outer) for net in inner)


# --- results -----------------------------------------------------------


def credential_result(data, application=None, with_application=True):
    """A credential in snake_case, with its application (None when unknown) unless told not to."""
    result = dict((snake, (data or {}).get(api)) for api, snake in CREDENTIAL_FIELDS)
    result["rules"] = [{"method": rule.get("method"), "path": rule.get("path")} for rule in result["rules"] or []]
    if with_application:
        result["application"] = application_result(application) if application is not None else None
    return result


def application_result(data):
    return dict((snake, data.get(api)) for api, snake in APPLICATION_FIELDS)


# --- batch reads -------------------------------------------------------

CREDENTIAL_SHAPE = Shape("object", ("credentialId", "applicationId", "status"), "a credential")
APPLICATION_SHAPE = Shape("object", ("applicationId", "applicationKey"), "an application")


def list_credentials(client, status=None, application_id=None):
    """Every credential of the account (filtered), each with its application, sorted by id:
    1 + 2 x ceil(N/50) requests when the API answers batches."""
    ids = client.get("/me/api/credential", query={"status": status, "applicationId": application_id}, shape=IDS) or []
    credentials = client.get_many("/me/api/credential", ids, shape=CREDENTIAL_SHAPE)
    present = [credential_id for credential_id in ids if credential_id in credentials]
    # The application may be a third party's: read it through the credential.
    applications = client.get_many("/me/api/credential", present, suffix="application", shape=APPLICATION_SHAPE)
    return [credential_result(credentials[credential_id], applications.get(credential_id))
            for credential_id in sorted(present)]


def current_credential(client, with_application=True):
    """The credential in use, with its application (None when that read is not granted)."""
    data = client.get("/auth/currentCredential", shape=Shape("object", what="a credential"))
    application = None
    if with_application and data.get("credentialId") is not None:
        try:
            application = client.get(path_join("/me/api/credential", data["credentialId"], "application"), shape=APPLICATION_SHAPE)
        except OvhApiError as exc:
            if exc.status not in (403, 404):
                raise
    return credential_result(data, application)


# --- consumer keys -----------------------------------------------------


def client_for_key(client, consumer_key):
    """A client like ``client`` (every setting kept) that signs with another consumer key."""
    settings = client.settings
    values = {"application_key": settings.application_key, "application_secret": settings.application_secret,
              "consumer_key": consumer_key}
    sources = dict(settings.sources, consumer_key="requested consumer key")
    return client.derive(OvhSettings(settings.endpoint, settings.base_url, values, sources))


# How long a key requested into a store_in section and still waiting for its approval is handed to
# the next task that finds it there, instead of requesting another key (whose approval would leave
# the first one an orphan). Parallel forks need seconds; a rerun soon after shows the same URL.
PENDING_KEY_REUSE = 3600


class PendingKeys(JsonCache):
    """Consumer keys requested into a store_in section and not yet approved, with their validation URL.
    Entries are found by a hash of (file, section, key, rules, allowed IPs): no key is stored here."""

    what = "pending consumer key"
    if_lost = "a parallel or later task may request another key instead of showing this one's validation URL"

    def __init__(self, path=None, warn=None):
        super(PendingKeys, self).__init__(path or cache_path("pending-consumer-keys.json"), warn=warn)

    @staticmethod
    def _entry(path, section, consumer_key, rules, allowed_ips):
        what = json.dumps([os.path.realpath(path), section, consumer_key, rules, allowed_ips], sort_keys=True)
        return hashlib.sha256(what.encode("utf-8")).hexdigest()[:32]

    def remember(self, path, section, consumer_key, rules, allowed_ips, validation_url):
        self.set(self._entry(path, section, consumer_key, rules, allowed_ips), {"validation_url": validation_url, "requested": CLOCK.time()})

    def find(self, path, section, consumer_key, rules, allowed_ips):
        """The validation URL of the stored key when this module requested it, for the same rules and
        allowed IPs, less than PENDING_KEY_REUSE seconds ago; else None."""
        data = self.load() or {}
        entry = data.get(self._entry(path, section, consumer_key, rules, allowed_ips))
        try:
            if 0 <= CLOCK.time() - float(entry["requested"]) < PENDING_KEY_REUSE and isinstance(entry["validation_url"], str):
                return entry["validation_url"]
        except (TypeError, KeyError, ValueError):
            pass
        return None

    def forget(self, path, section, consumer_key, rules, allowed_ips):
        self.set(self._entry(path, section, consumer_key, rules, allowed_ips), None)


def refused_from_here(error):
    """Whether the API refused a validated key because of the caller's IP address (403 FORBIDDEN,
    "This credential is not allowed to be used from IP ...")."""
    # The client derives FORBIDDEN from the message when the error body has no errorCode.
    return error is not None and error.status == 403 and error.error_code == "FORBIDDEN"


def key_state(client):
    """(state, credential data or None, API error or None) of the client's consumer key, from
    GET /auth/currentCredential.

    ``state`` is the credential's status when readable, ``validated`` when the key works but may not
    read its own credential, ``ip_refused`` when the key is validated but the API refuses it from
    this machine's IP address (outside its allowed IPs), or ``unusable`` (with the API error) when the
    API refuses the key itself."""
    try:
        data = client.get("/auth/currentCredential", shape=Shape("object", what="a credential"))
    except OvhApiError as exc:
        if exc.error_code == "NOT_GRANTED_CALL":
            return "validated", None, exc  # authenticated, so validated; the rule is missing
        if refused_from_here(exc):
            return "ip_refused", None, exc  # the API checks the IP only once the key is validated
        if exc.status == 403 and exc.error_code in UNUSABLE_KEY_CODES:
            return "unusable", None, exc
        raise
    return data.get("status") or "validated", data, None


def refused_or_expired(error):
    """'refused' or 'expired' when the API's message says so, else None (the API documents only
    "This credential is not valid" for all three of pending, refused and expired keys)."""
    text = (error.message or "").lower() if error is not None else ""
    for word in ("refused", "expired"):
        if word in text:
            return word
    return None


def check_configured_key(client, candidate, source, rules, allowed_ips):
    """(credential data if the key can be kept, explanation, API error when the key is validated but
    refused from this machine's IP address, whether the key may be one still waiting for approval)."""
    if not candidate:
        return None, "no consumer key is configured (%s)" % source, None, False
    checker = client_for_key(client, candidate)
    try:
        state, data, error = key_state(checker)
        # The expiration is the API's: compare it with the server's clock (known after a signed call).
        now = checker.timestamp() if data is not None else None
    finally:
        checker.close()
    what = "the configured consumer key (%s)" % source
    if state == "ip_refused":
        return None, what, error, False
    if state == "unusable":
        waiting = error.error_code == "INVALID_CREDENTIAL" and refused_or_expired(error) is None
        return None, "%s cannot be used: %s" % (what, error.message or error.error_code), None, waiting
    if data is None:
        return None, "%s may not read GET /auth/currentCredential, so its rules cannot be checked" % what, None, False
    if not key_is_valid(data, now):
        return None, "%s is %s" % (what, "expired" if data.get("status") == "validated" else data.get("status")), None, False
    missing = uncovered_rules(data.get("rules"), rules)
    if missing:
        return None, "%s does not grant: %s" % (what, ", ".join(format_rule(rule) for rule in missing)), None, False
    if not blocks_within(data.get("allowedIPs"), allowed_ips):
        return None, "%s may be used from %s, not only from %s" % (
            what, ", ".join(data.get("allowedIPs") or ["anywhere"]), ", ".join(allowed_ips)), None, False
    return data, "%s is validated and grants every requested rule" % what, None, False


def wait_for_validation(client, timeout, interval=2.0, clock=None, sleep=None):
    """Poll the key until it is validated. Returns (state, data, error): state 'validated',
    'ip_refused' (validated, but refused from this machine's IP, with the error), 'refused',
    'expired' or 'timeout'."""
    clock = CLOCK.monotonic if clock is None else clock
    sleep = CLOCK.sleep if sleep is None else sleep
    deadline = clock() + timeout
    while True:
        state, data, error = key_state(client)
        if state == "validated":
            return state, data, None
        if state == "ip_refused":
            return state, None, error
        if state in ("refused", "expired"):
            return state, data, None
        reason = refused_or_expired(error)
        if reason:
            return reason, data, error
        remaining = deadline - clock()
        if remaining <= 0:
            return "timeout", data, error
        sleep(min(interval, remaining))


def key_is_valid(data, now=None):
    """Whether a credential (API form) is validated and not past its expiration at ``now`` (Unix
    time; the local clock by default, pass the server's time when known)."""
    if not data or data.get("status") != "validated":
        return False
    expiration = data.get("expiration")
    if not expiration:
        return True
    try:
        moment = datetime.datetime.fromisoformat(expiration.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return True  # unparseable: the status says validated
    return moment.timestamp() > (CLOCK.time() if now is None else now)


# --- ovh.conf ----------------------------------------------------------


# A header as configparser (config.py) reads it: from the first '[' to the last ']' of the line,
# anything after it (an inline comment) ignored.
_SECTION = re.compile(r"^\s*\[(.+)\]")
_KEY = re.compile(r"^\s*([^=:#;\s][^=:]*?)\s*[=:]")


def read_ini_value(path, section, key):
    """The value of ``key`` in ``[section]`` of an INI file, or None (file missing included)."""
    try:
        with open(path) as handle:
            text = handle.read()
    except (IOError, OSError):
        return None
    current = None
    value = None
    for line in text.splitlines():
        match = _SECTION.match(line)
        if match:
            current = match.group(1).strip()
            continue
        match = _KEY.match(line)
        if match and current == section and match.group(1).strip().lower() == key:
            value = line[match.end():].strip() or None
    return value


def foreign_application(path, section, application_key, application_secret):
    """The option of ``[section]`` of an INI file that belongs to another application than the one
    given: 'application_key' when the section holds another key, 'application_secret' when it holds
    another secret, else None (missing file, section or values included). Values are only compared,
    never returned."""
    if read_ini_value(path, section, "application_key") not in (None, application_key):
        return "application_key"
    if read_ini_value(path, section, "application_secret") not in (None, application_secret):
        return "application_secret"
    return None


def update_ini_text(text, updates):
    """Set keys in sections of INI text, keeping every other line (comments included) as it is.

    ``updates`` is a list of (section, key, value, only_if_missing). Returns the new text."""
    lines = text.splitlines()
    for section, key, value, only_if_missing in updates:
        start = None
        end = len(lines)
        for index, line in enumerate(lines):
            match = _SECTION.match(line)
            if match:
                if start is not None:
                    end = index
                    break
                if match.group(1).strip() == section:
                    start = index
        if start is None:
            if lines and lines[-1].strip():
                lines.append("")
            lines.extend(["[%s]" % section, "%s=%s" % (key, value)])
            continue
        found = [index for index in range(start + 1, end)
                 if _KEY.match(lines[index]) and _KEY.match(lines[index]).group(1).strip().lower() == key]
        if found:
            if not only_if_missing:
                lines[found[-1]] = "%s=%s" % (key, value)
                for index in reversed(found[:-1]):
                    del lines[index]
            continue
        insert = end
        while insert > start + 1 and not lines[insert - 1].strip():
            insert -= 1
        lines.insert(insert, "%s=%s" % (key, value))
    return "\n".join(lines) + "\n"


def store_path_target(path):
    """The file that store_in writes: a symlink is followed to its target, which is replaced (the
    link stays). Raises CredentialError when that is not a regular file or its directory is missing."""
    target = os.path.realpath(path)
    if os.path.lexists(target) and not os.path.isfile(target):
        raise CredentialError("store_in: %s is not a regular file" % (target if target == path else "%s (the target of %s)" % (target, path)))
    if not os.path.isdir(os.path.dirname(target)):
        raise CredentialError("store_in: directory %s does not exist" % os.path.dirname(target))
    return target


def store_in_file(path, updates):
    """Apply ``updates`` (see update_ini_text) to the ovh.conf ``path`` under its lock and replace it
    atomically with mode 0600, whatever its mode was. Returns whether the file changed.

    The new text is read back with the parser of config.py before it replaces the file, so that a
    value written is a value later tasks find."""
    target = store_path_target(path)
    try:
        with locked(target):
            try:
                with open(target, encoding="utf-8-sig") as handle:
                    text = handle.read()
            except FileNotFoundError:
                text = ""
            updated = update_ini_text(text, updates)
            broad = os.path.exists(target) and stat.S_IMODE(os.stat(target).st_mode) & 0o077
            if updated == text and not broad:
                return False
            _check_ini(target, updated, updates)
            atomic_write(target, updated, 0o600)
            return updated != text
    except (IOError, OSError, StateFileError) as exc:
        raise CredentialError("store_in: %s" % (getattr(exc, "strerror", None) or exc))


def _check_ini(path, text, updates):
    parser = RawConfigParser()
    try:
        parser.read_string(text)
    except ConfigParserError as exc:
        raise CredentialError("store_in: %s would not be a valid ovh.conf INI file after the change (%s); fix it first"
                              % (path, str(exc).splitlines()[0])) from None  # the parser's error quotes lines
    for section, key, value, only_if_missing in updates:
        if not parser.has_option(section, key) or (not only_if_missing and parser.get(section, key).strip() != value):
            raise CredentialError("store_in: %s [%s] %s would not read back as written; fix the file first" % (path, section, key))
