# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the endpoint and the credentials come from.

Order, first found wins, field by field: module option, environment, then the
ovh.conf files of python-ovh (``/etc/ovh.conf``, ``~/.ovh.conf``, ``./ovh.conf``,
later files winning) and finally an explicit ``config_file``, which wins over
the other files. Error messages name places and keys, never secret values.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from configparser import (DuplicateOptionError, DuplicateSectionError, Error as ConfigParserError, MissingSectionHeaderError, ParsingError,
                          RawConfigParser)
from urllib.parse import urlsplit

from ansible_collections.signet.ovh.plugins.module_utils.masking import hide_userinfo, url_userinfo

ENDPOINTS = {
    "ovh-eu": "https://eu.api.ovh.com/1.0",
    "ovh-ca": "https://ca.api.ovh.com/1.0",
    "ovh-us": "https://api.us.ovhcloud.com/1.0",
    "kimsufi-eu": "https://eu.api.kimsufi.com/1.0",
    "kimsufi-ca": "https://ca.api.kimsufi.com/1.0",
    "soyoustart-eu": "https://eu.api.soyoustart.com/1.0",
    "soyoustart-ca": "https://ca.api.soyoustart.com/1.0",
}

# OAuth2 client-credentials token URLs of the service accounts (none for kimsufi / soyoustart).
TOKEN_URLS = {
    "ovh-eu": "https://www.ovh.com/auth/oauth2/token",
    "ovh-ca": "https://ca.ovh.com/auth/oauth2/token",
    "ovh-us": "https://us.ovhcloud.com/auth/oauth2/token",
}

DEFAULT_CONFIG_FILES = ("/etc/ovh.conf", "~/.ovh.conf", "./ovh.conf")

# Option name (also the key in ovh.conf) and environment variable.
CREDENTIAL_FIELDS = (
    ("application_key", "OVH_APPLICATION_KEY"),
    ("application_secret", "OVH_APPLICATION_SECRET"),
    ("consumer_key", "OVH_CONSUMER_KEY"),
    ("client_id", "OVH_CLIENT_ID"),
    ("client_secret", "OVH_CLIENT_SECRET"),
)
APPLICATION_FIELDS = ("application_key", "application_secret", "consumer_key")
APPLICATION_PAIR = ("application_key", "application_secret")
OAUTH2_FIELDS = ("client_id", "client_secret")


class OvhConfigError(Exception):
    """The endpoint or the credentials are missing or invalid."""


class OvhSettings(object):
    """Resolved endpoint and credentials, with where each value came from."""

    def __init__(self, endpoint, base_url, values, sources, token_url=None):
        self.endpoint = endpoint
        self.base_url = base_url
        self.application_key = values.get("application_key")
        self.application_secret = values.get("application_secret")
        self.consumer_key = values.get("consumer_key")
        self.client_id = values.get("client_id")
        self.client_secret = values.get("client_secret")
        self.token_url = token_url
        self.sources = sources

    @property
    def oauth2(self):
        """Whether calls authenticate as a service account (OAuth2) instead of signing."""
        return bool(self.client_id)

    def secrets(self):
        return [value for value in (self.application_secret, self.consumer_key, self.client_secret) if value]


# host[:port] as both urllib.parse and urllib3 (which requests connects with) read it the same way:
# a name or IPv4 address, or an IPv6 address in brackets. No user:password@, no backslash, no escapes.
_AUTHORITY = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9.])?)(?::[0-9]{1,5})?$")
_PATH = re.compile(r"^[A-Za-z0-9._~/-]*$")


def endpoint_base_url(endpoint):
    """Map an endpoint name or an http(s)://<host>[:port]/.../1.0 URL to the API base URL.

    A URL must be read the same way by every parser on the way (the transport checks use
    urllib.parse, requests connects with urllib3): a backslash, a user:password part, a
    whitespace or an escape in the host would let them disagree on the host, so that the
    plain-http check looks at one host while the credentials go to another."""
    if endpoint in ENDPOINTS:
        return ENDPOINTS[endpoint]
    shown = hide_userinfo(endpoint)
    known = "neither a known endpoint name (%s) nor an http(s)://<host>/1.0 base URL" % ", ".join(sorted(ENDPOINTS))
    if any(char == "\\" or char.isspace() or not char.isprintable() or ord(char) > 126 for char in endpoint):
        raise OvhConfigError("endpoint %r holds a backslash, a space, a control or a non-ASCII character: HTTP libraries "
                             "disagree on where such a URL's host ends. Give a plain http(s)://<host>[:port]/1.0 URL" % shown)
    if url_userinfo(endpoint) is not None:
        raise OvhConfigError("endpoint %s holds a user:password part, which is refused (and not shown): credentials go in "
                             "application_key, application_secret and consumer_key, or client_id and client_secret" % shown)
    try:
        parts = urlsplit(endpoint)
    except ValueError:  # an unbalanced IPv6 bracket
        raise OvhConfigError("endpoint %r is %s" % (shown, known)) from None
    path = parts.path.rstrip("/")
    if parts.scheme not in ("http", "https") or not parts.hostname or not path.endswith("/1.0") or parts.query or parts.fragment:
        raise OvhConfigError("endpoint %r is %s" % (shown, known))
    port_ok = True
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if not _AUTHORITY.match(parts.netloc) or not port_ok or not _PATH.match(path):
        raise OvhConfigError("endpoint %r is %s: its host, port or path holds characters a host name, port or plain path "
                             "cannot have" % (shown, known))
    return "%s://%s%s" % (parts.scheme, parts.netloc.lower(), path)


