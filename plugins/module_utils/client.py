# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: signing, server time, retries, errors, batch reads.

Every request is serialized once and signed on the exact bytes and URL that go
on the wire; the URL is handed to the HTTP library already encoded so that it
cannot be re-encoded after signing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import hashlib
import ipaddress
import json
import os
import re
import ssl
import time
import traceback
from urllib.parse import quote, quote_plus, unquote, urlencode, urlsplit

from ansible.module_utils.common.warnings import warn as module_warning

from ansible_collections.signet.ovh.plugins.module_utils.signer import sign
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError, read_json_object, update_json_object

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.exceptions import ConnectionError as RequestsConnectionError, ConnectTimeout, RequestException, SSLError, Timeout
    from urllib3.exceptions import NewConnectionError
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = "signet.ovh (Ansible collection)"
BATCH_SIZE = 50
RETRY_STATUSES = (502, 503, 504)
IDEMPOTENT_METHODS = ("GET", "PUT", "DELETE")
MAX_RETRY_WAIT = 60.0
# A 429 means the request was refused before any work, and forks sharing a key are refused
# together: it gets a budget of its own, larger than max_retries, so that a burst is waited out.
RATE_LIMITED_RETRIES = 10
TIME_OFFSET_TTL = 600  # seconds a cached server-time offset is trusted
# Errors that a stale server-time offset produces; the stale-timestamp text is not documented.
CLOCK_ERROR_CODES = ("INVALID_SIGNATURE", "QUERY_TIME_OUT")
CLOCK_MESSAGE = re.compile(r"signature|time", re.IGNORECASE)
PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})?")
DEFAULT_MAX_ANSWER_MB = 32  # the largest answer read, in MiB (option max_answer_size)
READ_CHUNK = 64 * 1024
EXCERPT_LENGTH = 200
SECRET_PIECE = 8  # no run of this many characters of a secret is ever shown
MASK = "********"


class Clock(object):
    """Where the collection reads the time and waits. Every default goes through the one
    instance, CLOCK, so that a harness running modules in-process can simulate time by
    replacing its methods (the unit tests of a function pass their own clock instead)."""

    def time(self):
        return time.time()

    def monotonic(self):
        return time.monotonic()

    def sleep(self, seconds):
        time.sleep(seconds)


CLOCK = Clock()


# The current error form ({"class", "message"}) carries no errorCode: recognise the
# documented messages so that the rest of the collection can rely on the code.
CODES_BY_MESSAGE = (
    ("this call has not been granted", "NOT_GRANTED_CALL"),
    ("this credential is not valid", "INVALID_CREDENTIAL"),
    ("this credential does not exist", "NOT_CREDENTIAL"),
    ("this application key is invalid", "INVALID_KEY"),
    ("invalid signature", "INVALID_SIGNATURE"),
    ("this credential is not allowed to be used from", "FORBIDDEN"),  # outside its allowedIPs (wording inferred)
)

HINTS = {
    "NOT_GRANTED_CALL": "check the consumer key's access rules (GET /auth/currentCredential shows them)",
    "INVALID_CREDENTIAL": "the consumer key is not valid: still waiting for validation, refused, expired or revoked",
    "NOT_CREDENTIAL": "the consumer key does not exist on this endpoint, or was revoked",
    "FORBIDDEN": "the credential's allowed IPs (allowedIPs) may exclude this machine",
    "INVALID_KEY": "the application key is unknown on this endpoint (keys are per region)",
    "NOT_AUTHENTICATED": "the call needs credentials (application key, secret and consumer key)",
}


