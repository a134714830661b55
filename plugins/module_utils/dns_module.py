# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ovh_dns_record and ovh_dns_records share on top of module.py: the options of a record set
and of its writes (documented by the doc fragment signet.ovh.dns), and the execution of a plan:
its writes, one refresh (also one owed by an earlier failed task), a failure's ``changed``, and
the result's ``changed`` and ``changes``::

    with ovh_session(module, dict(changed=False)) as client:
        ...  # read the zone, plan (dns.plan_set), check
        result = apply_changes(module, client, zone, ordered(changes))
    module.exit_json(**with_diff(module, result, **diff_view(zone, plans)))
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    ON_EXISTING, PENDING_REFRESH, PartialFailure, PendingRefreshes, RECORD_TYPES, TXT_TRANSFORMATIONS, execute)
from ansible_collections.signet.ovh.plugins.module_utils.module import fail_on_api_error


def record_set_options():
    """A record set: ovh_dns_record's options, and the suboptions of ovh_dns_records' ``records``."""
    return dict(
        subdomain=dict(type="str", required=True),
        type=dict(type="str", required=True, choices=list(RECORD_TYPES)),
        value=dict(type="list", elements="str", aliases=["values"]),
        ttl=dict(type="int"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        on_existing=dict(type="str", default="replace", choices=list(ON_EXISTING)),
    )


def write_options():
    """How the values are written and whether the zone is refreshed after."""
    return dict(
        txt_transformation=dict(type="str", default="unquoted", choices=list(TXT_TRANSFORMATIONS)),
        refresh=dict(type="bool", default=True),
    )


def apply_changes(module, client, zone, changes, replan=None, notes=()):
    """Send ``changes`` (already ordered) and refresh the zone once, unless in check mode; a refresh owed
    by an earlier failed task is sent (and counted as a change) even with nothing to write.

    ``replan`` (see dns.execute) plans anew when the zone changed meanwhile; ``notes`` is the list it
    fills with why, given as warnings after the writes, on a failure too. A failed write fails the task
    with what was and was not applied, ``changed`` when a write was applied or may have been.
    Returns the result: ``changed`` and ``changes``, the writes made (or that check mode would make)."""
    refresh = module.params["refresh"]
    pending = PendingRefreshes()
    owed = refresh and pending.owed(client, zone)
    if (changes or owed) and not module.check_mode:
        try:
            changes = execute(client, zone, changes, refresh=refresh, pending=pending, owed=owed, replan=replan)
        except PartialFailure as exc:
            _warn(module, notes)
            fail_on_api_error(module, exc.error, msg=str(exc), client=client, changed=bool(exc.applied or exc.refreshed or exc.uncertain),
                              applied=exc.applied, not_applied=exc.not_applied)
        _warn(module, notes)
    return dict(changed=bool(changes or owed),
                changes=[change.describe() for change in changes] + ([PENDING_REFRESH] if owed and not changes else []))


def _warn(module, notes):
    for note in notes:
        module.warn(note)
