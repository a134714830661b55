"""HTTP layer of the emulator: the API under /1.0, the control API under /_emulator/,
faults, latency, the request log, and the ``Emulator`` object tests drive."""

import functools
import itertools
import json
import os
import secrets
import socket
import ssl
import sys
import threading
import time
import uuid
from html import escape as html_escape
from fnmatch import fnmatchcase
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from .auth import authenticate
from .errors import ERROR_FORMS, ApiError, reason_phrase
from .credentials import validation_url
from .oauth2 import TOKEN_PATH
from . import routes
from .routes import Call, match_route
from .seed import DEFAULT_SEED
from .state import State
from .validation import submit as submit_validation
from .validation import validation_page

API_PREFIX = "/1.0"
CONTROL_PREFIX = "/_emulator"
_REDACTED_HEADERS = ("x-ovh-consumer", "authorization", "x-ovh-signature")


def query_id():
    """A request id shaped like the API's X-Ovh-QueryID."""
    return f"EU.ext-1.{secrets.token_hex(4)}.{os.getpid()}.{uuid.uuid4().hex}"


def _redact(headers):
    return {name: ("<redacted>" if name.lower() in _REDACTED_HEADERS else value) for name, value in headers.items()}


class _ControlError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    """One TCP connection; HTTP/1.1 keep-alive, so it may carry many requests."""

    protocol_version = "HTTP/1.1"
    server_version = "ovh-api-emulator"
    # Idle keep-alive connections end after this many seconds.
    timeout = 30

    def setup(self):
        super().setup()
        # Answers go out as headers then body: without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK hold the body ~40 ms from the third request of a connection on,
        # a delay the real API does not add.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection_id = self.server.emulator.open_connection(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.emulator.close_connection(self.connection)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the emulator keeps its own log."""

    def handle_request(self):
        """Every method goes through here."""
        body = self._read_body()
        if body is None:
            return
        path, _sep, query = self.path.partition("?")
        if path == CONTROL_PREFIX + "/landing":
            self._landing(query)
        elif path.startswith(CONTROL_PREFIX + "/"):
            self._control(path[len(CONTROL_PREFIX):], body)
        elif path in ("/auth", "/auth/"):
            self.validation_page(query, body)
        elif path == TOKEN_PATH:
            self._token(body)
        else:
            self._api(path, query, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_request

    def validation_page(self, query, body):
        """The page at validationUrl: GET shows the request and the login form, POST approves or
        refuses it (see validation.py). Not part of the API: not logged, no X-Ovh-QueryID."""
        emu = self.server.emulator
        with emu.state.lock:
            if self.command == "GET":
                status, page, headers = validation_page(emu.state, query)
            elif self.command == "POST":
                status, page, headers = submit_validation(emu.state, body)
            else:
                status, page, headers = 405, b"Method not allowed\n", {"Allow": "GET, POST"}
        self._send(status, page, "text/html; charset=utf-8", headers, with_query_id=False)

    def _token(self, body):
        """The OAuth2 token endpoint of service accounts (logged like an API request)."""
        emu = self.server.emulator
        entry = {"method": self.command, "path": TOKEN_PATH, "query": "", "route": TOKEN_PATH, "status": None, "signed": False,
                 "batch": False, "connection": self.connection_id, "headers": _redact(self.headers), "body": "", "time": time.time()}
        fault = emu.take_fault(self.command, TOKEN_PATH)
        if fault and fault["status"]:
            entry["status"] = fault["status"]
            emu.record_request(entry)
            self._send_fault(fault)
            return
        if self.command != "POST":
            status, payload = 405, {"error": "invalid_request", "error_description": "use POST"}
        else:
            with emu.state.lock:
                status, payload = emu.oauth2.token(self.headers, body)
        entry["status"] = status
        emu.record_request(entry)
        self._send_json(status, payload, {"Cache-Control": "no-store"})

    def _landing(self, query):
        """A stand-in for an application's web site, to point ``redirection`` at in tests."""
        text = f"<!DOCTYPE html>\n<html><head><title>Landing page</title></head><body><h1>Landing page</h1>" \
               f"<p id=\"query\">{html_escape(unquote(query))}</p></body></html>\n"
        self._send(200, text.encode("utf-8"), "text/html; charset=utf-8", with_query_id=False)

    # Plumbing

    def _read_body(self):
        """The raw request body (bytes), or None after answering 400 to a malformed one."""
        try:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                return self._read_chunked()
            length = int(self.headers.get("Content-Length", "0"))
            if length < 0:
                raise ValueError(length)
            return self.rfile.read(length)
        except ValueError:
            self.close_connection = True
            self._send(400, b"Malformed request body\n", "text/plain; charset=utf-8")
            return None

    def _read_chunked(self):
        chunks = []
        while True:
            size = int(self.rfile.readline(65537).split(b";")[0].strip(), 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(65537)

    def _send(self, status, body, content_type, headers=None, with_query_id=True):
        self.send_response(status, reason_phrase(status))
        self.send_header("Content-Type", content_type)
        # Always a Content-Length, so that clients keep the connection alive.
        self.send_header("Content-Length", str(len(body)))
        if with_query_id:
            self.send_header("X-Ovh-QueryID", query_id())
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status, payload, headers=None, with_query_id=True):
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json; charset=utf-8", headers, with_query_id)

    # The API

    def _api(self, path, query, body):
        emu = self.server.emulator
        api_path = path[len(API_PREFIX):] if path == API_PREFIX or path.startswith(API_PREFIX + "/") else None
        entry = {
            "method": self.command,
            "path": api_path if api_path is not None else path,
            "query": query,
            "route": None,
            "status": None,
            "signed": bool(self.headers.get("X-Ovh-Signature")),
            "batch": False,
            "connection": self.connection_id,
            "headers": _redact(self.headers),
            "body": body.decode("utf-8", "replace"),
            "time": time.time(),
        }
        # Faults apply before anything else, authentication included.
        fault = emu.take_fault(self.command, entry["path"])
        if fault and fault["delay"]:
            time.sleep(fault["delay"])
        if fault and fault["drop"]:
            emu.record_request(entry)
            self.close_connection = True
            return
        if fault and fault["status"]:
            entry["status"] = fault["status"]
            emu.record_request(entry)
            self._send_fault(fault)
            return
        # clock_step: each API request moves the emulator clock on (tasks advance and the rate
        # limit's buckets refill without sleeping), a refused one too.
        if emu.clock_step:
            with emu.state.lock:
                emu.state.clock_offset += emu.clock_step
        retry_after = emu.take_rate_slot(self.headers)
        if retry_after is not None:
            entry["status"] = 429
            emu.record_request(entry)
            error = ApiError(429, "TOO_MANY_REQUESTS", "Too many requests")  # code and message are an inference
            self._send_json(429, error.body(emu.error_form), {"Retry-After": str(retry_after)})
            return
        if emu.latency:
            time.sleep(emu.latency)
        try:
            if api_path is None:
                raise ApiError(404, "NOT_FOUND", "Got an invalid (or empty) URL")
            with emu.state.lock:
                status, payload = 200, self._call(api_path, query, body, entry)
        except ApiError as err:
            status, payload = err.status, err.body(emu.error_form)
        if entry["route"] is None and api_path is not None:
            try:
                entry["route"] = match_route(self.command, api_path)[0]
            except ApiError:
                pass
        entry["status"] = status
        # Log before answering: a client that reads the log right after the answer sees the entry.
        emu.record_request(entry)
        if fault and fault["garble"]:
            page = "<html><head><title>Request processed</title></head><body><p>Thank you</p></body></html>"
            self._send(status, page.encode(), "text/html", with_query_id=False)
            return
        self._send_json(status, payload)

    def _call(self, api_path, query, body, entry):
        """Authenticate, route and run a handler (State.lock held)."""
        emu = self.server.emulator
        state = emu.state
        method = self.command
        if (method, api_path) in routes.UNSIGNED:
            template, handler, params = match_route(method, api_path)
            entry["route"] = template
            return handler(Call(state, params, query, body, self.headers, emu.root_url))
        if self.headers.get("Authorization", "").startswith("Bearer "):
            credential, app = emu.oauth2.authenticate(self.headers["Authorization"]), None
        else:
            # The URL signed by the client: scheme, Host header, request target exactly as received.
            url = f"{emu.scheme}://{self.headers.get('Host', '')}{self.path}".encode("latin-1")
            credential, app = authenticate(state, self.headers, method, url, body, api_path, self.client_address[0])
        template, handler, params = match_route(method, api_path)
        entry["route"] = template

        def pause(seconds):
            # Let other requests run while a handler waits (a refresh in progress) until the emulator
            # clock has moved ``seconds`` on: the machine's time, or a test moving the clock.
            end = state.now() + seconds
            state.lock.release()
            try:
                while state.now() < end:
                    time.sleep(max(0.0, min(0.01, end - state.now())))
            finally:
                state.lock.acquire()

        def run(call_params):
            return handler(Call(state, call_params, query, body, self.headers, emu.root_url, credential=credential,
                                application=app, refresh_duration=emu.refresh_duration, pause=pause))

        separator = self.headers.get("X-Ovh-Batch") if emu.batch_enabled and method == "GET" else None
        if separator and "{" in template:
            entry["batch"] = True
            result = self._batch(separator, template, api_path, params, run)
        else:
            result = run(params)
        credential.last_use = int(state.now())
        return result

    @staticmethod
    def _batch(separator, template, api_path, params, run):
        """GET …/1,2,3 (or …/1,2,3/application) with X-Ovh-Batch: one {key, value, error} per key
        of the route's last path parameter."""
        parts = template.split("/")
        index = max(position for position, part in enumerate(parts) if part.startswith("{"))
        name = parts[index][1:-1]
        results = []
        for raw_key in api_path.split("/")[index].split(separator):
            key = unquote(raw_key)
            try:
                value, error = run(dict(params, **{name: key})), None
            except ApiError as err:
                value, error = None, err.message
            results.append({"key": key, "value": value, "error": error})
        return results

    def _send_fault(self, fault):
        status = fault["status"]
        headers = {"Retry-After": str(fault["retry_after"])} if fault["retry_after"] is not None else {}
        phrase = reason_phrase(status)
        if status in (502, 503, 504):
            # What a proxy in front of the API answers: an HTML page, no X-Ovh-QueryID.
            page = (f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
                    f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
            self._send(status, page.encode(), "text/html", headers, with_query_id=False)
            return
        # Code and message of a 429 (or any other injected status) are an inference.
        error = ApiError(status, phrase.upper().replace(" ", "_").replace("-", "_"), phrase.capitalize())
        self._send_json(status, error.body(self.server.emulator.error_form), headers)

    # The control API (no auth, not logged)

    def _control(self, path, body):
        emu = self.server.emulator
        try:
            data = json.loads(body.decode("utf-8")) if body else {}
            if not isinstance(data, dict):
                raise ValueError("a JSON object is expected")
            status, payload = 200, control(emu, self.command, path, data)
        except _ControlError as err:
            status, payload = err.status, {"error": str(err)}
        except (ValueError, TypeError, KeyError) as err:
            status, payload = 400, {"error": f"{type(err).__name__}: {err}"}
        self._send_json(status, payload, with_query_id=False)


def control(emu, method, path, data):
    """Dispatch a control API call; returns the JSON answer."""
    simple = {
        ("GET", "/log"): lambda: emu.log,
        ("DELETE", "/log"): emu.clear_log,
        ("POST", "/faults"): functools.partial(emu.add_fault, **data),
        ("DELETE", "/faults"): emu.clear_faults,
        ("POST", "/clock"): lambda: emu.set_clock(data.get("offset"), data.get("frozen")),
        ("POST", "/clock_step"): lambda: setattr(emu, "clock_step", float(data["step"])),
        ("POST", "/latency"): lambda: setattr(emu, "latency", float(data["latency"])),
        ("POST", "/rate_limit"): lambda: emu.set_rate_limit(data.get("rate"), data.get("burst", 1)),
        ("POST", "/error_form"): lambda: emu.set_error_form(data["form"]),
        ("POST", "/consumer_key/validate"): lambda: emu.validate_consumer_key(
            data["consumer_key"], data.get("account", "demo-ovh"), data.get("validity")),
        ("POST", "/consumer_key/refuse"): lambda: emu.refuse_consumer_key(data["consumer_key"]),
        ("GET", "/consumer_key/pending"): emu.pending_validations,
    }
    if (method, path) in simple:
        return simple[(method, path)]()
    parts = path.split("/")
    if method == "GET" and len(parts) == 4 and parts[1] == "zone":
        account, name = unquote(parts[2]), unquote(parts[3])
        with emu.state.lock:
            zone = emu.state.zones.get((account, name))
            if zone is None:
                raise _ControlError(404, f"no zone {name!r} for account {account!r}")
            return {"account": account, "name": name, "pending": zone.pending_records(), "live": zone.live_records()}
    raise _ControlError(404, f"unknown control call {method} {CONTROL_PREFIX}{path}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, emulator, ssl_context):
        self.emulator = emulator
        self.ssl_context = ssl_context
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        # TLS handshake in the connection's own thread, not in the accept loop.
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except OSError:
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            self.shutdown_request(tls)

    def handle_error(self, request, client_address):
        # A client that gave up (timeout tests, dropped connections) is not an emulator error.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class Emulator:
    """A local OVH API on 127.0.0.1 (see README.md beside this file)."""

    def __init__(self, seed=None, port=0, clock_offset=0, latency=0.0, certfile=None, keyfile=None):
        seed = DEFAULT_SEED if seed is None else seed
        self.state = State(seed)
        self.state.clock_offset = clock_offset
        self.oauth2 = self.state.oauth2  # service accounts and their tokens (oauth2.py)
        self.latency = latency
        self.error_form = "both"  # one of errors.ERROR_FORMS: the form of every error body
        self.batch_enabled = True
        self.refresh_duration = 0.0
        self.clock_step = 0.0  # seconds the emulator clock moves on at each API request
        self.rate_limit = None  # (requests per second, burst) per key, or None: see set_rate_limit
        self._buckets = {}
        self.port = port
        self.certfile = certfile
        self.keyfile = keyfile
        self._server = None
        self._thread = None
        self._lock = threading.Lock()
        self._log = []
        self._faults = []
        self._connections = itertools.count(1)
        self._open_sockets = set()

    # Life cycle

    def start(self):
        """Bind 127.0.0.1 and serve in a daemon thread."""
        context = None
        if self.certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certfile, self.keyfile)
        self._server = _Server(("127.0.0.1", self.port), self, context)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="ovh-api-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the listening socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None
            # Keep-alive connections would otherwise go on being served by a stopped emulator.
            with self._lock:
                sockets = list(self._open_sockets)
            for sock in sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def scheme(self):
        """'https' when a certificate is configured."""
        return "https" if self.certfile else "http"

    @property
    def root_url(self):
        """e.g. http://127.0.0.1:PORT"""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def base_url(self):
        """e.g. http://127.0.0.1:PORT/1.0, the endpoint clients use."""
        return self.root_url + API_PREFIX

    @property
    def clock_offset(self):
        """Seconds added to the machine clock to make the emulator clock."""
        return self.state.clock_offset

    @clock_offset.setter
    def clock_offset(self, value):
        self.state.clock_offset = value

    @property
    def clock_frozen(self):
        """Whether the emulator clock is stopped: it then moves only with ``clock_offset`` and
        ``clock_step``, so that what depends on time (tasks, tokens, the rate limit's buckets) does
        not depend on how fast the machine runs. Settable; the clock goes on from where it is."""
        return self.state.frozen_at is not None

    @clock_frozen.setter
    def clock_frozen(self, frozen):
        with self.state.lock:
            self.state.freeze_clock(bool(frozen))

    def set_clock(self, offset=None, frozen=None):
        """What ``POST /_emulator/clock`` does: set the offset and/or freeze or release the clock."""
        if offset is None and frozen is None:
            raise ValueError("give offset, frozen or both")
        if offset is not None:
            self.clock_offset = float(offset)
        if frozen is not None:
            self.clock_frozen = frozen

    # Log

    def open_connection(self, sock):
        """Track a new TCP connection; returns its id (log entries carry it)."""
        with self._lock:
            self._open_sockets.add(sock)
        return next(self._connections)

    def close_connection(self, sock):
        """Forget a connection that ended."""
        with self._lock:
            self._open_sockets.discard(sock)

    def record_request(self, entry):
        """Append an API request to the log."""
        with self._lock:
            self._log.append(entry)

    @property
    def log(self):
        """One dict per API request (control requests are not logged); copies."""
        with self._lock:
            return [dict(entry, headers=dict(entry["headers"])) for entry in self._log]

    def clear_log(self):
        """Forget the logged requests."""
        with self._lock:
            self._log.clear()

    def writes(self):
        """Logged POST, PUT and DELETE requests."""
        return [entry for entry in self.log if entry["method"] in ("POST", "PUT", "DELETE")]

    # Faults

    def set_error_form(self, form):
        """Answer errors in the current form only, the older one only, or both (the default)."""
        if form not in ERROR_FORMS:
            raise ValueError(f"error form must be one of {', '.join(ERROR_FORMS)}")
        self.error_form = form

    def add_fault(self, status=None, retry_after=None, count=1, method=None, path=None, drop=False, delay=None, garble=False):
        """The next ``count`` requests matching method (exact) and path (fnmatch pattern on the
        path after /1.0) get ``status``, or are dropped, or are answered after ``delay`` seconds, or
        (``garble``) are carried out and then answered with an HTML page instead of their JSON answer,
        status kept, as a proxy or firewall in front of the API may do."""
        if not (status or drop or delay or garble):
            raise ValueError("a fault needs status, drop, delay or garble")
        if garble and (status or drop):
            raise ValueError("a garbled answer is the real one's: no status or drop with it")
        if status is not None and not 100 <= int(status) <= 599:
            raise ValueError(f"invalid status {status!r}")
        if int(count) < 1:
            raise ValueError("count must be at least 1")
        fault = {"status": int(status) if status else None, "retry_after": retry_after, "count": int(count),
                 "method": method, "path": path, "drop": bool(drop), "delay": float(delay) if delay else None, "garble": bool(garble)}
        with self._lock:
            self._faults.append(fault)
        return dict(fault)

    def clear_faults(self):
        """Remove every pending fault."""
        with self._lock:
            self._faults.clear()

    def take_fault(self, method, path):
        """The first fault matching this request, consuming one of its count; or None."""
        with self._lock:
            for fault in self._faults:
                if (fault["method"] is None or fault["method"] == method) and \
                        (fault["path"] is None or fnmatchcase(path, fault["path"])):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self._faults.remove(fault)
                    return dict(fault)
        return None

    # Rate limit

    def set_rate_limit(self, rate=None, burst=1):
        """Answer 429 with Retry-After to a key sending more than ``rate`` requests a second on
        average, with bursts of ``burst``; None removes the limit. A key is the consumer key, the
        bearer token of a service account, or else the application key."""
        with self._lock:
            self._buckets.clear()
            if rate is None:
                self.rate_limit = None
            else:
                if float(rate) <= 0 or int(burst) < 1:
                    raise ValueError("rate must be positive and burst at least 1")
                self.rate_limit = (float(rate), int(burst))
        return {"rate": rate, "burst": burst if rate is not None else None}

    def take_rate_slot(self, headers):
        """None when this request may go on, else the seconds to put in Retry-After (token bucket)."""
        with self._lock:
            if self.rate_limit is None:
                return None
            rate, burst = self.rate_limit
            authorization = headers.get("Authorization", "")
            key = headers.get("X-Ovh-Consumer") or (authorization if authorization.startswith("Bearer ") else None) \
                or headers.get("X-Ovh-Application") or ""
            now = self.state.now()  # the emulator clock: a simulated wait refills the bucket too
            tokens, last = self._buckets.get(key, (float(burst), now))
            tokens = min(float(burst), tokens + max(0.0, now - last) * rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return max(1, int(-(-(1.0 - tokens) // rate)))  # whole seconds, rounded up

    # Data

    def add_application(self, account="demo-ovh", name="app", description="", status="active"):
        """Register an application; returns its id, key and secret."""
        with self.state.lock:
            app = self.state.add_application(account, name, description, status)
        return {"application_id": app.application_id, "application_key": app.key, "application_secret": app.secret}

    def add_consumer_key(self, application_key, rules, account="demo-ovh", state="validated", validity=None,
                         allowed_ips=None):
        """Create a consumer key in the given state; returns the key."""
        with self.state.lock:
            app = self.state.application_by_key(application_key)
            if app is None:
                raise ValueError("unknown application key")
            credential = self.state.add_credential(app.application_id, rules, allowed_ips=allowed_ips)
            if state in ("validated", "expired"):
                self.state.validate(credential.consumer_key, account, 0 if state == "expired" else validity)
            elif state == "refused":
                self.state.refuse(credential.consumer_key)
            elif state != "pendingValidation":
                raise ValueError(f"invalid credential state {state!r}")
            return credential.consumer_key

    def validate_consumer_key(self, consumer_key, account="demo-ovh", validity=None):
        """What the customer does on the validation page; validity in seconds, None = unlimited."""
        with self.state.lock:
            self.state.validate(consumer_key, account, validity)

    def refuse_consumer_key(self, consumer_key):
        """The customer refuses the consumer key."""
        with self.state.lock:
            self.state.refuse(consumer_key)

    def pending_validations(self):
        """Consumer keys waiting for the customer, oldest first: consumer_key, credential_id,
        application_id, validation_url, redirection."""
        with self.state.lock:
            pending = [c for c in self.state.credentials.values() if c.status == "pendingValidation"]
            return [{"consumer_key": c.consumer_key, "credential_id": c.credential_id, "application_id": c.application_id,
                     "validation_url": validation_url(self.root_url, c), "redirection": c.redirection}
                    for c in sorted(pending, key=lambda c: c.credential_id)]

    def zone(self, account, name):
        """The Zone object: pending_records() (staged) and live_records() (as of the last refresh)."""
        with self.state.lock:
            return self.state.zones[(account, name)]

    def add_zone(self, account, name, records=None):
        """Create a zone whose records are already published."""
        with self.state.lock:
            return self.state.add_zone(account, name, records or [])
