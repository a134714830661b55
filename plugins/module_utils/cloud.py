# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public Cloud projects (``/cloud/project/{serviceName}/…``): what every Public Cloud module shares.

- ``find_user`` finds a user by its description, the stable name the modules give users;
- ``project_id`` checks the ``project`` option (the project's id, 32 hexadecimal characters);
- ``check_region`` checks a region against the regions the project runs the product in, one list per
  product (compute, S3 storage, managed Kubernetes: the names differ, ``GRA11`` against ``GRA``), and
  names them in the error;
- ``wait_for_operation`` follows a ``cloud.Operation``; ``wait_for_status`` polls a resource's own
  status (a cluster's, a node pool's) and ``wait_until_gone`` reads a deleted resource until the API
  answers 404. All three on the collection's clock, with the last status in the error.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.shapes import NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import (
    FIRST_DELAY, MAX_DELAY, TASK_KINDS, TaskFailed, WaitTimeout, poll, wait_for_task)

OPERATION = Shape("object", ("id", "action", "status"), "a Public Cloud operation")
REGION = Shape("object", ("name", "services"), "a Public Cloud region")
# A user's roles decide whether its roles are written: a list of cloud.role.Role objects, each named.
ROLE_LIST = Shape("objects", ("name",), "a list of roles", fields={"name": Shape("text", what="a role name")})
USERS = Shape("objects", ("id", "username", "description", "status"), "a list of Public Cloud users",
              fields={"roles": ROLE_LIST})
_PROJECT = re.compile(r"^[0-9a-f]{32}$")
_REGION = re.compile(r"^[A-Za-z0-9-]{1,32}\Z")  # \Z: $ would let a final line break in
_STATUS = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# The region component each product needs (cloud.Region ``services``); Kubernetes has its own route.
S3_SERVICES = ("storage-s3-standard", "storage-s3-high-perf")


class CloudInputError(InputError):
    """Input refused before any request (or before any write)."""


def project_id(value, option="project"):
    """The project's id as the API writes it (32 lowercase hexadecimal characters)."""
    text = value.strip().lower() if isinstance(value, str) else ""
    if not _PROJECT.match(text):
        raise CloudInputError("%s must be a Public Cloud project id (32 hexadecimal characters, as in "
                              "/cloud/project), got %s" % (option, printable(str(value))))
    return text


def project_path(project, *parts):
    """``/cloud/project/{project}/part/part…``, each part quoted."""
    return path_join("/cloud/project", project, *parts)


def find_users(client, project, description):
    """The project's users whose description is ``description`` (the stable name the collection gives a
    user: the API makes the username up), from one request; deleted ones left out."""
    users = client.get(project_path(project, "user"), shape=USERS)
    return [user for user in users if user.get("description") == description and user.get("status") != "deleted"]


def find_user(client, project, description, option="user"):
    """The one user described ``description``, or None; two of them is an error naming their ids, and an id
    that is not an integer an error too (ValueError)."""
    users = find_users(client, project, description)
    if len(users) > 1:
        raise CloudInputError("%s %s matches %d users of the project (ids %s): give each user its own description" % (
            option, printable(description), len(users),
            ", ".join(str(user["id"]) if isinstance(user["id"], int) else printable(str(user["id"])) for user in users)))
    user = users[0] if users else None
    if user is not None and (not isinstance(user["id"], int) or isinstance(user["id"], bool)):
        # It becomes a path segment of every write: a text such as ".." would reach another route.
        raise ValueError("the API answered user %s whose id is not an integer: %s" % (
            printable(description), printable(str(user["id"]))))
    return user


def region_name(value, option="region"):
    """A region name's form (letters, digits, dashes), before the project's list is read."""
    if not isinstance(value, str) or not _REGION.match(value):
        raise CloudInputError("%s must be a region name such as GRA11, got %s" % (option, printable(str(value))))
    return value


def regions_running(client, project, services):
    """The project's regions running one of ``services`` (cloud.Region ``services``, status UP):
    the region list, then the regions in batches."""
    names = client.get(project_path(project, "region"), shape=NAMES)
    details = client.get_many(project_path(project, "region"), names, shape=REGION)
    wanted = set(services)
    return sorted(name for name, region in details.items()
                  if any(isinstance(service, dict) and service.get("name") in wanted and service.get("status", "UP") == "UP"
                         for service in region.get("services") or ()))


def kube_regions(client, project):
    """The regions the project can run managed Kubernetes in (one request)."""
    return sorted(client.get(project_path(project, "capabilities", "kube", "regions"), shape=NAMES))


