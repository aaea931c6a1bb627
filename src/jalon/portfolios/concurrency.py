"""Several people editing one record at once: tasks, risks, budget lines and projects.

Each of those records carries a ``version``, raised by every change made through its service.
An editor (a page's form, an API client through ``If-Match``) says which version it read; the
service then, inside its own transaction:

1. reloads the record locked (``lock_current``): ``SELECT … FOR UPDATE`` on PostgreSQL, and on
   SQLite the write lock every transaction takes at once (``transaction_mode`` IMMEDIATE in the
   settings), so that no other writer slips in between the read and the write;
2. refuses a version that is no longer the stored one (``StaleVersion``, naming who changed the
   record and when, from its audit trail): the editor's copy is out of date and saving it would
   silently undo the other person's change;
3. applies only the fields the editor changed and writes only the columns that differ
   (``save_changed``), so that two people changing different fields both keep their change.

An editor that sends no version is not checked (older API clients), but still gets steps 1
and 3: different fields never overwrite each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jalon.accounts.history import last_change
from jalon.accounts.people import name_of
from jalon.errors import StaleVersion

Snapshot = dict[str, Any]
"""The stored values of a record's columns, by attribute name, as ``lock_current`` read them."""


def _columns(instance: models.Model) -> Snapshot:
    return {field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields if not field.primary_key}


def lock_current(instance: Any, *, version: int | None) -> Snapshot:
    """Reload ``instance`` in place from its row, locked until the transaction ends, and refuse
    it when ``version`` (the one the editor read; None: not checked) is not the stored one.

    Call it inside the service's transaction, after the permission check and before assigning
    the changes; returns what ``save_changed`` compares with.

    Raises
    ------
    StaleVersion
        The record changed since the editor read it; ``current`` is ``instance``, reloaded.
    """
    # the related objects already read (a task's project...) stay: reloading keeps their ids
    related = {field: field.get_cached_value(instance) for field in instance._meta.concrete_fields
               if field.is_relation and field.is_cached(instance)}
    instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())
    for field, value in related.items():
        if value is not None and getattr(instance, field.attname) == value.pk:
            field.set_cached_value(instance, value)
    if version is not None and instance.version != version:
        raise StaleVersion(stale_message(instance), current=instance)
    return _columns(instance)


def fingerprint(rows: Iterable[tuple[Any, ...]]) -> str:
    """A short digest of a set of rows (a task's links, a budget line's months), for the sets
    that are replaced whole and carry no version of their own: two reads give the same
    fingerprint exactly when the set is the same."""
    text = repr(sorted(tuple(str(value) for value in row) for row in rows))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def save_changed(instance: Any, before: Snapshot) -> list[str]:
    """Write the columns of ``instance`` that differ from ``before``, with the next version
    (and the ``auto_now`` timestamps); nothing, not even a history row, when none differs.

    Returns the names of the columns written.
    """
    changed = [name for name, value in _columns(instance).items() if before[name] != value]
    if not changed:
        return []
    instance.version = before["version"] + 1
    stamps = [field.attname for field in instance._meta.concrete_fields
              if getattr(field, "auto_now", False)]
    fields = [*changed, *stamps, "version"]
    instance.save(update_fields=list(dict.fromkeys(fields)))
    return fields


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    time = formats.time_format(local, "H:i")
    if local.date() == timezone.localdate():
        return time
    return _("%(time)s on %(date)s") % {
        "time": time, "date": formats.date_format(local, "SHORT_DATE_FORMAT")}


def stale_message(instance: Any) -> str:
    """“4.3 Recette” was changed by Alice Martin at 10:42, after you opened it…: who and when
    from the record's audit trail, in the active language."""
    change = last_change(instance)
    if change is None:  # a change that left no history (a bulk write): say so without a name
        return _("“%(name)s” was changed after you opened it. Here are its current values; "
                 "nothing was saved.") % {"name": instance}
    user, moment = change
    if user is None:
        return _("“%(name)s” was changed at %(when)s, after you opened it. Here are its "
                 "current values; nothing was saved.") % {"name": instance, "when": _when(moment)}
    return _("“%(name)s” was changed by %(user)s at %(when)s, after you opened it. Here are "
             "its current values; nothing was saved.") % {
        "name": instance, "user": name_of(user), "when": _when(moment)}
