"""What the apps above hear once a change of projects' inputs has committed.

Services below (planning, resources, finance, risks...) raise the inputs version of the projects
they change (:func:`jalon.portfolios.services.inputs_changed`); some apps above must react to
the new figures without those services knowing them — governance checks the projects'
tolerances, since a longer task or a new cost may push a forecast beyond one. They register a
listener when they start (``listen`` in their ``AppConfig.ready``), as they provide
``methods`` and ``figures``; each hears the ids of the projects changed, after the commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import transaction

Listener = Callable[[list[int]], object]

_listeners: dict[str, Listener] = {}
_pending = threading.local()


def listen(name: str, listener: Listener) -> None:
    """Register ``listener`` under ``name`` (once; registering the name again replaces it)."""
    _listeners[name] = listener


def changed(project_ids: Iterable[int]) -> None:
    """Note that these projects' inputs changed: the listeners hear of them once the
    transaction commits, all the projects a transaction changed together, once (a demo load or
    an import makes thousands of changes in one transaction)."""
    pending: set[int] = getattr(_pending, "ids", set())
    pending.update(project_ids)
    _pending.ids = pending
    transaction.on_commit(_flush)


def _flush() -> None:
    ids = sorted(getattr(_pending, "ids", ()))
    _pending.ids = set()
    if ids:  # the first callback of a transaction takes them all; the others find nothing
        for listener in _listeners.values():
            listener(ids)