class OvhApiError(Exception):
    """A failed API call, with everything OVH support asks for."""

    def __init__(self, method, path, status=None, error_class=None, error_code=None, message=None, details=None, query_id=None):
        self.method = method
        self.path = path
        self.status = status
        self.error_class = error_class
        self.error_code = error_code
        self.message = message
        self.details = details
        self.query_id = query_id
        super(OvhApiError, self).__init__(self.describe())

    def describe(self):
        text = "%s %s failed" % (self.method, self.path)
        if self.status is not None:
            text += ": HTTP %s" % self.status
        kind = " ".join(part for part in (self.error_class, "(%s)" % self.error_code if self.error_code else None) if part)
        if kind:
            text += ", %s" % kind
        if self.message:
            text += ": %s" % self.message
        if self.details:
            text += " (details: %s)" % json.dumps(self.details, sort_keys=True)
        text += " [QueryID: %s]" % (self.query_id or "none")
        hint = HINTS.get(self.error_code)
        if hint:
            text += "; %s" % hint
        return text

    def masked(self, secrets):
        """This error with every secret (in any form, or any 8-character piece of one) masked."""
        secrets = [value for value in secrets or () if value]
        if secrets:
            self.message = mask_secrets(self.message, secrets)
            self.path = mask_secrets(self.path, secrets)
            if self.details is not None:
                try:
                    self.details = json.loads(mask_secrets(json.dumps(self.details), secrets))
                except ValueError:
                    self.details = None
            self.args = (self.describe(),)
        return self

    def as_result(self):
        """Fields for fail_json; never carries credentials."""
        return {
            "status": self.status,
            "error_class": self.error_class,
            "error_code": self.error_code,
            "error_message": self.message,
            "error_details": self.details,
            "query_id": self.query_id,
        }


class OvhResponse(object):
    def __init__(self, status, data, query_id, url):
        self.status = status
        self.data = data
        self.query_id = query_id
        self.url = url


def path_join(*parts):
    """Build an API path from a fixed prefix and variable parts, each encoded as one segment."""
    prefix, rest = parts[0], parts[1:]
    return prefix.rstrip("/") + "".join("/" + quote(str(part), safe="") for part in rest)


def encode_query(query):
    """Encode a query dict the way python-ovh does: booleans as true/false, form encoding."""
    pairs = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple, dict)):
            raise ValueError("query parameter %r must be a string, number or boolean" % key)
        pairs.append((str(key), str(value)))
    return urlencode(pairs)


def parse_error(method, path, status, headers, text, secrets=()):
    """Turn an error answer (current, older or non-JSON body) into an OvhApiError."""
    query_id = headers.get("X-Ovh-QueryID")
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        message = body.get("message")
        code = body.get("errorCode") or _code_from_message(message)
        return OvhApiError(method, path, status, body.get("class"), code, message, body.get("details"), query_id)
    # A proxy page (HTML 502...) or plain text: keep a short, tag-free excerpt.
    return OvhApiError(method, path, status, message="non-JSON answer: %s" % safe_excerpt(text, secrets), query_id=query_id)


# --- secrets -----------------------------------------------------------------


def secret_forms(secret):
    """The forms a secret can take in a text: raw, stripped, escaped as by repr() or JSON, URL-encoded."""
    forms = set()
    for value in (secret, secret.strip()):
        forms.update((value, repr(value)[1:-1], json.dumps(value)[1:-1], quote(value, safe=""), quote_plus(value),
                      repr(value.encode("utf-8"))[2:-1]))
    return sorted((form for form in forms if form), key=len, reverse=True)


def holds_secret_piece(text, secrets):
    """Whether ``text`` holds any run of 8 characters of a secret, in any of its forms."""
    text = text or ""
    for secret in secrets or ():
        for form in secret_forms(secret):
            size = min(SECRET_PIECE, len(form))
            if any(form[start:start + size] in text for start in range(len(form) - size + 1)):
                return True
    return False


def mask_secrets(text, secrets):
    """``text`` with every secret, and every run of 8 characters of one, replaced by ********."""
    if not text or not secrets:
        return text
    for secret in secrets:
        for form in secret_forms(secret):
            text = text.replace(form, MASK)
            size = min(SECRET_PIECE, len(form))
            for start in range(len(form) - size + 1):
                piece = form[start:start + size]
                if piece in text:
                    text = text.replace(piece, MASK)
    return text


