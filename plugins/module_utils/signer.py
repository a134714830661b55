# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OVHcloud API request signature ("$1$" + SHA1), pure and without I/O."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib


def sign(application_secret, consumer_key, method, url, body, timestamp):
    """Return the X-Ovh-Signature value for one request.

    ``url`` is the full URL exactly as sent (scheme, host, /1.0, path, query) and
    ``body`` the exact body bytes (or text) sent, empty when there is none. The
    method is upper-cased because the API signs the method as it travels.
    """
    if body is None:
        body = b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    prefix = "+".join([application_secret, consumer_key, method.upper(), url, ""]).encode("utf-8")
    suffix = ("+" + str(int(timestamp))).encode("ascii")
    return "$1$" + hashlib.sha1(prefix + body + suffix).hexdigest()
