"""What every app's forms share: a service's refusal shown on the form, the version of the
record a form edits, date inputs, choices that depend on the user. Each app keeps its own forms
in its ``forms.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from jalon.errors import ValidationFailed

# Services name some fields differently from the forms that feed them.
FIELD_ALIASES = {"predecessor": "predecessors"}


def add_service_errors(form: forms.BaseForm, exc: ValidationFailed) -> None:
    """Show a service's refusal on the form: each message next to its field, or above the form."""
    for field, messages in exc.errors.items():
        name = FIELD_ALIASES.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


VERSION = "version"


def carry_version(form: forms.BaseForm, record: Any) -> None:
    """Give ``form``, which edits ``record``, a hidden field holding the version it was opened
    on, so that the service refuses the save when someone changed the record meanwhile
    (:mod:`jalon.portfolios.concurrency`). A form posted without it is not checked."""
    form.fields[VERSION] = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                              min_value=0)
    form.initial[VERSION] = record.version


def version_of(form: forms.BaseForm) -> int | None:
    """The version a valid form was opened on (None when it carried none)."""
    version: int | None = form.cleaned_data.get(VERSION)
    return version


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def active_users() -> QuerySet[Any]:
    """The people a form may name (a project manager, a programme manager)."""
    return get_user_model().objects.filter(is_active=True).order_by("username")


def choose_from(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Give the choice field ``name`` its choices, which depend on what the user may see."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
