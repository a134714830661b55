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
import json
import os
import re
import tempfile
import time
import traceback
from urllib.parse import quote, urlencode, urlsplit

from ansible_collections.signet.ovh.plugins.module_utils.signer import sign

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.exceptions import ConnectionError as RequestsConnectionError, ConnectTimeout, RequestException, Timeout
    from urllib3.exceptions import NewConnectionError
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = "signet.ovh (Ansible collection)"
BATCH_SIZE = 50
RETRY_STATUSES = (502, 503, 504)
IDEMPOTENT_METHODS = ("GET", "PUT", "DELETE")
MAX_RETRY_WAIT = 60.0
TIME_OFFSET_TTL = 600  # seconds a cached server-time offset is trusted
# Errors that a stale server-time offset produces; the stale-timestamp text is not documented.
CLOCK_ERROR_CODES = ("INVALID_SIGNATURE", "QUERY_TIME_OUT")
CLOCK_MESSAGE = re.compile(r"signature|time", re.IGNORECASE)
PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})?")

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


def parse_error(method, path, status, headers, text):
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
    excerpt = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text or "")).strip()[:200]
    return OvhApiError(method, path, status, message="non-JSON answer: %s" % (excerpt or "(empty body)"), query_id=query_id)


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
    """A small JSON object kept in a file between tasks. Any I/O problem reads as empty
    and a failed write is ignored: the cache only ever saves requests."""

    def __init__(self, path):
        self.path = path

    def load(self):
        try:
            with open(self.path) as handle:
                data = json.load(handle)
            return data if isinstance(data, dict) else {}
        except (IOError, OSError, ValueError):
            return {}

    def set(self, key, value):
        """Store ``value`` under ``key``; None removes the key."""
        data = self.load()
        if value is None and key not in data:
            return
        if value is None:
            del data[key]
        else:
            data[key] = value
        directory = os.path.dirname(self.path)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=".%s." % os.path.basename(self.path))
            with os.fdopen(fd, "w") as handle:
                json.dump(data, handle)
            os.replace(tmp, self.path)
        except (IOError, OSError):
            pass


class TimeOffsetCache(JsonCache):
    """Server-time offsets per endpoint, kept a few minutes so that each task does not
    pay a GET /auth/time."""

    def __init__(self, path=None, ttl=TIME_OFFSET_TTL):
        super(TimeOffsetCache, self).__init__(path or cache_path("time-offsets.json"))
        self.ttl = ttl

    def get(self, base_url):
        entry = self.load().get(base_url)
        try:
            if abs(time.time() - float(entry["saved"])) < self.ttl:
                return int(entry["offset"])
        except (TypeError, KeyError, ValueError):
            pass
        return None

    def put(self, base_url, offset):
        self.set(base_url, {"offset": int(offset), "saved": time.time()})


