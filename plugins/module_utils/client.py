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
import re
import time
from urllib.parse import quote, unquote, urlencode, urlsplit

from ansible.module_utils.common.warnings import warn as module_warning

from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError, resolve_settings
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError, parse_error
from ansible_collections.signet.ovh.plugins.module_utils.masking import safe_excerpt
from ansible_collections.signet.ovh.plugins.module_utils.rate_limit import RateLimiter
from ansible_collections.signet.ovh.plugins.module_utils.shapes import json_kind
from ansible_collections.signet.ovh.plugins.module_utils.signer import sign
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError
from ansible_collections.signet.ovh.plugins.module_utils.transport import (
    TRANSPORT_FAILURES, TransportError, check_transport, failure_text, may_retry_exception, proxies_for, requests, was_sent)

USER_AGENT = "signet.ovh (Ansible collection)"
BATCH_SIZE = 50
RETRY_STATUSES = (502, 503, 504)
IDEMPOTENT_METHODS = ("GET", "PUT", "DELETE")
MAX_RETRY_WAIT = 60.0
# A 429 means the request was refused before any work, and forks sharing a key are refused
# together: it gets a budget of its own, larger than max_retries, so that a burst is waited out.
RATE_LIMITED_RETRIES = 10
# Errors that a stale server-time offset produces; the stale-timestamp text is not documented.
CLOCK_ERROR_CODES = ("INVALID_SIGNATURE", "QUERY_TIME_OUT")
CLOCK_MESSAGE = re.compile(r"signature|time", re.IGNORECASE)
PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})?")
DEFAULT_MAX_ANSWER_MB = 32  # the largest answer read, in MiB (option max_answer_size)
READ_CHUNK = 64 * 1024
# The options of the doc fragment signet.ovh.ovh, the same for the modules, the lookup and the inventory.
CONNECTION_OPTIONS = ("endpoint", "application_key", "application_secret", "consumer_key", "client_id", "client_secret",
                      "config_file", "timeout", "validate_certs", "ca_path", "allow_insecure_http", "rate_limit", "max_answer_size")
ALL_CREDENTIALS = ("application_key", "application_secret", "consumer_key")


