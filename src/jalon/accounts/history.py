"""Who acts, for the audit trail that django-simple-history keeps of every business object.

Each business model declares ``history = audit_trail(...)``. A change made during a request is
the request's user's (``simple_history``'s ``HistoryRequestMiddleware``; the API's token
authentication sets ``request.user`` on the same request, so a token's owner is named too).
Outside a request — the command line, the demo loader, a worker — whoever starts the work says
who acts with ``acting_as(user)``. ``bulk_create`` saves no history: a bulk write records its
objects' creation with ``record_created``, naming its ``actor``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_manager_for_model

_acting: ContextVar[Any] = ContextVar("jalon_acting_user", default=None)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record the changes made inside the block as ``user``'s, outside any request."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def history_user(instance: Any = None, request: Any = None, **kwargs: Any) -> Any:
    """The user a historical record names: the one acting outside a request, else the signed-in
    user of the request (simple_history passes it only when authenticated), else nobody."""
    acting = _acting.get()
    if acting is not None and getattr(acting, "pk", None) is not None:
        return acting
    return request.user if request is not None else None


def audit_trail(*, excluded: Sequence[str] = ()) -> Any:
    """The historical records of a business model, leaving out ``excluded`` fields: what is
    computed or kept for the machine (scores, ordering, timestamps), not changed by people."""
    return HistoricalRecords(excluded_fields=list(excluded), get_user=history_user)


def record_created(model: type[models.Model], objects: Iterable[models.Model], *,
                   actor: Any) -> None:
    """Record the creation of ``objects``, written by ``bulk_create`` (which saves no history),
    as ``actor``'s: one more bulk insert, of their state as given (read them again first when a
    later bulk update changed them)."""
    get_history_manager_for_model(model).bulk_history_create(
        list(objects), default_user=actor if getattr(actor, "pk", None) is not None else None)


def last_change(instance: models.Model) -> tuple[Any, datetime] | None:
    """Who last changed ``instance`` and when, from its latest historical record (the user is
    None when the change was nobody's: a script, the demo); None when it has no history."""
    manager = getattr(instance, instance._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]
    record = manager.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None:
        return None
    return record.history_user, record.history_date