def endpoint_sections(endpoint):
    """The ovh.conf section names of an endpoint, in the order they are tried.

    A name is its own section. A URL is tried as written, then without its trailing
    slashes (the form of the base URL), then with one trailing slash, so that
    ``http://h/1.0/`` finds ``[http://h/1.0]`` and the other way round.
    """
    endpoint = endpoint.strip()
    if endpoint in ENDPOINTS:
        return [endpoint]
    normalised = endpoint.rstrip("/")
    sections = []
    for section in (endpoint, normalised, normalised + "/"):
        if section and section not in sections:
            sections.append(section)
    return sections


def token_url(endpoint, base_url):
    """The OAuth2 token URL of an endpoint.

    For a URL endpoint, ``auth/oauth2/token`` next to its ``1.0``, keeping any path
    prefix: ``https://proxy.example/ovh/1.0`` gives ``https://proxy.example/ovh/auth/oauth2/token``
    (as ``https://host/1.0`` gives ``https://host/auth/oauth2/token``).
    """
    if endpoint in TOKEN_URLS:
        return TOKEN_URLS[endpoint]
    if endpoint in ENDPOINTS:
        raise OvhConfigError("endpoint %s has no OAuth2 service accounts: use an application key, secret and consumer key" % endpoint)
    parts = urlsplit(base_url)
    prefix = parts.path.rstrip("/")
    if prefix.endswith("/1.0"):
        prefix = prefix[:-len("/1.0")]
    return "%s://%s%s/auth/oauth2/token" % (parts.scheme, parts.netloc, prefix)


_UNSAFE_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_credential_value(field, value, source):
    """Refuse a credential with leading or trailing whitespace or a control character before any
    request: HTTP libraries quote such a header value in their errors, secret included. The message
    names the option and where it came from, never the value."""
    if not value:
        return
    if not isinstance(value, str):
        raise OvhConfigError("%s from %s must be a string" % (field, source))
    problems = []
    if value != value.strip():
        problems.append("leading or trailing whitespace")
    if _UNSAFE_CHARACTER.search(value.strip()):
        problems.append("a control character (line break, tab...)")
    if problems:
        raise OvhConfigError("%s from %s has %s; its value is not shown. Fix the value (a copy and paste often adds a line "
                             "break) and run again" % (field, source, " and ".join(problems)))


def _parse_error_text(exc):
    """Where and why an ovh.conf does not parse, without quoting its lines (they may hold secrets)."""
    if isinstance(exc, MissingSectionHeaderError):
        return "line %d comes before any [section] header" % exc.lineno
    if isinstance(exc, DuplicateOptionError):
        return "line %d: key %r is given twice in section [%s]" % (exc.lineno, exc.option, exc.section)
    if isinstance(exc, DuplicateSectionError):
        return "line %d: section [%s] is given twice" % (exc.lineno, exc.section)
    if isinstance(exc, ParsingError):
        return "%s not of the form key = value" % ", ".join("line %d" % lineno for lineno, dummy in exc.errors)
    return str(exc).splitlines()[0]


