"""A PATCH payload turned into a service's keyword arguments, the same way in every router.

A PATCH changes the fields it sends and nothing else: leaving a field out keeps its value.
``null`` clears a field that may be empty (an optional date, a manager, a calendar) and is
refused, naming the field, on one that may not: a client cannot empty a name or a duration by
accident. Text is emptied with ``""``. Ids become the objects the caller may see, so a service
receives objects, never ids.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema

from jalon.api.lookups import Resolver
from jalon.errors import ValidationFailed


def resolve_refs(data: dict[str, Any], refs: Mapping[str, Resolver]) -> dict[str, Any]:
    """``data`` with the ids of the fields of ``refs`` resolved (a null stays null)."""
    for name, resolver in refs.items():
        if data.get(name) is not None:
            data[name] = resolver(data[name], name)
    return data


def patch_changes(payload: Schema, *, nullable: Collection[str] = (),
                  blank: Collection[str] = (),
                  refs: Mapping[str, Resolver] | None = None) -> dict[str, Any]:
    """The fields ``payload`` sets, as keyword arguments of the service that changes them.

    A create whose optional fields fall back on the service's defaults when left out reads
    its payload the same way.

    Parameters
    ----------
    payload
        The request's schema; only the fields the client sent count.
    nullable
        Fields that ``null`` clears (the service receives ``None``).
    blank
        Text fields with choices that ``null`` clears to ``""``.
    refs
        Fields holding ids (or lists of ids), each with the resolver that turns them into
        objects the caller may see (``lookups.visible``, ``lookups.person``).

    Raises
    ------
    ValidationFailed
        A ``null`` on a field that may not be empty, naming every such field.
    """
    changes = payload.dict(exclude_unset=True)
    refused = [name for name, value in changes.items()
               if value is None and name not in nullable and name not in blank]
    if refused:
        errors = {name: [_("%(field)s cannot be null: leave it out to keep its value.")
                         % {"field": name}] for name in refused}
        raise ValidationFailed(errors[refused[0]][0], field=refused[0], errors=errors)
    for name in blank:
        if name in changes and changes[name] is None:
            changes[name] = ""
    return resolve_refs(changes, refs or {})
