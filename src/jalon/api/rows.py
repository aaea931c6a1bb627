"""Output schemas of long lists, built from the database's rows without ninja's per-field getter.

ninja validates each object of a response through a ``DjangoGetter``: a Python call per field
of every row, which took half of the time of a 100-row list (``GET /api/v1/tasks?project=``,
``GET /api/v1/projects``). The rows come from the database, typed by their model's fields, so
a list's schema can take each row's values as they are and leave only the serialisation to
pydantic: the same JSON, the same OpenAPI document (``tests/api/test_rows.py``).

A many-to-many relation's ids are read for the whole page in one query (:func:`with_ids`)
rather than through ``prefetch_related``, whose related manager per row cost more than the
rest of the row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

M = TypeVar("M", bound=models.Model)

IDS = "_related_ids"
"""The attribute of a row holding its many-to-many relations' ids by name (:func:`with_ids`)."""


def with_ids(queryset: QuerySet[M], name: str) -> QuerySet[M]:
    """``queryset``, whose rows, once read (a page of them), carry the ids of their
    many-to-many relation ``name`` in the related model's order, read in one query for them
    all; :class:`FromRows` outputs them."""
    field = queryset.model._meta.get_field(name)
    assert isinstance(field, models.ManyToManyField), name
    related, back = field.related_model, field.related_query_name()

    class WithIds(queryset._iterable_class):  # type: ignore[name-defined]
        def __iter__(self) -> Iterator[Any]:
            rows = list(super().__iter__())
            found: dict[Any, list[Any]] = {row.pk: [] for row in rows}
            for owner, pk in related._default_manager.filter(  # type: ignore[union-attr]
                    **{f"{back}__in": list(found)}).values_list(back, "pk"):
                found[owner].append(pk)
            for row in rows:
                row.__dict__.setdefault(IDS, {})[name] = found[row.pk]
            yield from rows

    clone = queryset.all()
    clone._iterable_class = WithIds
    return clone


class FromRows(Schema):
    """Put before ``ModelSchema`` in an output schema's bases (``class TaskOut(FromRows,
    ModelSchema)``): a model object is read field by field once (a foreign key by its id, a
    many-to-many relation by its prefetched ids, a ``resolve_`` method as ninja calls it) and
    the schema built without validating again what the database typed; ids read by
    :func:`with_ids` stand for the relation's field (and its resolver). Anything else (a dict,
    an instance of the schema) goes through ninja's usual path."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any],
                            info: ValidationInfo) -> Any:
        if not isinstance(values, models.Model):
            return handler(DjangoGetter(values, cls, info.context))
        getter: DjangoGetter | None = None
        data: dict[str, Any] = {}
        row = values.__dict__  # the values read from the database, by attribute name
        read_ids = row.get(IDS, {})
        for name, attribute, resolved in _fields(cls):
            if name in read_ids:  # what a resolver would read of the relation, read already
                data[name] = read_ids[name]
            elif resolved:
                getter = getter or DjangoGetter(values, cls, info.context)
                data[name] = getattr(getter, name)
            else:
                value = row[attribute] if attribute in row else getattr(values, attribute)
                if isinstance(value, models.Manager):  # many-to-many: the related ids
                    value = [related.pk for related in value.all()]
                data[name] = value
        return cls.model_construct(**data)


_FIELDS: dict[type[Schema], list[tuple[str, str, bool]]] = {}


def _fields(schema: type[Schema]) -> list[tuple[str, str, bool]]:
    """Each field of ``schema``: its name, the attribute of a model object it reads (a foreign
    key's id), and whether a ``resolve_`` method gives it; found once a schema."""
    if schema not in _FIELDS:
        _FIELDS[schema] = [
            (name, field.validation_alias if isinstance(field.validation_alias, str) else name,
             name in schema._ninja_resolvers)
            for name, field in schema.model_fields.items()]
    return _FIELDS[schema]