def check_region(region, available, what, option="region"):
    """``region`` when it is in ``available`` (compared without case, answered in the API's case),
    else an error naming the regions the project offers for ``what``."""
    by_lower = dict((name.lower(), name) for name in available)
    if region.lower() in by_lower:
        return by_lower[region.lower()]
    # The names come from the API: one that is not a plain region name is quoted.
    names = ", ".join(name if _REGION.match(name) else printable(name) for name in available)
    raise CloudInputError("%s %s is not a region where the project runs %s; its regions for it: %s" % (
        option, printable(region), what, names or "none"))


def secret_call(client, method, path, shape, what, query=None, body=None, read=False):
    """A call whose answer holds a secret (a password, an S3 secret, a kubeconfig, an openrc file): an
    answer that cannot be used fails saying what is wrong with it, never quoting its text (the client's
    excerpt is masked for the credentials it knows, not for a secret the answer brings). ``read``: a POST
    that only reads (a kubeconfig, an S3 secret), so that such a failure is no change."""
    try:
        return client.call(method, path, query=query, body=body, shape=shape).data
    except OvhApiError as exc:
        exc.read_only = read
        if exc.status is not None and 200 <= exc.status < 300:
            message = exc.message or ""
            head = message.split(" (", 1)[0] if message.startswith("unexpected answer") else "the answer is not JSON"
            applied = "; the API answered %d, so the %s was probably carried out" % (exc.status, method) \
                if exc.accepted_write else ""
            exc.message = "%s (its text is not shown: it may hold %s)%s" % (head, what, applied)
            exc.args = (exc.describe(),)
        raise


def wait_for_operation(client, project, operation, timeout, poll_interval=MAX_DELAY, sleep=None, clock=None):
    """Follow a cloud.Operation (an answer of the write that started it, or its id) until it ends;
    raise TaskFailed when it ends in error, WaitTimeout when it is still pending."""
    op_id = operation.get("id") if isinstance(operation, dict) else operation
    return wait_for_task(client, TASK_KINDS["cloud"], project, op_id, timeout, poll_interval=poll_interval,
                         sleep=sleep, clock=clock)


def _status_text(status):
    """A status the API reports, for a message: a plain word as it is, anything else quoted (API text)."""
    if status is None or (isinstance(status, str) and _STATUS.match(status)):
        return status
    return printable(str(status))


class StatusFailed(TaskFailed):
    """A resource reached a failure status while we waited for it (``task`` is its last read)."""

    def __init__(self, what, resource, status_field):  # pylint: disable=super-init-not-called
        self.kind = None
        self.service = None
        self.task = resource
        Exception.__init__(self, "%s is %s" % (what, printable(str(resource.get(status_field)))))  # pylint: disable=non-parent-init-called


def wait_for_status(client, path, what, ready, pending, failed=(), status_field="status", timeout=600,
                    poll_interval=MAX_DELAY, shape=None, sleep=None, clock=None):
    """Read ``path`` until its ``status_field`` is in ``ready``; return that read.

    A status in ``failed`` raises StatusFailed, one that is neither ready, pending nor failed is
    treated as failed too (waiting on it would never end); WaitTimeout names the last status."""
    def is_final(resource):
        return resource.get(status_field) not in pending

    try:
        resource = poll(lambda: client.get(path, shape=shape), is_final, timeout, what=what, sleep=sleep, clock=clock,
                        first_delay=min(FIRST_DELAY, poll_interval), max_delay=poll_interval)
    except WaitTimeout as exc:
        raise WaitTimeout(exc.what, exc.timeout, exc.last, path=path, status=_status_text((exc.last or {}).get(status_field)))
    if resource.get(status_field) not in ready:
        raise StatusFailed(what, resource, status_field)
    return resource


def wait_until_gone(client, path, what, timeout=600, poll_interval=MAX_DELAY, status_field="status", failed=(), gone=(),
                    sleep=None, clock=None):
    """After a DELETE: read ``path`` until the API answers 404, or a status in ``gone`` (``DELETED``): the
    resource is gone. A status in ``failed`` (a deletion that went wrong) raises StatusFailed at once rather
    than waiting out the timeout on it."""
    def status_of(answer):
        return answer.get(status_field) if isinstance(answer, dict) else None

    try:
        last = poll(lambda: client.get_or_none(path), lambda answer: answer is None or status_of(answer) in failed + gone,
                    timeout, what=what, sleep=sleep, clock=clock, first_delay=min(FIRST_DELAY, poll_interval),
                    max_delay=poll_interval)
    except WaitTimeout as exc:
        raise WaitTimeout(exc.what, exc.timeout, exc.last, path=path, status=_status_text(status_of(exc.last)))
    if last is not None and status_of(last) not in gone:
        raise StatusFailed(what, last, status_field)