class OvhClient(object):
    """Signed calls to one OVHcloud API endpoint, over one HTTP session."""

    def __init__(self, settings, timeout=30, validate_certs=True, ca_path=None, max_retries=4, time_cache=None, sleep=time.sleep):
        if requests is None:
            raise RuntimeError("the Python library 'requests' is required")
        self.settings = settings
        self.base_url = settings.base_url
        self.timeout = timeout
        self.verify = (ca_path or True) if validate_certs else False
        self.max_retries = max_retries
        self.time_cache = time_cache or TimeOffsetCache()
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.request_count = 0
        self._offset = None
        self._offset_fetched = False
        self._token = None
        self._token_expiry = 0

    def close(self):
        self.session.close()

    def url(self, path, query=None):
        """The full URL as it is signed and sent."""
        if not path.startswith("/"):
            raise ValueError("API path %r must start with '/'" % path)
        url = self.base_url + _canonical_escapes(quote(path, safe="/%:@!$&'()*+,;=-._~?"))
        encoded = encode_query(query)
        if encoded:
            url += ("&" if "?" in url else "?") + encoded
        return url

    # --- server time -------------------------------------------------

    def _fetch_offset(self):
        answer = self.call("GET", "/auth/time", auth=False)
        try:
            server_time = int(answer.data)
        except (TypeError, ValueError):
            raise OvhApiError("GET", "/auth/time", answer.status, message="unexpected server time %r" % (answer.data,), query_id=answer.query_id)
        self._offset = server_time - int(time.time())
        self._offset_fetched = True
        self.time_cache.put(self.base_url, self._offset)

    def timestamp(self):
        if self._offset is None:
            self._offset = self.time_cache.get(self.base_url)
            if self._offset is None:
                self._fetch_offset()
        return int(time.time()) + self._offset

    # --- OAuth2 service accounts ---------------------------------------

    def access_token(self):
        """A bearer token for the service account, fetched once per run and again before it expires."""
        if self._token and time.time() < self._token_expiry - 30:
            return self._token
        path = urlsplit(self.settings.token_url).path
        data = {"grant_type": "client_credentials", "scope": "all"}
        for attempt in range(self.max_retries + 1):
            try:
                self.request_count += 1
                response = self.session.post(self.settings.token_url, data=data, auth=(self.settings.client_id, self.settings.client_secret),
                                             timeout=self.timeout, verify=self.verify, allow_redirects=False)
            except RequestException as exc:
                if attempt < self.max_retries and isinstance(exc, (RequestsConnectionError, Timeout)):
                    self.sleep(self._backoff(attempt))
                    continue
                raise OvhApiError("POST", path, message="no answer from %s: %s" % (urlsplit(self.settings.token_url).netloc, _exception_text(exc)))
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
            raise parse_error("POST", path, response.status_code, response.headers, response.text)
        self._token = body["access_token"]
        self._token_expiry = time.time() + int(body.get("expires_in") or 3600)
        return self._token

    # --- calls -------------------------------------------------------

    def get(self, path, query=None, **kwargs):
        return self.call("GET", path, query=query, **kwargs).data

    def post(self, path, body=None, **kwargs):
        return self.call("POST", path, body=body, **kwargs).data

    def put(self, path, body=None, **kwargs):
        return self.call("PUT", path, body=body, **kwargs).data

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs).data

    def call(self, method, path, query=None, body=None, auth=True, headers=None, expected=None, idempotent=None):
        """Send one API call and return an OvhResponse, or raise OvhApiError.

        ``body`` None sends no body; ``expected`` lists statuses returned as
        answers instead of raised (default: every 2xx). ``idempotent`` says whether
        the call may be sent again after a gateway or connection error; by default
        GET, PUT and DELETE are, POST is not.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        url = self.url(path, query)
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode("ascii")
        resynced = False
        renewed = False
        attempt = 0
        while True:
            try:
                response = self._send(method, url, data, auth, headers)
            except RequestException as exc:
                if attempt < self.max_retries and self._may_retry_exception(idempotent, exc):
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                raise OvhApiError(method, path, message="no answer from %s: %s" % (urlsplit(url).netloc, _exception_text(exc)))
            status = response.status_code
            query_id = response.headers.get("X-Ovh-QueryID")
            if (expected is None and 200 <= status < 300) or (expected is not None and status in expected):
                return OvhResponse(status, _decode(response), query_id, url)
            error = parse_error(method, path, status, response.headers, response.text)
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
            if attempt < self.max_retries and (status == 429 or (status in RETRY_STATUSES and idempotent)):
                self.sleep(self._retry_wait(response, attempt))
                attempt += 1
                continue
            raise error

    def _send(self, method, url, data, auth, extra_headers):
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
        self.request_count += 1
        return self.session.send(prepared, timeout=self.timeout, allow_redirects=False, **settings)

    @staticmethod
    def _is_clock_error(error):
        return error.status in (400, 401, 403) and (
            error.error_code in CLOCK_ERROR_CODES or bool(error.message and CLOCK_MESSAGE.search(error.message) and error.error_code is None))

    @staticmethod
    def _may_retry_exception(idempotent, exc):
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
                return min(max(moment.timestamp() - time.mktime(time.gmtime()), 0.0), MAX_RETRY_WAIT)
            except (TypeError, ValueError, OverflowError):
                pass  # unreadable: ordinary backoff
        return self._backoff(attempt)

    # --- batch reads -------------------------------------------------

    def get_many(self, collection, ids, suffix=""):
        """GET ``collection/<id>[/suffix]`` for many ids: batches of 50 on the id
        (``collection/1,2,3/suffix`` with ``X-Ovh-Batch: ,``), one GET per id where the API
        does not answer a batch or an item failed. Returns {id: object}; ids that no longer
        exist are left out."""
        suffix = "/" + suffix.strip("/") if suffix else ""
        unique = list(dict.fromkeys(ids))
        found = {}
        for start in range(0, len(unique), BATCH_SIZE):
            chunk = unique[start:start + BATCH_SIZE]
            items = self._batch(collection, chunk, suffix) if len(chunk) > 1 else None
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
                    found[item_id] = self.get(path_join(collection, item_id) + suffix)
                except OvhApiError as exc:
                    if exc.status != 404:
                        raise
        return found

    def _batch(self, collection, chunk, suffix):
        path = collection.rstrip("/") + "/" + ",".join(quote(str(item_id), safe="") for item_id in chunk) + suffix
        try:
            data = self.call("GET", path, headers={"X-Ovh-Batch": ","}).data
        except OvhApiError as exc:
            if exc.status in (400, 404):
                return None  # no batch support here: read one by one
            raise
        if isinstance(data, list) and all(isinstance(item, dict) and "key" in item for item in data):
            return data
        return None


def _canonical_escapes(text):
    """Upper-case %xx escapes and encode a lone '%': urllib3 does both to the URL before sending
    it, so the URL must already be in that form when it is signed."""
    return PERCENT_ESCAPE.sub(lambda match: "%" + match.group(1).upper() if match.group(1) else "%25", text)


def _decode(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _never_connected(exc):
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError)


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