def safe_excerpt(text, secrets=()):
    """A short, tag-free, single-line excerpt of an answer; withheld when it holds a piece of a secret."""
    excerpt = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text or "")).strip()
    if holds_secret_piece(excerpt, secrets):
        return "(excerpt withheld: it holds part of a credential)"
    excerpt = "".join(char if char.isprintable() else "?" for char in excerpt)
    if len(excerpt) > EXCERPT_LENGTH:
        excerpt = excerpt[:EXCERPT_LENGTH] + "..."
    return excerpt or "(empty body)"


# --- answer shapes -------------------------------------------------------------


class Shape(object):
    """What a route answers, checked before the answer is used: ``kind`` is 'ids' (a list of
    integers), 'names' (a list of strings), 'object' (a mapping with ``keys``), 'objects' (a list
    of such mappings) or 'text' (a string)."""

    def __init__(self, kind, keys=(), what=None):
        self.kind = kind
        self.keys = tuple(keys)
        self.what = what or {"ids": "a list of integer ids", "names": "a list of names"}.get(kind) or \
            ("an object with %s" % ", ".join(self.keys) if self.keys else "an object")

    def problem(self, data):
        """None when ``data`` has this shape, else what is wrong with it."""
        if self.kind == "text":
            return None if isinstance(data, str) else "%s instead of %s" % (_json_kind(data), self.what)
        if self.kind in ("ids", "names", "objects"):
            if not isinstance(data, list):
                return "%s instead of %s" % (_json_kind(data), self.what)
            for index, item in enumerate(data):
                wrong = self._item_problem(item)
                if wrong:
                    return "item %d is %s" % (index, wrong)
            return None
        return self._object_problem(data)

    def _item_problem(self, item):
        if self.kind == "ids":
            return None if isinstance(item, int) and not isinstance(item, bool) else "%s, not an integer id" % _json_kind(item)
        if self.kind == "names":
            return None if isinstance(item, str) else "%s, not a name" % _json_kind(item)
        return self._object_problem(item)

    def _object_problem(self, data):
        if not isinstance(data, dict):
            return "%s instead of %s" % (_json_kind(data), self.what)
        missing = [key for key in self.keys if key not in data]
        if missing:
            return "an object without %s" % ", ".join(missing)
        return None


IDS = Shape("ids")
NAMES = Shape("names")


def _json_kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _code_from_message(message):
    text = str(message or "").lower()
    for start, code in CODES_BY_MESSAGE:
        if text.startswith(start):
            return code
    return None


