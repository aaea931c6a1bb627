"""Model validation turned into Jalon errors, shared by every app's services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed


def raise_validation(exc: ValidationError) -> None:
    """Re-raise Django's ValidationError as ValidationFailed, keeping each field's messages."""
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    field, messages = next(iter(errors.items()))
    label = "" if field == "__all__" else f"{field}: "
    raise ValidationFailed(f"{label}{messages[0]}", field=None if field == "__all__" else field,
                           errors=errors) from exc


def validate(instance: models.Model, *, exclude: Iterable[str] | None = None,
             database: bool = True) -> None:
    """Run the model's field, single-record and uniqueness checks; raise ValidationFailed.

    ``database=False`` leaves out the uniqueness and constraint checks, which cost a query
    each: for the rows of a bulk write whose model repeats its constraints in its fields'
    validators and ``clean()``, and whose caller sees to uniqueness."""
    try:
        instance.full_clean(exclude=list(exclude) if exclude else None,
                            validate_unique=database, validate_constraints=database)
    except ValidationError as exc:
        raise_validation(exc)


def assign_fields(instance: models.Model, changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Set ``changes`` on ``instance``, refusing any field not in ``allowed`` by name."""
    allowed = set(allowed)
    for name, value in changes.items():
        if name not in allowed:
            raise ValidationFailed(_("Unknown or read-only field: %(field)s.") % {"field": name},
                                   field=name)
        setattr(instance, name, value)
