"""Helpers for the emulator's own tests: a client that signs exactly what it sends."""

import hashlib
import json
import time

import pytest
import requests

from answer_checks import assert_error

DEMO_AK = "DemoAppKey000001"
DEMO_AS = "DemoAppSecret0000000000000000001"
DEMO_CK = "DemoConsumerKey00000000000000001"


def sign(secret, consumer_key, method, url, body, timestamp):
    """The OVH signature, computed here independently of the emulator's code."""
    data = b"+".join([secret.encode(), consumer_key.encode(), method.encode(), url.encode("utf-8"), body,
                      str(timestamp).encode()])
    return "$1$" + hashlib.sha1(data).hexdigest()


class OvhClient:
    """Signed calls against an emulator. ``path`` and ``query`` are sent exactly as given
    (already percent-encoded); the sign_* arguments sign something else than what is sent."""

    def __init__(self, emu, ak=DEMO_AK, secret=DEMO_AS, ck=DEMO_CK):
        self.emu = emu
        self.ak = ak
        self.secret = secret
        self.ck = ck
        self.session = requests.Session()

    def url(self, path, query=None):
        """The full URL as it goes on the wire."""
        return self.emu.base_url + path + (f"?{query}" if query is not None else "")

    def now(self):
        """The emulator's clock, as a client that synchronized with /auth/time knows it."""
        return int(time.time() + self.emu.clock_offset)

    def call(self, method, path, body=None, query=None, raw=None, headers=None, timestamp=None, **signed):
        """Send a signed request. signed may hold sign_method, sign_url, sign_body, sign_timestamp."""
        url = self.url(path, query)
        if raw is None:
            raw = json.dumps(body).encode() if body is not None else b""
        timestamp = self.now() if timestamp is None else timestamp
        all_headers = {
            "X-Ovh-Application": self.ak,
            "X-Ovh-Consumer": self.ck,
            "X-Ovh-Timestamp": str(timestamp),
            "X-Ovh-Signature": sign(self.secret, self.ck, signed.get("sign_method", method), signed.get("sign_url", url),
                                    signed.get("sign_body", raw), signed.get("sign_timestamp", timestamp)),
        }
        if raw:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        prepared = self.session.prepare_request(requests.Request(method, url, data=raw or None, headers=all_headers))
        prepared.url = url  # exactly what was signed, whatever requests would re-quote
        return self.session.send(prepared, timeout=10)

    def get(self, path, **kwargs):
        """Signed GET."""
        return self.call("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        """Signed POST."""
        return self.call("POST", path, body=body, **kwargs)

    def put(self, path, body=None, **kwargs):
        """Signed PUT."""
        return self.call("PUT", path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        """Signed DELETE."""
        return self.call("DELETE", path, **kwargs)


@pytest.fixture
def api(emulator):
    """A client with the seeded demo AK/AS/CK."""
    client = OvhClient(emulator)
    yield client
    client.session.close()


@pytest.fixture
def client_factory(emulator):
    """Make clients with other keys: client_factory(ak=..., secret=..., ck=...)."""
    clients = []

    def make(**keys):
        client = OvhClient(emulator, **keys)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.session.close()


@pytest.fixture
def check_error():
    """The assert_error helper, as a fixture (test modules do not import conftest)."""
    return assert_error


@pytest.fixture
def signer():
    """The sign() helper, as a fixture."""
    return sign
