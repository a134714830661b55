# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets never shown: their forms in a text, masking, and safe excerpts of answers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

# The user:password part of a URL: after the scheme, up to the last '@' before the path.
_URL_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@")
EXCERPT_LENGTH = 200
SECRET_PIECE = 8  # no run of this many characters of a secret is ever shown
MASK = "********"


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


def url_userinfo(url):
    """The user:password part of a URL (as text, a backslash before the '@' included); None without one."""
    match = _URL_USERINFO.match(str(url or ""))
    return match.group(2) if match else None


def hide_userinfo(url):
    """``url`` as it can be shown: its user:password part replaced by a note."""
    return _URL_USERINFO.sub(r"\1(user:password not shown)@", str(url))


def url_secrets(url):
    """The parts of a URL that must not be shown: the user:password part and the query string (a signed
    URL's signature or token), whole and value by value, in the forms a text can hold them."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return [url] if url else []
    found = []
    if parts.password:
        found.append(parts.password)
    if "@" in parts.netloc:
        found.append(parts.netloc.rsplit("@", 1)[0])
    if parts.query:
        found.append(parts.query)
        found.extend(value for dummy, value in parse_qsl(parts.query, keep_blank_values=False))
    forms = set()
    for secret in found:
        forms.update(secret_forms(secret))
    return sorted(forms, key=len, reverse=True)


def printable(text, limit=120):
    """``text`` quoted for a message: control and non-ASCII characters escaped, braces kept as
    they are but the whole never longer than ``limit`` characters (then cut and marked)."""
    quoted = json.dumps(str(text), ensure_ascii=True)
    if len(quoted) > limit:
        quoted = quoted[:limit - 4] + '..."'
    return quoted