def cache_path(name):
    """A file of the collection's under the user's cache directory."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "signet.ovh", name)


class JsonCache(object):
    """A small JSON object kept in a file between tasks, shared by forks: every change is read,
    made and written under the file's exclusive lock and replaced atomically (state_files.py).

    A corrupt file is reported (a warning), moved aside to ``<file>.corrupt`` and replaced by the
    next change; ``load()`` returns None while the file cannot be read or is corrupt, so that a
    caller can tell "nothing recorded" from "unknown"."""

    what = "state"  # what the file records, for messages
    if_lost = "the next tasks may repeat a request"  # what a lost change means

    def __init__(self, path, warn=None):
        self.path = path
        self.warn = warn or module_warning
        self._warned = set()

    def _report(self, text):
        if text not in self._warned:
            self._warned.add(text)
            self.warn("signet.ovh: %s" % text)

    def load(self):
        try:
            return read_json_object(self.path)
        except StateFileError as exc:
            self._report("%s; the %s it records is unknown" % (exc, self.what))
            return None

    def set(self, key, value):
        """Store ``value`` under ``key``; None removes the key. A failure is reported, not raised."""
        def change(data):
            if value is None:
                return data.pop(key, None) is not None
            data[key] = value
            return True
        try:
            problem = update_json_object(self.path, change)
        except StateFileError as exc:
            done = "forgotten" if value is None else "recorded"
            self._report("%s: the %s %r could not be %s; %s" % (exc, self.what, key, done, self.if_lost))
            return False
        if problem is not None:
            self._report(str(problem))
        return True


class TimeOffsetCache(JsonCache):
    """Server-time offsets per endpoint, kept a few minutes so that each task does not
    pay a GET /auth/time."""

    def __init__(self, path=None, ttl=TIME_OFFSET_TTL, warn=None):
        super(TimeOffsetCache, self).__init__(path or cache_path("time-offsets.json"), warn=warn)
        self.ttl = ttl

    what = "server-time offset"
    if_lost = "the next tasks fetch the server time again"

    def get(self, base_url):
        entry = (self.load() or {}).get(base_url)
        try:
            if abs(CLOCK.time() - float(entry["saved"])) < self.ttl:
                return int(entry["offset"])
        except (TypeError, KeyError, ValueError):
            pass
        return None

    def put(self, base_url, offset):
        self.set(base_url, {"offset": int(offset), "saved": CLOCK.time()})


class RateLimiter(object):
    """At most ``rate`` requests per second for one endpoint and key, shared by every fork and task
    of the controller: each request takes the next free slot from a locked file
    (``rate-limit.json``) and waits for it. Keys are stored as hashes, never as values."""

    def __init__(self, rate, key, path=None, clock=None, sleep=None):
        self.interval = 1.0 / rate
        self.key = key
        self.path = path or cache_path("rate-limit.json")
        self.clock = CLOCK.time if clock is None else clock
        self.sleep = CLOCK.sleep if sleep is None else sleep

    @staticmethod
    def key_for(settings):
        identity = settings.client_id if settings.oauth2 else (settings.consumer_key or settings.application_key or "")
        return hashlib.sha256(("%s\n%s" % (settings.base_url, identity)).encode("utf-8")).hexdigest()[:32]

    def _take(self, not_before=None):
        waits = []

        def change(data):
            now = self.clock()
            for key in [key for key, value in data.items() if not isinstance(value, (int, float)) or value < now - 3600]:
                del data[key]  # slots long past: forget them
            start = max(now, data.get(self.key, 0), not_before or 0)
            data[self.key] = start + self.interval
            waits.append(start - now)
            return True
        update_json_object(self.path, change)
        return waits[0]

    def wait(self):
        """Wait for this process's next slot."""
        delay = self._take()
        if delay > 0:
            self.sleep(delay)

    def hold_until(self, moment):
        """After a 429: no fork sends with this key before ``moment``."""
        self._take(not_before=moment)


def is_loopback(host):
    if (host or "").lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TransportError(ValueError):
    """A transport setting that cannot be used (plain http, CA file); the message says what to do."""


def check_transport(settings, allow_insecure_http=False, validate_certs=True, ca_path=None):
    """Refuse what would expose credentials or fail later with an unclear error; return warnings."""
    warnings = []
    host = urlsplit(settings.base_url).hostname
    if settings.base_url.startswith("http://") and not is_loopback(host):
        if not allow_insecure_http:
            raise TransportError("endpoint %s is plain http to a host that is not this machine: credentials and answers would "
                                 "travel unencrypted. Use https, or set allow_insecure_http to true for a test endpoint"
                                 % settings.base_url)
        warnings.append("endpoint %s is plain http (allow_insecure_http): requests and answers travel unencrypted" % settings.base_url)
    if settings.oauth2 and settings.token_url and settings.token_url.startswith("http://") and \
            not is_loopback(urlsplit(settings.token_url).hostname):
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


class _Answer(object):
    """An HTTP answer read in full (within the size cap): status_code, headers, content, text, json()."""

    def __init__(self, response, content):
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = content
        self.encoding = response.encoding or "utf-8"

    @property
    def text(self):
        return self.content.decode(self.encoding, "replace")

    def json(self):
        return json.loads(self.content.decode("utf-8"))


