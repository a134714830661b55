# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How requests travel: the endpoint's host and scheme, proxies, TLS, and what a transport failure means."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import os
import re
import ssl
import traceback
from urllib.parse import urlsplit

from ansible_collections.signet.ovh.plugins.module_utils.masking import hide_userinfo

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.exceptions import ConnectionError as RequestsConnectionError, ConnectTimeout, RequestException, SSLError, Timeout
    from urllib3.exceptions import LocationParseError, NewConnectionError
    from urllib3.util import parse_url
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

# What a request that got no HTTP answer raises (nothing without requests: no client is built then).
TRANSPORT_FAILURES = (RequestException,) if requests is not None else ()


def is_loopback(host):
    if (host or "").lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TransportError(ValueError):
    """A transport setting that cannot be used (plain http, CA file); the message says what to do."""


def connection_host(url):
    """The host requests will connect to for ``url``, as urllib3 reads it; refused (TransportError) when
    urllib.parse, which the checks below use, reads another host or port, or the URL holds a user:password
    part: the check must be about the host that is used."""
    split = urlsplit(url)
    try:
        used = parse_url(url)
        split_port = split.port
    except (LocationParseError, ValueError):
        raise TransportError("%s is not a URL the HTTP library can use" % hide_userinfo(url)) from None
    if split.username is not None or used.auth is not None:
        raise TransportError("%s holds a user:password part, which is refused (and not shown)" % hide_userinfo(url))
    used_host = (used.host or "").strip("[]").lower()
    if used_host != (split.hostname or "").lower() or (used.port or None) != split_port or (used.scheme or "").lower() != split.scheme:
        raise TransportError("%s is read as host %s by one parser and %s by another: refused, since the host checked must be the "
                             "host used" % (hide_userinfo(url), split.hostname, used_host or "none"))
    return used_host


def proxies_for(url):
    """The proxies argument for a request to ``url``: none at all for this machine (an environment's
    HTTP_PROXY would otherwise carry a loopback endpoint's credentials to a remote proxy in clear);
    None (the environment's proxies) for any other host."""
    return {} if is_loopback(connection_host(url)) else None


def environment_proxy(url):
    """Whether the environment sends requests to ``url`` through a proxy."""
    if requests is None:
        return False
    return bool(requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url)))


def check_transport(settings, allow_insecure_http=False, validate_certs=True, ca_path=None):
    """Refuse what would expose credentials or fail later with an unclear error; return warnings."""
    warnings = []
    host = connection_host(settings.base_url)
    if settings.base_url.startswith("http://") and not is_loopback(host):
        if not allow_insecure_http:
            raise TransportError("endpoint %s is plain http to a host that is not this machine: credentials and answers would "
                                 "travel unencrypted. Use https, or set allow_insecure_http to true for a test endpoint"
                                 % settings.base_url)
        through = " through the environment's proxy (HTTP_PROXY), which sees them too" if environment_proxy(settings.base_url) else ""
        warnings.append("endpoint %s is plain http (allow_insecure_http): requests and answers travel unencrypted%s" % (settings.base_url, through))
    if settings.oauth2 and settings.token_url and settings.token_url.startswith("http://") and \
            not is_loopback(connection_host(settings.token_url)):
        raise TransportError("the service account's client secret would be sent in clear to %s (plain http, not this machine): "
                             "use an https endpoint; allow_insecure_http does not cover a client secret" % settings.token_url)
    if not validate_certs and settings.base_url.startswith("https://"):
        warnings.append("validate_certs is false: the TLS certificate of %s is not checked, so anyone on the path can read "
                        "and change requests, credentials included. Use ca_path for a private CA instead" % settings.base_url)
    if ca_path and validate_certs:
        if not os.path.exists(ca_path):
            raise TransportError("ca_path %s does not exist" % ca_path)
        if os.path.isfile(ca_path):
            try:
                ssl.create_default_context(cafile=ca_path)
            except (ssl.SSLError, OSError, ValueError) as exc:
                raise TransportError("ca_path %s is not a readable PEM file of CA certificates: %s"
                                     % (ca_path, getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc))
        elif not os.path.isdir(ca_path):
            raise TransportError("ca_path %s is neither a file nor a directory of CA certificates" % ca_path)
    return warnings


def may_retry_exception(idempotent, exc):
    """Whether a request that got no answer may be sent again."""
    if isinstance(exc, SSLError):
        return False  # a certificate that failed verification fails again
    if isinstance(exc, ConnectTimeout) or never_connected(exc):
        return True  # the request never reached the server: safe for any method
    return idempotent and isinstance(exc, (RequestsConnectionError, Timeout))


def was_sent(exc):
    """Whether a request that got no answer may have reached the server (and been carried out)."""
    if isinstance(exc, (ConnectTimeout, SSLError)) or never_connected(exc):
        return False  # no connection, or no TLS session: nothing was sent
    return isinstance(exc, (RequestsConnectionError, Timeout))  # other errors come before sending


def never_connected(exc):
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)


def failure_text(host, exc):
    """What happened to a request that got no HTTP answer: never sent, or no answer from the host."""
    if isinstance(exc, SSLError):
        return "no TLS session with %s: %s" % (host, exception_text(exc))
    if isinstance(exc, (RequestsConnectionError, Timeout)):
        return "no answer from %s: %s" % (host, exception_text(exc))
    return "request not sent: %s" % exception_text(exc)


def exception_text(exc):
    """A one-line description of a transport error."""
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return ("TLS certificate verification failed (%s); give the CA with ca_path, or set validate_certs to false "
                "for a test endpoint only" % (re.search(r"certificate verify failed: ([^(\])]+)", text) or re.search("(.{0,80})$", text)).group(1).strip())
    if isinstance(exc, SSLError):
        # Not a certificate: the TLS exchange itself failed (wrong port or scheme, a server speaking plain
        # http, no common protocol version or cipher). Turning certificate checks off would not help.
        reason = re.search(r"\[SSL(?:: [A-Z_]+)?\] ([^(\])']+)", text) or re.search(r"(?:SSLError|SSL)\W+(.{0,80})$", text)
        return ("TLS protocol error (%s): the server at this address does not speak TLS as expected; check the endpoint's "
                "scheme and port" % (reason.group(1).strip() if reason else "handshake failed"))
    for marker in ("Read timed out", "Connection refused", "Connection aborted", "Max retries exceeded", "timed out"):
        if marker in text:
            return "%s (%s)" % (type(exc).__name__, marker)
    return "%s: %s" % (type(exc).__name__, text[:200])
