# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A failed API call as OVH support needs it: status, error class and code, message, QueryID."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.signet.ovh.plugins.module_utils.masking import mask_secrets, safe_excerpt


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


class InputError(ValueError):
    """Input that cannot be used (an option's value, a file): the message names what and why. Raised
    before any request that writes; a module turns it into a failure with nothing changed."""


class OvhApiError(Exception):
    """A failed API call, with everything OVH support asks for."""

    def __init__(self, method, path, status=None, error_class=None, error_code=None, message=None, details=None, query_id=None,
                 sent=True):
        self.sent = sent  # False when the request never reached the server (refused connection, TLS failure, not sendable)
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
        kind = " ".join(_plain(part) for part in (self.error_class, "(%s)" % self.error_code if self.error_code else None)
                        if part)
        if kind:
            text += ", %s" % kind
        if self.message:
            text += ": %s" % _plain(self.message)
        if self.details:
            text += " (details: %s)" % json.dumps(self.details, sort_keys=True)
        text += " [QueryID: %s]" % (self.query_id or "none")
        hint = HINTS.get(self.error_code)
        if hint:
            text += "; %s" % hint
        return text

    read_only = False  # set for a POST that only reads (a token, a kubeconfig, an S3 secret): it changes nothing

    @property
    def accepted_write(self):
        """Whether a write was carried out for sure: the API answered it 2xx, only the answer could not be used."""
        return (self.sent and self.method != "GET" and not self.read_only and self.status is not None
                and 200 <= self.status < 300)

    @property
    def may_have_applied(self):
        """Whether the API may have carried out the call all the same: the request was sent and got no
        answer, a server error, or a success (2xx) whose body could not be read or had the wrong shape."""
        if not self.sent:
            return False
        return self.status is None or self.status >= 500 or 200 <= self.status < 300

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
        """Fields for fail_json; never carries credentials. The HTTP status is ``http_status``: ``status``
        is what a module reports a resource to be (a key's validation, a VPS, DNSSEC)."""
        return {
            "http_status": self.status,
            "error_class": self.error_class,
            "error_code": self.error_code,
            "error_message": self.message,
            "error_details": self.details,
            "query_id": self.query_id,
        }


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


def _plain(text):
    """API text for a message as it is when it is printable, else with its control characters escaped
    (a line break in an answer never starts a line of its own in a log)."""
    text = str(text)
    return text if text.isprintable() else json.dumps(text, ensure_ascii=False)[1:-1]


def _code_from_message(message):
    text = str(message or "").lower()
    for start, code in CODES_BY_MESSAGE:
        if text.startswith(start):
            return code
    return None
