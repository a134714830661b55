"""A server that answers what a test tells it to, however wrong: HTML with status 200, JSON of the
wrong shape, huge bodies, tokens with control characters. Used where the emulator (which answers
only what the real API answers) cannot be made to misbehave. 127.0.0.1 only."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HostileServer(object):
    """``answers`` maps "METHOD /path" (path after /1.0, or the token path) to (status, body bytes or
    JSON value, content type); anything else is a 404. ``log`` lists "METHOD /path" of each request."""

    def __init__(self, answers=None):
        self.answers = dict(answers or {})
        self.log = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_request(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?", 1)[0]
                path = path[len("/1.0"):] if path.startswith("/1.0/") else path
                key = "%s %s" % (self.command, path)
                server.log.append(key)
                status, body, content_type = server.answers.get(key, (404, {"message": "not here"}, "application/json"))
                if callable(body):
                    body = body()
                if not isinstance(body, bytes):
                    body = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Ovh-QueryID", "EU.hostile.%d" % len(server.log))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = handle_request

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = "http://127.0.0.1:%d/1.0" % self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()


# A client of the collection for a HostileServer, with known secrets to look for in what it says.
SECRET = "AppSecretValue0123456789abcdefXY"
CONSUMER_KEY = "ConsumerKeyValue0123456789abcdEF"
TIME = ("GET /auth/time", (200, 1700000000, "application/json"))  # the server-time answer, to put in ``answers``


def client_for(server, tmp_path, **kwargs):
    """An OvhClient signing with SECRET and CONSUMER_KEY against ``server``, its time offsets cached under
    ``tmp_path``, never sleeping; ``kwargs`` go to OvhClient."""
    from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
    from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
    from ansible_collections.signet.ovh.plugins.module_utils.config import resolve_settings
    settings = resolve_settings(dict(endpoint=server.base_url, application_key="AK", application_secret=SECRET,
                                     consumer_key=CONSUMER_KEY), environ={}, default_files=[])
    return OvhClient(settings, time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")), sleep=lambda seconds: None, **kwargs)
