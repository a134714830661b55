# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The options the DNS modules share. A module may set single keys of an option again (such as
    ``required``): ansible-doc merges them over the fragment's, which keeps the description."""

    # Every module of a DNS zone.
    DOCUMENTATION = r'''
options:
  zone:
    description:
      - The DNS zone, as listed by C(GET /domain/zone), for example V(example.com). Case and a final dot do not matter.
    type: str
    required: true
'''

    # A name of the zone (module_utils/dns.py normalize_subdomain).
    SUBDOMAIN = r'''
options:
  subdomain:
    description:
      - A name relative to the zone; V('') or V(@) is the zone apex. Names are case-insensitive and matched exactly.
      - A name ending with a dot is absolute and must be inside the zone, for example V(www.example.com.).
    type: str
'''

    # The record type of a record set (dns.RECORD_TYPES).
    RECORD_TYPE = r'''
options:
  type:
    description:
      - The record type.
    type: str
    choices: [A, AAAA, CAA, CNAME, DKIM, DMARC, DNAME, LOC, MX, NAPTR, NS, PTR, SPF, SRV, SSHFP, TLSA, TXT]
'''

    # How record values are written, and the refresh after the writes (dns_module.write_options).
    RECORD_WRITES = r'''
options:
  txt_transformation:
    description:
      - How the values of C(TXT) and C(SPF) records are written.
      - V(unquoted) is the plain text (V(v=spf1 -all)); it is quoted, and split into strings of 255 characters, for OVH.
      - V(quoted) is already in DNS quoted form (V("v=spf1 -all") or several quoted strings) and is decoded first.
      - V(api) is sent to the API exactly as given.
    type: str
    choices: [unquoted, quoted, api]
    default: unquoted
  refresh:
    description:
      - Whether to apply the zone's changes (C(POST /domain/zone/{zone}/refresh)) after writing. Without a refresh
        the changes stay pending and have no effect.
      - Set to V(false) to batch several tasks and refresh once at the end, for example with M(signet.ovh.ovh_api_call).
      - When a task of a DNS module of this collection failed before its writes were surely refreshed (its refresh kept
        failing, or a write got no answer and may land later), the zone is remembered (in C(~/.cache/signet.ovh/), per
        endpoint and zone) and the next task on that zone with O(refresh=true) refreshes it even when it has nothing to
        write, reporting a change.
    type: bool
    default: true
'''
