# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options and what they guarantee, shared by every module, the lookup and the inventory
    # (module-only text, such as the action group, is in signet.ovh.attributes).
    DOCUMENTATION = r'''
options:
  endpoint:
    description:
      - The API endpoint, by name (V(ovh-eu), V(ovh-ca), V(ovh-us), V(kimsufi-eu), V(kimsufi-ca),
        V(soyoustart-eu), V(soyoustart-ca)) or as a base URL ending in C(/1.0), for example C(http://127.0.0.1:8080/1.0).
      - If not set, the environment variable E(OVH_ENDPOINT) is used, then C(endpoint) in the C([default])
        section of the ovh.conf files (see O(config_file)).
    type: str
  application_key:
    description:
      - The application key (AK) of the API application.
      - If not set, the environment variable E(OVH_APPLICATION_KEY) is used, then C(application_key) in the section
        of the ovh.conf files named after the endpoint.
    type: str
  application_secret:
    description:
      - The application secret (AS) that signs requests. It is never logged.
      - If not set, the environment variable E(OVH_APPLICATION_SECRET) is used, then C(application_secret) in the
        ovh.conf files.
    type: str
  consumer_key:
    description:
      - The consumer key (CK) bound to a customer account and its access rules. It is never logged.
      - If not set, the environment variable E(OVH_CONSUMER_KEY) is used, then C(consumer_key) in the ovh.conf files.
    type: str
  client_id:
    description:
      - The client id of an OVHcloud service account, to authenticate with OAuth2 (client credentials) instead of an
        application key, secret and consumer key. Not available on the kimsufi and soyoustart endpoints.
      - If not set, the environment variable E(OVH_CLIENT_ID) is used, then C(client_id) in the ovh.conf files.
      - Give either O(client_id) and O(client_secret), or O(application_key), O(application_secret) and O(consumer_key).
    type: str
  client_secret:
    description:
      - The client secret of the service account. It is never logged.
      - If not set, the environment variable E(OVH_CLIENT_SECRET) is used, then C(client_secret) in the ovh.conf files.
    type: str
  config_file:
    description:
      - An ovh.conf file in python-ovh's INI format, read after C(/etc/ovh.conf), C(~/.ovh.conf) and
        C(./ovh.conf), so its values win over theirs. It must exist.
      - Options and environment variables win over every file.
    type: path
  timeout:
    description:
      - Timeout in seconds of each HTTP request.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to check the API's TLS certificate. Only turn this off for a test endpoint; a warning is shown then.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file (or a directory) of CA certificates to trust instead of the system's, for an endpoint with a private CA.
      - A missing or unreadable file is refused before any request.
    type: path
  allow_insecure_http:
    description:
      - Allow an C(http://) endpoint on another host than this machine. Without it, plain http is accepted only for a
        loopback address (C(localhost), C(127.0.0.0/8), C(::1)), since credentials and answers would travel unencrypted.
      - With it a warning is shown. It never allows sending a service account's client secret over plain http to another host.
    type: bool
    default: false
  rate_limit:
    description:
      - At most this many requests per second to the endpoint with one key (consumer key, or service account), shared by
        every fork, task and module run of the controller through a locked file, C(rate-limit.json) in the cache
        directory (see the notes). Forks and loops multiply the rate of one key; the API's fair use is about 60 requests a
        minute per consumer key, with no published limit.
      - Unset, requests are not spaced; an HTTP 429 answer is retried after its C(Retry-After) either way.
    type: float
  max_answer_size:
    description:
      - The largest API answer read, in MiB. A larger answer is an error, and is not read into memory in full.
    type: int
    default: 32
notes:
  - Credential values with leading or trailing whitespace or control characters (often a line break from a copy and
    paste) are refused before any request; the message names the option and where it came from, never the value.
    Error messages never show a secret, escaped or not, nor any 8-character piece of one.
  - Every successful answer must be JSON, and the routes the modules read are checked for the shape they promise
    (a list of ids, objects with their key fields) before anything is used or written; otherwise that is an error
    naming the method, path, status, QueryID, with a short excerpt.
  - Path segments C(.) and C(..) are refused.
  - The files the collection keeps under the cache directory (server-time offsets, DNS refreshes owed, rate-limit slots)
    are changed under an exclusive lock (C(flock) on C(<file>.lock)) and replaced atomically. A corrupt file is reported
    with a warning, kept as C(<file>.corrupt) and replaced.
  - Requests are signed on the exact bytes sent; the offset between the local clock and the API's clock is
    cached for 10 minutes per endpoint under C($XDG_CACHE_HOME/signet.ovh/) (default C(~/.cache/signet.ovh/))
    so that module runs, lookups and inventory sources do not each pay an extra C(GET /auth/time), and is fetched
    again when the API rejects a timestamp.
  - Rate-limited answers (HTTP 429) are retried after C(Retry-After); 502, 503, 504, timeouts and connection errors
    are retried for C(GET), C(PUT) and C(DELETE) (and a DNS zone refresh, which is safe to repeat), never for a
    C(POST) that may have been executed, so nothing is created twice.
  - With a service account, a token is fetched once per module run, lookup or inventory source from the endpoint's
    OAuth2 token URL (for an endpoint given as a URL, C(/auth/oauth2/token) on its host) and fetched again when it
    expires or is refused.
requirements:
  - requests
'''