_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
_HEADER_MEANING = {"X-Ovh-Application": "application key", "X-Ovh-Consumer": "consumer key", "Authorization": "access token"}


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
        # Every setting but the credentials and the time cache (shared): what derive() passes on.
        self._options = dict(timeout=timeout, validate_certs=validate_certs, ca_path=ca_path, max_retries=max_retries, sleep=sleep,
                             allow_insecure_http=allow_insecure_http, rate_limit=rate_limit, max_answer_size=max_answer_size,
                             warn=warn, rate_limit_path=rate_limit_path)
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

    def derive(self, settings):
        """A new client for other credentials of the same endpoint, with every setting of this one
        (transport checks, rate limit, answer size, warnings, time cache)."""
        return OvhClient(settings, time_cache=self.time_cache, **self._options)

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
                              % json_kind(answer.data), query_id=answer.query_id)
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
            exc.read_only = True
            raise exc.masked(self.secrets())

    def _fetch_token(self):
        path = urlsplit(self.settings.token_url).path
        data = {"grant_type": "client_credentials", "scope": "all"}
        for attempt in range(self.max_retries + 1):
            try:
                self._wait_for_slot()
                self.request_count += 1
                prepared = self.session.prepare_request(requests.Request(
                    "POST", self.settings.token_url, data=data, auth=(self.settings.client_id, self.settings.client_secret)))
                response = self.session.send(prepared, timeout=self.timeout, allow_redirects=False, **self._send_settings(self.settings.token_url))
                response = self._read(response, "POST", path)
            except TRANSPORT_FAILURES as exc:
                if attempt < self.max_retries and may_retry_exception(True, exc):
                    self.sleep(self._backoff(attempt))
                    continue
                raise OvhApiError("POST", path, message=failure_text(urlsplit(self.settings.token_url).netloc, exc), sent=False) from None
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
                                  % (json_kind(body) if body is not _NOT_JSON else "not JSON"),
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

    def get_or_none(self, path, query=None, shape=None):
        """The object at ``path``, or None when the API answers 404 (it does not exist, or no longer)."""
        try:
            return self.get(path, query, shape=shape)
        except OvhApiError as exc:
            if exc.status == 404:
                return None
            raise

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
            except TRANSPORT_FAILURES as exc:
                if attempt < self.max_retries and may_retry_exception(idempotent, exc):
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                # "from None": the HTTP library's error may quote a header value (a secret) in a traceback.
                raise OvhApiError(method, path, message=failure_text(urlsplit(url).netloc, exc), sent=was_sent(exc)) from None
            status = response.status_code
            query_id = response.headers.get("X-Ovh-QueryID")
            if (expected is None and 200 <= status < 300) or (expected is not None and status in expected):
                answer = _decode(response)
                # A write whose success answer cannot be used was still carried out: say so (the error's
                # may_have_applied tells callers, which then act as if it had been).
                applied = "; the API answered %d, so the %s was probably carried out" % (status, method) \
                    if method != "GET" and 200 <= status < 300 else ""
                if answer is _NOT_JSON:
                    raise OvhApiError(method, path, status, message="the answer is not JSON: %s%s" % (
                        safe_excerpt(response.text, self.secrets()), applied), query_id=query_id)
                wrong = shape.problem(answer) if shape is not None and 200 <= status < 300 else None
                if wrong:
                    raise OvhApiError(method, path, status, message="unexpected answer: %s (%s)%s" % (
                        wrong, safe_excerpt(response.text, self.secrets()), applied), query_id=query_id)
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
        for name, value in headers.items():
            # A key from an answer (a new consumer key) is not checked like a configured one, and older HTTP
            # libraries raise an error quoting such a value (a secret) instead of refusing it cleanly.
            if value != value.strip() or _HEADER_UNSAFE.search(value):
                raise OvhApiError(method, path, message="request not sent: the %s would go into a header with whitespace or a "
                                  "control character; its value is not shown" % _HEADER_MEANING.get(name, name), sent=False)
        prepared = self.session.prepare_request(requests.Request(method, url, headers=headers, data=data))
        prepared.url = url  # exactly the signed URL: no re-encoding by requests
        settings = self._send_settings(url)
        self._wait_for_slot(method, path)
        self.request_count += 1
        return self._read(self.session.send(prepared, timeout=self.timeout, allow_redirects=False, **settings), method, path)

    def _send_settings(self, url):
        """verify, proxies and stream for a request to ``url``: the environment's (REQUESTS_CA_BUNDLE, proxies),
        except that a loopback host is never reached through a proxy."""
        settings = self.session.merge_environment_settings(url, {}, None, self.verify, None)
        proxies = proxies_for(url)
        if proxies is not None:
            settings["proxies"] = proxies
        settings["stream"] = True
        return settings

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


def client_from_options(options, warn=None, required=ALL_CREDENTIALS, on_settings=None):
    """The one way from the connection options (a module's parameters, the lookup's or the inventory's
    options) to a client: the options checked, the settings resolved (options, environment, ovh.conf),
    the client built. Raises OvhConfigError or TransportError, whose message is for the user.
    ``on_settings(settings)`` sees the settings before the client exists (a module masks their secrets)."""
    timeout = options.get("timeout")
    timeout = 30.0 if timeout is None else timeout
    if timeout <= 0:
        raise OvhConfigError("timeout must be a positive number of seconds, got %s" % timeout)
    settings = resolve_settings(options, required=required)
    if on_settings is not None:
        on_settings(settings)
    max_answer_size = options.get("max_answer_size")
    validate_certs = options.get("validate_certs")
    return OvhClient(settings, timeout=timeout, validate_certs=True if validate_certs is None else validate_certs,
                     ca_path=options.get("ca_path"), allow_insecure_http=bool(options.get("allow_insecure_http")),
                     rate_limit=options.get("rate_limit"),
                     max_answer_size=DEFAULT_MAX_ANSWER_MB if max_answer_size is None else max_answer_size, warn=warn)
