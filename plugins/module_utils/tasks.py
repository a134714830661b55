# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for asynchronous OVHcloud operations (tasks, DNSSEC...) to reach a final state."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from urllib.parse import quote, unquote

from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.masking import printable

FIRST_DELAY = 1.0  # seconds before the second read; doubles up to MAX_DELAY
MAX_DELAY = 10.0


class WaitTimeout(Exception):
    """The operation was still pending when the timeout ran out; ``last`` is what was read last,
    ``path`` where and ``status`` its state (a task's; None for other waits)."""

    def __init__(self, what, timeout, last, path=None, status=None):
        self.what = what
        self.timeout = timeout
        self.last = last
        self.path = path
        self.status = status
        read = "status: %s" % status if path else "last read: %s" % (last,)
        super(WaitTimeout, self).__init__("%s still pending after %s seconds (%s)" % (what, timeout, read))


def poll(read, is_final, timeout, what="the task", sleep=None, clock=None, first_delay=FIRST_DELAY,
         max_delay=MAX_DELAY):
    """Call ``read()`` until ``is_final(answer)``; return the final answer, or raise WaitTimeout.

    The first read is immediate, then reads back off from ``first_delay`` to ``max_delay`` seconds
    and never sleep past the deadline. ``sleep`` and ``clock`` are injectable so that tests drive
    time (e.g. by advancing an emulator's clock) instead of waiting; by default, clock.CLOCK's."""
    sleep = CLOCK.sleep if sleep is None else sleep
    clock = CLOCK.monotonic if clock is None else clock
    deadline = clock() + timeout
    delay = first_delay
    while True:
        answer = read()
        if is_final(answer):
            return answer
        left = deadline - clock()
        if left <= 0:
            raise WaitTimeout(what, timeout, answer)
        sleep(min(delay, left))
        delay = min(delay * 2, max_delay)


class TaskKind(object):
    """Where one product's tasks are read and what their states mean.

    ``route`` is the task's path with ``{service}`` and ``{task}`` to fill in; ``pending`` states
    are polled on, ``done`` ends the wait and ``failed`` states fail it with the task's comment
    (``comment_field`` None: the kind has none, a VPS task's, and the failure names its type instead).
    ``gone`` is the state a task has reached when its read answers 404 after it was created (a vRack
    task disappears once done); None when a 404 is an error."""

    def __init__(self, product, route, id_field, pending, done=("done",), failed=(), status_field="status",
                 comment_field="comment", gone=None, marker_field=None):
        self.product = product
        self.marker_field = marker_field
        self.gone = gone
        self.route = route
        self.id_field = id_field
        self.pending = tuple(pending)
        self.done = tuple(done)
        self.failed = tuple(failed)
        self.status_field = status_field
        self.comment_field = comment_field

    def path(self, service, task_id):
        return self.route.format(service=quote(str(service), safe=""), task=quote(str(task_id), safe=""))

    def status(self, task):
        return task.get(self.status_field) if isinstance(task, dict) else None

    def is_final(self, task):
        """Final is anything not pending, unknown states included: waiting on them would never end."""
        return self.status(task) not in self.pending

    def is_task(self, answer):
        """Whether ``answer`` is one of this kind's tasks (``marker_field`` tells it apart from a resource
        of the same product that also has an id and a status, a Kubernetes cluster's)."""
        return isinstance(answer, dict) and self.id_field in answer and self.status_field in answer and \
            (self.marker_field is None or self.marker_field in answer)


# The tasks of the products the collection knows, with the states their schemas list
# (openapi3-dedicated-server.json, openapi3-domain.json, openapi3-ip.json, openapi3-vps.json): the one
# place a task's pending states are written. A zone's or a domain's task has no "init" state: asking
# the API for tasks in that state would be refused. A VPS task (vps.Task: ``id``, ``type``, ``state``,
# ``progress``, no comment) is pending in todo and doing, and also in waitingAck, paused and blocked:
# none of those says the task ended, and a task that stays there is a wait that runs out (the task
# says so, with its state), never a success nor a failure the API did not report.
TASK_KINDS = {
    "dedicated_server": TaskKind("dedicated server", "/dedicated/server/{service}/task/{task}", "taskId",
                                 pending=("init", "todo", "doing"), failed=("cancelled", "customerError", "ovhError")),
    "domain_zone": TaskKind("DNS zone", "/domain/zone/{service}/task/{task}", "id",
                            pending=("todo", "doing"), failed=("cancelled", "error", "problem")),
    "domain": TaskKind("domain", "/domain/{service}/task/{task}", "id",
                       pending=("todo", "doing"), failed=("cancelled", "error", "problem")),
    "ip": TaskKind("IP", "/ip/{service}/task/{task}", "taskId",
                   pending=("init", "todo", "doing"), failed=("cancelled", "customerError", "ovhError")),
    # vrack.TaskStatusEnum (openapi3-vrack.json) has no error state; a finished task disappears: its read
    # answers 404, which means done (NOTES), so wait_for_task reports it as a done task.
    "vrack": TaskKind("vRack", "/vrack/{service}/task/{task}", "id",
                      pending=("init", "todo", "doing"), failed=("cancelled",), gone="done"),
    # cloud.Operation (cloud.json): created and in-progress are pending; "unknown" too, since it says
    # neither that the operation ended nor how (an operation that stays there is a wait that runs out).
    # Its ``action`` tells it apart from the project's resources, which also have an id and a status.
    "cloud": TaskKind("Public Cloud", "/cloud/project/{service}/operation/{task}", "id",
                      pending=("created", "in-progress", "unknown"), done=("completed",), failed=("in-error",),
                      comment_field="action", marker_field="action"),
    "vps": TaskKind("VPS", "/vps/{service}/tasks/{task}", "id",
                    pending=("todo", "doing", "waitingAck", "paused", "blocked"), failed=("cancelled", "error"),
                    status_field="state", comment_field=None),
}

