"""A list's query parameters, made from the filter definition its page uses.

Every filterable list declares its filters once, in its app's ``filters.py``: a django-filter
``FilterSet`` over stored objects, or a Django form for rows computed in Python (the KPI
dashboard). The page renders that definition's form; the API takes the same fields as query
parameters, through a schema made here from them::

    @parameters_of(RiskFilter)
    class RiskQuery(FilterQuery):
        \"\"\"The risk register's filters.\"\"\"

    @router.get(...)
    @paginate
    def list_risks(request, pk: int, filters: Query[RiskQuery]):
        return filtered(RiskFilter, filters, queryset=..., request=request)

So the OpenAPI document lists each parameter with its type, its choices and its label; a value
of the wrong type is refused by ninja, and a value the definition refuses (an id the user may
not see) answers the same 422 problem, naming the parameter. Both doors read the same names
with the same meaning, and the page's query string works unchanged against the API.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Literal, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import translation
from django_filters import FilterSet
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import create_model

ViewT = TypeVar("ViewT", bound=Callable[..., Any])
ModelT = TypeVar("ModelT", bound=Model)
QueryT = TypeVar("QueryT", bound="FilterQuery")
FormT = TypeVar("FormT", bound=forms.BaseForm)
Definition = type[FilterSet] | type[forms.Form]


class FilterQuery(Schema):
    """The query parameters of one filter definition; each may be left out."""

    def form_data(self) -> dict[str, str]:
        """The parameters sent, written as a page's query string gives them to the form."""
        return {name: _as_text(value)
                for name, value in self.model_dump(exclude_none=True).items()}


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def parameters_of(definition: Definition) -> Callable[[type[QueryT]], type[QueryT]]:
    """Give a ``FilterQuery`` class one optional parameter per field of ``definition``.

    The parameter is named as the field; its type follows the field (an id for a choice of
    objects, one of the values for a choice, a date, a boolean, a number, text); its
    description is the field's label and help, in English like the rest of the document.
    """
    def make(base: type[QueryT]) -> type[QueryT]:
        with translation.override("en"):
            parameters: dict[str, Any] = {
                name: (annotation | None, Field(None, description=description))
                for name, annotation, description in _parameters(definition)}
        schema: type[QueryT] = create_model(base.__name__, __base__=base,
                                            __module__=base.__module__, __doc__=base.__doc__,
                                            **parameters)
        return schema

    return make


def _parameters(definition: Definition) -> Iterable[tuple[str, Any, str]]:
    if issubclass(definition, forms.Form):
        for name, field in definition.base_fields.items():
            yield name, _annotation(type(field), getattr(field, "choices", None)), \
                _description(type(field), field.label, field.help_text)
    else:
        filterset: type[FilterSet] = definition
        for name, filter_ in filterset.base_filters.items():
            extra = filter_.extra
            yield name, _annotation(filter_.field_class, extra.get("choices")), \
                _description(filter_.field_class, filter_.label, extra.get("help_text"))


def _annotation(field_class: type[forms.Field], choices: Any) -> Any:
    """The type of a query parameter that the form field ``field_class`` reads."""
    if issubclass(field_class, forms.ModelChoiceField):
        return int
    if issubclass(field_class, forms.ChoiceField):
        values = tuple(str(value) for value, _label in (choices() if callable(choices)
                                                         else choices) if value != "")
        return Literal[values]
    kinds: list[tuple[type[forms.Field], Any]] = [
        (forms.BooleanField, bool), (forms.DateField, datetime.date), (forms.IntegerField, int),
        (forms.DecimalField, Decimal), (forms.CharField, str)]
    for kind, annotation in kinds:
        if issubclass(field_class, kind):
            return annotation
    raise TypeError(f"No query parameter for a {field_class.__name__}.")


def _description(field_class: type[forms.Field], label: Any, help_text: Any) -> str:
    text = str(label or "")
    if issubclass(field_class, forms.ModelChoiceField):
        text += " (its id)"
    return f"{text}. {help_text}" if help_text else text


def annotations_resolved(view: ViewT) -> ViewT:
    """``view`` with its annotations evaluated in its own module: put it under ``@paginate``
    in a module that has ``from __future__ import annotations``.

    ``@paginate`` wraps the view, and ninja evaluates the wrapped view's annotations (then
    text) in the pagination module, where the name of the view's query schema is unknown
    (django-ninja issue 1424): evaluated here first, they reach ninja as types.
    """
    view.__annotations__ = typing.get_type_hints(view, include_extras=True)
    return view


def valid(form: FormT) -> FormT:
    """``form``, or a 422 problem naming each parameter it refuses, with the form's message."""
    if not form.is_valid():
        raise ValidationError([{"loc": ("query", name), "msg": str(message)}
                               for name, messages in form.errors.items()
                               for message in messages])
    return form


def filtered(definition: type[FilterSet], query: FilterQuery, *, queryset: QuerySet[ModelT],
             request: HttpRequest, **context: Any) -> QuerySet[ModelT]:
    """``queryset`` narrowed by the filters ``query`` sends, as the page narrows its list.

    ``request`` gives the filters their choices (the objects its user may see); ``context``
    goes to the definition as it is (``definition(..., **context)``).
    """
    filters = definition(query.form_data(), queryset=queryset, request=request, **context)
    valid(filters.form)
    result: QuerySet[ModelT] = filters.qs
    return result
