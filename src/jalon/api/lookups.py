"""Turning ids sent to the API into objects the caller may see, naming the field when not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from django.utils.translation import gettext as _

from jalon.accounts.permissions import nameable_users
from jalon.errors import NotFound, ValidationFailed

T = TypeVar("T")

Resolver = Callable[[Any, str], Any]
"""Turns the value sent for a field (an id, a list of ids) into objects, naming the field when
one is unknown or hidden: ``resolver(value, field)``."""


@overload
def resolve(getter: Callable[..., T], user: Any, pk: int, field: str) -> T: ...
@overload
def resolve(getter: Callable[..., T], user: Any, pk: None, field: str) -> None: ...
@overload
def resolve(getter: Callable[..., T], user: Any, pk: int | None, field: str) -> T | None: ...
def resolve(getter: Callable[..., T], user: Any, pk: int | None, field: str) -> T | None:
    """``getter(user=, pk=)`` or a ValidationFailed on ``field`` when it is unknown or hidden."""
    if pk is None:
        return None
    try:
        return getter(user=user, pk=pk)
    except NotFound:
        raise ValidationFailed(
            _("%(field)s: no such object (%(pk)s).") % {"field": field, "pk": pk}, field=field
        ) from None


def resolve_many(getter: Callable[..., T], user: Any, pks: list[int] | None, field: str) -> list[T] | None:
    if pks is None:
        return None
    return [obj for pk in pks if (obj := resolve(getter, user, pk, field)) is not None]


def visible(getter: Callable[..., Any], user: Any) -> Resolver:
    """A resolver of an id, or a list of ids, through ``getter(user=, pk=)``: the objects
    ``user`` may see."""
    def resolver(value: Any, field: str) -> Any:
        if isinstance(value, list):
            return resolve_many(getter, user, value, field)
        return resolve(getter, user, value, field)

    return resolver


def person(user: Any) -> Resolver:
    """A resolver of a user id, or a list of them, to the people ``user`` may name
    (:func:`jalon.accounts.permissions.nameable_users`). An unknown id and one outside that set
    get the same message, so that ids cannot be used to find out who has an account."""
    def resolver(value: Any, field: str) -> Any:
        if isinstance(value, list):
            return [resolver(pk, field) for pk in value]
        if value is None:
            return None
        found = nameable_users(user).filter(pk=value).first()
        if found is None:
            raise ValidationFailed(
                _("%(field)s: no such user (%(pk)s).") % {"field": field, "pk": value},
                field=field)
        return found

    return resolver
