"""The one task model of the emulator: zone, domain, dedicated server and VPS tasks.

A task's status follows the emulator clock (``State.now()``) through its ``schedule``, a list of
(seconds after the start, status) in time order whose last status is final; before the first
entry it is ``initial``. Tests move time with the clock (``emu.clock_offset``, ``emu.clock_step``),
never by sleeping. The API shapes of a task differ per family: ``to_zone_api``,
``to_domain_api``, ``to_dedicated_api`` and ``to_vps_api``.
"""

from .product import iso_date

# Seconds of emulator time a zone or domain task spends in todo, then in doing (``State.task_seconds``,
# which a test may set). Real tasks take from seconds to minutes; the default is short so that
# examples run against the emulator wait a few seconds only.
DEFAULT_TASK_SECONDS = (1, 2)


class Task:
    """A task of the API, on the emulator clock."""

    def __init__(self, task_id, function, start, schedule, comment=None, initial="init", domain=None):
        self.task_id = task_id
        self.function = function
        self.start = start
        self.schedule = schedule
        self.comment = comment
        self.initial = initial
        self.domain = domain

    @classmethod
    def todo_doing_done(cls, task_id, function, start, seconds, domain=None):
        """A zone or domain task: todo for ``seconds[0]``, doing for ``seconds[1]``, then done."""
        schedule = [(0, "todo"), (seconds[0], "doing"), (seconds[0] + seconds[1], "done")]
        return cls(task_id, function, start, schedule, initial="todo", domain=domain)

    def _reached(self, now):
        reached = [(offset, status) for offset, status in self.schedule if self.start + offset <= now]
        return reached[-1] if reached else (0, self.initial)

    def status(self, now):
        return self._reached(now)[1]

    def is_final(self, now):
        """Whether the last status of the schedule is reached."""
        return self.start + self.schedule[-1][0] <= now

    def end(self):
        return self.start + self.schedule[-1][0]

    def to_zone_api(self, now):
        """domain.zone.Task"""
        offset, status = self._reached(now)
        final = self.is_final(now)
        return {
            "id": self.task_id,
            "function": self.function,
            "status": status,
            "comment": None,
            "creationDate": iso_date(self.start),
            "todoDate": iso_date(self.start),
            "doneDate": iso_date(self.start + offset) if final else None,
            "lastUpdate": iso_date(self.start + offset),
            "canAccelerate": False,
            "canCancel": status == "todo",
            "canRelaunch": False,
        }

    def to_domain_api(self, now):
        """domain.Task: the zone task's fields and the domain."""
        return dict(self.to_zone_api(now), domain=self.domain)

    def to_dedicated_api(self, now):
        """dedicated.server.Task"""
        offset, status = self._reached(now)
        final = self.is_final(now)
        return {
            "taskId": self.task_id,
            "function": self.function,
            "status": status,
            "comment": self.comment if final else None,
            "startDate": iso_date(self.start),
            "doneDate": iso_date(self.start + offset) if final else None,
            "lastUpdate": iso_date(self.start + offset),
            "needSchedule": False,
            "note": None,
            "plannedInterventionId": None,
            "tags": None,
            "ticketReference": None,
        }

    def to_vps_api(self, now):
        """vps.Task: no comment; ``progress`` (percent) follows the clock, 100 once done."""
        status = self.status(now)
        total = self.schedule[-1][0] or 1
        if self.is_final(now):
            progress = 100 if status == "done" else int(100 * self.schedule[-2][0] / total) if len(self.schedule) > 1 else 0
        else:
            progress = min(99, max(0, int(100 * (now - self.start) / total)))
        return {"id": self.task_id, "type": self.function, "state": status, "progress": progress,
                "date": iso_date(self.start)}
