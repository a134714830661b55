"""Faults the emulator has no switch for, for the in-process module tests: an answer of one of its
routes edited on the way out (monkeypatching emulator.routes, undone after the test)."""

from emulator import routes

ORIGINAL_ROUTES = routes.ROUTES


def tamper(monkeypatch, method, template, edit):
    """A fault the emulator has no switch for: its answer to ``method template`` (a route of
    emulator.routes) goes through ``edit(answer)``. Replaces an earlier tamper; undone after the test."""
    assert (method, template) in [(m, t) for m, t, _handler in ORIGINAL_ROUTES]

    def wrap(handler):
        return lambda call: edit(handler(call))
    monkeypatch.setattr(routes, "ROUTES", tuple((m, t, wrap(h) if (m, t) == (method, template) else h) for m, t, h in ORIGINAL_ROUTES))


def without(field):
    return lambda answer: dict((key, value) for key, value in answer.items() if key != field)


def replaced(field, value):
    """An answer edit: ``field`` set to ``value``."""
    def edit(answer):
        answer = dict(answer)
        answer[field] = value
        return answer
    return edit


def but_the_first(edit):
    """``edit`` for every answer but the first."""
    answers = []

    def edit_later(answer):
        answers.append(answer)
        return answer if len(answers) == 1 else edit(answer)
    return edit_later