class OvhClient(object):
    """Signed calls to one OVHcloud API endpoint, over one HTTP session."""

    def __init__(self, settings, timeout=30, validate_certs=True, ca_path=None, max_retries=4, time_cache=None, sleep=None,
                 allow_insecure_http=False, rate_limit=None, max_answer_size=DEFAULT_MAX_ANSWER_MB, warn=None, rate_limit_path=None):
        if requests is None:
            raise RuntimeError("the Python library 'requests' is required")
        self.warn = warn or module_warning
        for text in check_transport(settings, allow_insecure_http, validate_certs, ca_path):
            self.warn("signet.ovh: %s" % text)
        if rate_limit is not None and not rate_limit > 0:
            raise TransportError("rate_limit must be a positive number of requests per second, got %s" % rate_limit)
        if not max_answer_size or max_answer_size <= 0:
            raise TransportError("max_answer_size must be a positive number of MiB, got %s" % max_answer_size)
        self.settings = settings
        self.base_url = settings.base_url
        self.timeout = timeout
        self.verify = (ca_path or True) if validate_certs else False
        self.max_retries = max_retries
        self.time_cache = time_cache or TimeOffsetCache(warn=self.warn)
        self.sleep = CLOCK.sleep if sleep is None else sleep
        self.max_answer_bytes = int(max_answer_size * 1024 * 1024)
        self.rate_limiter = RateLimiter(rate_limit, RateLimiter.key_for(settings), rate_limit_path, sleep=self.sleep) if rate_limit else None
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.request_count = 0
        self._offset = None
        self._offset_fetched = False
        self._token = None
        self._token_expiry = 0

    def close(self):
        self.session.close()

    def secrets(self):
        """Every secret this client holds: application secret, consumer key, client secret, token."""
        return [value for value in self.settings.secrets() + [self._token] if value]

    def url(self, path, query=None):
        """The full URL as it is signed and sent."""
        if not path.startswith("/"):
            raise ValueError("API path %r must start with '/'" % path)
        route = path.split("?", 1)[0]
        if any(unquote(segment) in (".", "..") for segment in route.split("/")):
            # Servers and proxies resolve them, so the call would reach another route than the one signed.
            raise ValueError("API path %r holds a '.' or '..' segment: give the route itself" % path)
        url = self.base_url + _canonical_escapes(quote(path, safe="/%:@!$&'()*+,;=-._~?"))
        encoded = encode_query(query)
        if encoded:
            url += ("&" if "?" in url else "?") + encoded
        return url

    # --- server time -------------------------------------------------

    def _fetch_offset(self):
        answer = self.call("GET", "/auth/time", auth=False)
        try:
            if isinstance(answer.data, bool):
                raise TypeError(answer.data)
            server_time = int(answer.data)
        except (TypeError, ValueError):
            raise OvhApiError("GET", "/auth/time", answer.status, message="answer is %s, not the server time (an integer)"
                              % _json_kind(answer.data), query_id=answer.query_id)
        self._offset = server_time - int(CLOCK.time())
        self._offset_fetched = True
        self.time_cache.put(self.base_url, self._offset)

    def timestamp(self):
        if self._offset is None:
            self._offset = self.time_cache.get(self.base_url)
            if self._offset is None:
                self._fetch_offset()
        return int(CLOCK.time()) + self._offset

    # --- OAuth2 service accounts ---------------------------------------

    def access_token(self):
        """A bearer token for the service account, fetched once per run and again before it expires."""
        if self._token and CLOCK.time() < self._token_expiry - 30:
            return self._token
        try:
            return self._fetch_token()
        except OvhApiError as exc:
            raise exc.masked(self.secrets())

    def _fetch_token(self):
        path = urlsplit(self.settings.token_url).path
        data = {"grant_type": "client_credentials", "scope": "all"}
        for attempt in range(self.max_retries + 1):
            try:
                self._wait_for_slot()
                self.request_count += 1
                response = self.session.post(self.settings.token_url, data=data, auth=(self.settings.client_id, self.settings.client_secret),
                                             timeout=self.timeout, verify=self.verify, allow_redirects=False, stream=True)
                response = self._read(response, "POST", path)
            except RequestException as exc:
                if attempt < self.max_retries and self._may_retry_exception(True, exc):
                    self.sleep(self._backoff(attempt))
                    continue
                raise OvhApiError("POST", path, message=_failure_text(urlsplit(self.settings.token_url).netloc, exc)) from None
            if response.status_code == 429 or response.status_code in RETRY_STATUSES:
                if attempt < self.max_retries:
                    self.sleep(self._retry_wait(response, attempt))
                    continue
            break
        body = _decode(response)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("access_token"):
            if isinstance(body, dict) and "error" in body:
                raise OvhApiError("POST", path, response.status_code, error_code=body.get("error"),
                                  message="service account token refused: %s" % (body.get("error_description") or body["error"]),
                                  query_id=response.headers.get("X-Ovh-QueryID"))
            if 200 <= response.status_code < 300:
                raise OvhApiError("POST", path, response.status_code, message="the token answer holds no access_token (%s)"
                                  % (_json_kind(body) if body is not _NOT_JSON else "not JSON"),
                                  query_id=response.headers.get("X-Ovh-QueryID"))
            raise parse_error("POST", path, response.status_code, response.headers, response.text, self.secrets())
        token = body["access_token"]
        if not isinstance(token, str) or token != token.strip() or any(ord(char) < 32 or 127 <= ord(char) < 160 for char in token):
            # It would go into a header, and the HTTP library quotes refused header values in its errors.
            raise OvhApiError("POST", path, response.status_code, message="the token answer holds an access_token with whitespace or "
                              "control characters, which cannot be sent; it is not shown", query_id=response.headers.get("X-Ovh-QueryID"))
        self._token = token
        self._token_expiry = CLOCK.time() + int(body.get("expires_in") or 3600)
        return self._token

    # --- calls -------------------------------------------------------

    def get(self, path, query=None, shape=None, **kwargs):
        return self.call("GET", path, query=query, shape=shape, **kwargs).data

    def post(self, path, body=None, **kwargs):
        return self.call("POST", path, body=body, **kwargs).data

    def put(self, path, body=None, **kwargs):
        return self.call("PUT", path, body=body, **kwargs).data

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs).data

    def call(self, method, path, query=None, body=None, auth=True, headers=None, expected=None, idempotent=None, shape=None):
        """Send one API call and return an OvhResponse, or raise OvhApiError.

        ``body`` None sends no body; ``expected`` lists statuses returned as
        answers instead of raised (default: every 2xx). ``idempotent`` says whether
        the call may be sent again after a gateway or connection error; by default
        GET, PUT and DELETE are, POST is not. A successful answer must be JSON (or
        empty) and, with ``shape``, of that Shape; error texts never hold a secret.
        """
        try:
            return self._call(method.upper(), path, query, body, auth, headers, expected, idempotent, shape)
        except OvhApiError as exc:
            raise exc.masked(self.secrets())

    def _call(self, method, path, query, body, auth, headers, expected, idempotent, shape):
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        url = self.url(path, query)
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode("ascii")
        resynced = False
        renewed = False
        attempt = 0  # retries after gateway and connection errors
        throttled = 0  # retries after 429
        while True:
            try:
                response = self._send(method, url, data, auth, headers, path)
            except RequestException as exc:
                if attempt < self.max_retries and self._may_retry_exception(idempotent, exc):
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                # "from None": the HTTP library's error may quote a header value (a secret) in a traceback.
                raise OvhApiError(method, path, message=_failure_text(urlsplit(url).netloc, exc)) from None
            status = response.status_code
            query_id = response.headers.get("X-Ovh-QueryID")
            if (expected is None and 200 <= status < 300) or (expected is not None and status in expected):
                answer = _decode(response)
                if answer is _NOT_JSON:
                    raise OvhApiError(method, path, status, message="the answer is not JSON: %s" % safe_excerpt(response.text, self.secrets()),
                                      query_id=query_id)
                wrong = shape.problem(answer) if shape is not None and 200 <= status < 300 else None
                if wrong:
                    raise OvhApiError(method, path, status, message="unexpected answer: %s (%s)" % (
                        wrong, safe_excerpt(response.text, self.secrets())), query_id=query_id)
                return OvhResponse(status, answer, query_id, url)
            error = parse_error(method, path, status, response.headers, response.text, self.secrets())
            if auth and self.settings.oauth2 and status == 401 and not renewed:
                # The token expired or was revoked since it was fetched: fetch a new one once.
                self._token = None
                renewed = True
                continue
            if auth and not self.settings.oauth2 and not resynced and not self._offset_fetched and self._is_clock_error(error):
                # The cached offset may be stale (clock stepped): refetch it and retry once.
                self._fetch_offset()
                resynced = True
                continue
            if status == 429 and throttled < max(self.max_retries, RATE_LIMITED_RETRIES):
                wait = self._retry_wait(response, throttled)
                if self.rate_limiter is not None:
                    self._hold(wait)
                self.sleep(wait)
                throttled += 1
                continue
            if attempt < self.max_retries and status in RETRY_STATUSES and idempotent:
                self.sleep(self._retry_wait(response, attempt))
                attempt += 1
                continue
            raise error

    def _wait_for_slot(self, method="GET", path="/"):
        if self.rate_limiter is None:
            return
        try:
            self.rate_limiter.wait()
        except StateFileError as exc:
            raise OvhApiError(method, path, message="rate_limit: %s (the request was not sent)" % exc)

    def _hold(self, wait):
        try:
            self.rate_limiter.hold_until(self.rate_limiter.clock() + wait)
        except StateFileError:
            pass  # the next request reports it

    def _send(self, method, url, data, auth, extra_headers, path="/"):
        headers = {"Accept": "application/json"}
        if self.settings.application_key:
            headers["X-Ovh-Application"] = self.settings.application_key
        if data is not None:
            headers["Content-Type"] = "application/json"
        if auth and self.settings.oauth2:
            headers["Authorization"] = "Bearer " + self.access_token()
        elif auth:
            timestamp = self.timestamp()
            headers["X-Ovh-Consumer"] = self.settings.consumer_key
            headers["X-Ovh-Timestamp"] = str(timestamp)
            headers["X-Ovh-Signature"] = sign(self.settings.application_secret, self.settings.consumer_key, method, url, data, timestamp)
        headers.update(extra_headers or {})
        prepared = self.session.prepare_request(requests.Request(method, url, headers=headers, data=data))
        prepared.url = url  # exactly the signed URL: no re-encoding by requests
        settings = self.session.merge_environment_settings(url, {}, None, self.verify, None)
        settings["stream"] = True
        self._wait_for_slot(method, path)
        self.request_count += 1
        return self._read(self.session.send(prepared, timeout=self.timeout, allow_redirects=False, **settings), method, path)

    def _read(self, response, method, path):
        """Read the answer, at most max_answer_size: a larger one is refused without being read in full."""
        limit = self.max_answer_bytes
        query_id = response.headers.get("X-Ovh-QueryID")
        too_large = "the answer is larger than max_answer_size (%d MiB): raise max_answer_size if this route really answers that much" % (
            limit // (1024 * 1024))
        try:
            try:
                announced = int(response.headers.get("Content-Length") or 0)
            except ValueError:
                announced = 0
            if announced > limit:
                raise OvhApiError(method, path, response.status_code, message="%s (Content-Length %d)" % (too_large, announced), query_id=query_id)
            chunks = []
            size = 0
            for chunk in response.iter_content(READ_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise OvhApiError(method, path, response.status_code, message=too_large, query_id=query_id)
                chunks.append(chunk)
            return _Answer(response, b"".join(chunks))
        finally:
            response.close()

    @staticmethod
    def _is_clock_error(error):
        return error.status in (400, 401, 403) and (
            error.error_code in CLOCK_ERROR_CODES or bool(error.message and CLOCK_MESSAGE.search(error.message) and error.error_code is None))

    @staticmethod
    def _may_retry_exception(idempotent, exc):
        if isinstance(exc, SSLError):
            return False  # a certificate that failed verification fails again
        if isinstance(exc, ConnectTimeout) or _never_connected(exc):
            return True  # the request never reached the server: safe for any method
        return idempotent and isinstance(exc, (RequestsConnectionError, Timeout))

    @staticmethod
    def _backoff(attempt):
        return min(0.5 * (2 ** attempt), 8.0)

    def _retry_wait(self, response, attempt):
        retry_after = response.headers.get("Retry-After")
        if retry_after:
            try:
                return min(max(float(retry_after), 0.0), MAX_RETRY_WAIT)
            except ValueError:
                pass
            try:
                # An HTTP date; one without a zone is taken as UTC, as HTTP dates are.
                moment = email.utils.parsedate_to_datetime(retry_after).replace(tzinfo=None)
                return min(max(moment.timestamp() - time.mktime(time.gmtime(CLOCK.time())), 0.0), MAX_RETRY_WAIT)
            except (TypeError, ValueError, OverflowError):
                pass  # unreadable: ordinary backoff
        return self._backoff(attempt)

    # --- batch reads -------------------------------------------------

    def get_many(self, collection, ids, suffix="", shape=None):
        """GET ``collection/<id>[/suffix]`` for many ids: batches of 50 on the id
        (``collection/1,2,3/suffix`` with ``X-Ovh-Batch: ,``), one GET per id where the API
        does not answer a batch or an item failed. Returns {id: object}; ids that no longer
        exist are left out. With ``shape``, every object is checked against it."""
        suffix = "/" + suffix.strip("/") if suffix else ""
        unique = list(dict.fromkeys(ids))
        found = {}
        for start in range(0, len(unique), BATCH_SIZE):
            chunk = unique[start:start + BATCH_SIZE]
            items = self._batch(collection, chunk, suffix, shape) if len(chunk) > 1 else None
            missing = chunk
            if items is not None:
                by_key = dict((str(item_id), item_id) for item_id in chunk)
                for item in items:
                    item_id = by_key.get(str(item.get("key")))
                    if item_id is not None and item.get("error") is None and item.get("value") is not None:
                        found[item_id] = item["value"]
                missing = [item_id for item_id in chunk if item_id not in found]
            for item_id in missing:
                try:
                    found[item_id] = self.get(path_join(collection, item_id) + suffix, shape=shape)
                except OvhApiError as exc:
                    if exc.status != 404:
                        raise
        return found

    def _batch(self, collection, chunk, suffix, shape=None):
        path = collection.rstrip("/") + "/" + ",".join(quote(str(item_id), safe="") for item_id in chunk) + suffix
        try:
            answer = self.call("GET", path, headers={"X-Ovh-Batch": ","})
        except OvhApiError as exc:
            if exc.status in (400, 404):
                return None  # no batch support here: read one by one
            raise
        data = answer.data
        if not (isinstance(data, list) and all(isinstance(item, dict) and "key" in item for item in data)):
            return None  # not a batch answer: read one by one
        if shape is not None:
            for item in data:
                wrong = shape.problem(item["value"]) if item.get("error") is None and item.get("value") is not None else None
                if wrong:
                    raise OvhApiError("GET", path, answer.status, message="unexpected answer for id %s: %s" % (item["key"], wrong),
                                      query_id=answer.query_id)
        return data


def _canonical_escapes(text):
    """Upper-case %xx escapes and encode a lone '%': urllib3 does both to the URL before sending
    it, so the URL must already be in that form when it is signed."""
    return PERCENT_ESCAPE.sub(lambda match: "%" + match.group(1).upper() if match.group(1) else "%25", text)


_NOT_JSON = object()


def _decode(response):
    """The JSON value of an answer; None when it has no body, _NOT_JSON when the body is not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return _NOT_JSON


def _never_connected(exc):
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)


def _failure_text(host, exc):
    """What happened to a request that got no HTTP answer: never sent, or no answer from the host."""
    if isinstance(exc, (RequestsConnectionError, Timeout)):
        return "no answer from %s: %s" % (host, _exception_text(exc))
    return "request not sent: %s" % _exception_text(exc)


def _exception_text(exc):
    """A one-line description of a transport error."""
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(exc, requests.exceptions.SSLError):
        return ("TLS certificate verification failed (%s); give the CA with ca_path, or set validate_certs to false "
                "for a test endpoint only" % (re.search(r"certificate verify failed: ([^(\])]+)", text) or re.search("(.{0,80})$", text)).group(1).strip())
    for marker in ("Read timed out", "Connection refused", "Connection aborted", "Max retries exceeded", "timed out"):
        if marker in text:
            return "%s (%s)" % (type(exc).__name__, marker)
    return "%s: %s" % (type(exc).__name__, text[:200])