# Which product a call's path belongs to, and the segment naming its service (first match wins).
_PRODUCT_PATHS = (
    ("dedicated_server", re.compile(r"^/dedicated/server/([^/?]+)")),
    ("domain_zone", re.compile(r"^/domain/zone/([^/?]+)")),
    ("domain", re.compile(r"^/domain/(?!zone(?:/|$))([^/?]+)")),
    ("ip", re.compile(r"^/ip/([^/?]+)")),
    ("vrack", re.compile(r"^/vrack/([^/?]+)")),
    ("vps", re.compile(r"^/vps/([^/?]+)")),
    ("cloud", re.compile(r"^/cloud/project/([^/?]+)")),
)


def task_of_call(path, answer):
    """(TaskKind, service name, task id) when ``answer`` to a call on ``path`` is a task of a
    product the collection knows, else None."""
    for name, pattern in _PRODUCT_PATHS:
        match = pattern.match(path)
        if match:
            kind = TASK_KINDS[name]
            if kind.is_task(answer):
                return kind, unquote(match.group(1)), answer[kind.id_field]
            return None
    return None


class TaskFailed(Exception):
    """A task ended in a failure state; ``task`` is its last read."""

    def __init__(self, kind, service, task):
        self.kind = kind
        self.service = service
        self.task = task
        if kind.comment_field:
            comment = task.get(kind.comment_field)
            comment = printable(comment) if comment else "no comment"
        else:
            progress = task.get("progress")
            progress = progress if isinstance(progress, int) else printable(progress)
            comment = "%s, progress %s%%" % (printable(task.get("type") or "task"), progress)
        super(TaskFailed, self).__init__("%s task %s of %s ended %s: %s" % (
            kind.product, task.get(kind.id_field), service, kind.status(task), comment))


def _excerpt(answer, limit=2000):
    """An API answer for a message: repr escapes control characters; a huge answer is cut."""
    text = repr(answer)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def wait_for_task(client, kind, service, task_id, timeout, poll_interval=MAX_DELAY, sleep=None, clock=None,
                  on_read=None):
    """Read the task until it is final; return it when done, raise TaskFailed on a failure state and
    WaitTimeout when it is still pending after ``timeout`` seconds. ``on_read(task)`` sees every read
    (e.g. to read an installation's progress alongside). For a kind whose ended tasks disappear
    (``gone``), a 404 is the task in that state: the last read (or its id) with that status."""
    path = kind.path(service, task_id)
    last = {}

    def read():
        try:
            task = client.get(path)
        except Exception as exc:  # pylint: disable=broad-except  # an OvhApiError (errors.py: same layer, not imported)
            if kind.gone is None or getattr(exc, "status", None) != 404:
                raise
            task = dict(last.get("task") or {kind.id_field: task_id}, **{kind.status_field: kind.gone})
        if not kind.is_task(task):
            raise ValueError("GET %s answered %s, not a %s task" % (path, _excerpt(task), kind.product))
        if on_read is not None:
            on_read(task)
        last["task"] = task
        return task

    try:
        task = poll(read, kind.is_final, timeout, what="%s task %s of %s" % (kind.product, task_id, service), sleep=sleep,
                    clock=clock, first_delay=min(FIRST_DELAY, poll_interval), max_delay=poll_interval)
    except WaitTimeout as exc:
        raise WaitTimeout(exc.what, exc.timeout, exc.last, path=path, status=kind.status(exc.last))
    if kind.status(task) not in kind.done:
        raise TaskFailed(kind, service, task)
    return task