class _ConfigFiles(object):
    """The ovh.conf files that exist, read in order, each described for error messages."""

    def __init__(self, explicit_file=None, default_files=DEFAULT_CONFIG_FILES):
        self.parsers = []
        self.looked = []
        for name in default_files:
            path = os.path.abspath(os.path.expanduser(name))
            if not os.path.isfile(path):
                self.looked.append("%s (not found)" % path)
                continue
            self._read(path, explicit=False)
        if explicit_file:
            path = os.path.abspath(os.path.expanduser(explicit_file))
            if not os.path.isfile(path):
                raise OvhConfigError("config_file %s does not exist or is not a file" % path)
            self._read(path, explicit=True)

    def _read(self, path, explicit):
        parser = RawConfigParser()
        label = "config_file %s" % path if explicit else path
        try:
            # utf-8-sig: a byte order mark (Windows editors) is not part of the first section header.
            with open(path, "r", encoding="utf-8-sig") as handle:
                parser.read_file(handle)
        except (IOError, OSError) as exc:
            if explicit:
                raise OvhConfigError("config_file %s cannot be read: %s" % (path, exc.strerror or exc))
            self.looked.append("%s (unreadable: %s)" % (path, exc.strerror or exc))
            return
        except UnicodeDecodeError as exc:
            # "from None": the parser's own error quotes the file's lines, which may hold secrets, and a
            # traceback shown (ANSIBLE_DISPLAY_TRACEBACK) would print it.
            raise OvhConfigError("%s is not a valid ovh.conf INI file: it is not UTF-8 text (byte 0x%02x at offset %d)"
                                 % (label, exc.object[exc.start], exc.start)) from None
        except ConfigParserError as exc:
            raise OvhConfigError("%s is not a valid ovh.conf INI file: %s" % (label, _parse_error_text(exc))) from None
        self.parsers.append((path, parser))
        self.looked.append(path)

    def find(self, sections, key):
        """(value, source) from the last file that has the key in one of ``sections``
        (a section name or a list of equivalent names, tried in order within a file)."""
        if isinstance(sections, str):
            sections = [sections]
        for path, parser in reversed(self.parsers):
            for section in sections:
                if parser.has_option(section, key):
                    value = parser.get(section, key).strip()
                    if value:
                        return value, "%s [%s] %s" % (path, section, key)
        return None, None


def resolve_settings(options, environ=None, default_files=DEFAULT_CONFIG_FILES, required=("application_key", "application_secret", "consumer_key")):
    """Resolve the endpoint and credentials.

    ``options`` holds the module options (``endpoint``, ``application_key``,
    ``application_secret``, ``consumer_key``, ``config_file``), None when unset.
    ``required`` lists the application credential fields the caller needs; with a
    service account (``client_id`` and ``client_secret``) none of them is needed.
    """
    environ = os.environ if environ is None else environ
    files = _ConfigFiles(options.get("config_file"), default_files)
    sources = {}

    endpoint = (options.get("endpoint") or "").strip()
    sources["endpoint"] = "option endpoint"
    if not endpoint and environ.get("OVH_ENDPOINT", "").strip():
        endpoint, sources["endpoint"] = environ["OVH_ENDPOINT"].strip(), "environment OVH_ENDPOINT"
    if not endpoint:
        endpoint, sources["endpoint"] = files.find("default", "endpoint")
    looked_files = "; ".join(files.looked) or "no file"
    if not endpoint:
        raise OvhConfigError(
            "no OVH endpoint configured: set the endpoint option, the OVH_ENDPOINT environment variable, "
            "or 'endpoint' in the [default] section of an ovh.conf file (looked in: %s)" % looked_files)
    base_url = endpoint_base_url(endpoint)
    sections = endpoint_sections(endpoint)

    values = {}
    for field, env_name in CREDENTIAL_FIELDS:
        if options.get(field):
            values[field], sources[field] = options[field], "option %s" % field
            if environ.get(env_name) == options[field]:
                # A module's env_fallback gives the environment's value as the option's.
                sources[field] = "environment %s (or option %s)" % (env_name, field)
        elif environ.get(env_name):
            values[field], sources[field] = environ[env_name], "environment %s" % env_name
        else:
            values[field], sources[field] = files.find(sections, field)
        check_credential_value(field, values[field], sources[field])

    oauth2 = [values.get(field) for field in OAUTH2_FIELDS]
    pair = [values.get("application_key"), values.get("application_secret")]
    if any(oauth2) and any(pair):
        raise OvhConfigError(
            "both authentication modes are configured for endpoint %s: an application (application_key from %s) and a "
            "service account (client_id from %s); keep one" % (endpoint, sources["application_key"] or sources["application_secret"],
                                                               sources["client_id"] or sources["client_secret"]))
    if any(oauth2):
        missing = [field for field, value in zip(OAUTH2_FIELDS, oauth2) if not value]
    else:
        # A half-given application key pair is always an error, even when not required.
        missing = [field for field in APPLICATION_FIELDS if not values.get(field) and (field in required or (any(pair) and field in APPLICATION_PAIR))]
    if missing:
        raise OvhConfigError(
            "OVH credentials for endpoint %s are incomplete: missing %s. Looked in: module options (%s), "
            "environment (%s), ovh.conf section %s of: %s" % (
                endpoint, ", ".join(missing),
                ", ".join(field for field, dummy in CREDENTIAL_FIELDS),
                ", ".join(env for dummy, env in CREDENTIAL_FIELDS),
                " or ".join("[%s]" % section for section in sections), looked_files))
    return OvhSettings(endpoint, base_url, values, sources, token_url(endpoint, base_url) if any(oauth2) else None)
