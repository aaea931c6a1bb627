"""Writing an imported plan's rows in bulk, with their history.

Django's ``bulk_create`` compiles every value of every row through the field's methods, and
``simple_history.utils.bulk_create_with_history`` then builds one historical object per row and
compiles those too: for a 20,000-task plan, about a million values, most of the write
transaction's time. Here the rows' values are converted once per column (values the database
driver takes as they are pass straight through; any other through the field's
``get_db_prep_save``), inserted in as few statements as the database allows, and their
historical records copied from the rows just inserted by one ``INSERT … SELECT`` per batch:
the same columns, user, type and change reason as simple-history writes, without building them
in Python. Both statements run on the caller's connection, inside its transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

M = TypeVar("M", bound=models.Model)

# The values, by field, that the SQLite and PostgreSQL drivers store exactly as the field would
# prepare them (a date as its ISO text on SQLite, through the adapter Django registers; a
# Decimal as given): exact types, so that a bool given for a number, a datetime for a date, or
# a choice's enumeration still goes through the field.
_AS_IS: tuple[tuple[type[models.Field[Any, Any]], frozenset[type]], ...] = (
    (models.DateTimeField, frozenset()),
    (models.DateField, frozenset({date, type(None)})),
    (models.CharField, frozenset({str, type(None)})),
    (models.TextField, frozenset({str, type(None)})),
    (models.BooleanField, frozenset({bool, type(None)})),
    (models.IntegerField, frozenset({int, type(None)})),
    (models.DecimalField, frozenset({Decimal, type(None)})),
    (models.ForeignKey, frozenset({int, type(None)})),
)
# The fields simple-history adds to a historical model besides the copied ones.
_HISTORY_FIELDS = ("history_id", "history_date", "history_change_reason", "history_type",
                   "history_user")


def _parameters_per_statement() -> int:
    """The most parameters one statement may bind: SQLite's compiled limit (32,766 since 3.32;
    Django 5.2 assumes 999), PostgreSQL's protocol limit."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit: int = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return limit
    return 65_535


def _column_reader(field: models.Field[Any, Any]) -> Callable[[models.Model], Any]:
    """How to read ``field``'s database value from an unsaved object, as ``bulk_create`` would:
    its ``pre_save`` where the field has one (``auto_now_add``), the primary key of a related
    object given unsaved and saved since, the prepared value where the driver needs one."""
    attname = field.attname
    overrides_pre_save = type(field).pre_save is not models.Field.pre_save
    as_is = next((types for kind, types in _AS_IS if isinstance(field, kind)), frozenset())
    relation = field.many_to_one

    def read(obj: models.Model) -> Any:
        if relation and getattr(obj, attname) is None:
            related = field.get_cached_value(obj, default=None)  # type: ignore[attr-defined]
            if related is not None:
                # The key beside the object kept in the cache, as Django's save leaves them:
                # setting the attribute itself would drop that object from the cache.
                obj.__dict__[attname] = related.pk
        value = field.pre_save(obj, True) if overrides_pre_save else getattr(obj, attname)
        if type(value) in as_is:
            return value
        return field.get_db_prep_save(value, connection)

    return read


def insert_rows(model: type[M], objects: Sequence[M]) -> list[int]:
    """Insert ``objects`` in as few statements as the database allows, set their primary keys
    and return them."""
    if not objects:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    readers = [_column_reader(f) for f in fields]
    quote = connection.ops.quote_name
    # names from the model, values bound as parameters
    insert = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    row = f"({', '.join(['%s'] * len(fields))})"
    per_statement = max(1, _parameters_per_statement() // max(1, len(fields)))
    inserted: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            batch = objects[start:start + per_statement]
            # RETURNING gives the keys in the rows' order, as Django's bulk_create relies on.
            cursor.execute(f"{insert} VALUES {', '.join([row] * len(batch))} "
                           f"RETURNING {quote(meta.pk.column)}",
                           [read(obj) for obj in batch for read in readers])
            keys = [found[0] for found in cursor.fetchall()]
            for obj, key in zip(batch, keys, strict=True):
                obj.pk = key
                obj._state.adding, obj._state.db = False, connection.alias
            inserted.extend(keys)
    return inserted


def create_with_history(model: type[M], objects: Sequence[M], *, actor: Any) -> list[M]:
    """Insert ``objects`` (their primary keys set afterwards) and record their creation as
    ``actor``'s (for an actor without an account, a script: whoever simple-history names
    outside a request), as ``simple_history.utils.bulk_create_with_history`` would."""
    inserted = insert_rows(model, objects)
    if not inserted or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return list(objects)
    history = get_history_manager_for_model(model).model
    user = actor if getattr(actor, "pk", None) is not None else None
    if user is None:
        user = history.get_default_history_user(objects[0])
    copied = [f for f in history._meta.concrete_fields if f.name not in _HISTORY_FIELDS]
    quote = connection.ops.quote_name
    source = ", ".join(quote(model._meta.get_field(f.name).column)  # type: ignore[union-attr, arg-type]
                       for f in copied)
    target = ", ".join(quote(f.column) for f in copied)
    extra = ", ".join(quote(history._meta.get_field(name).column) for name in
                      ("history_date", "history_change_reason", "history_type", "history_user"))
    pk = quote(model._meta.pk.column)
    # names from the models, values bound as parameters
    copy = (f"INSERT INTO {quote(history._meta.db_table)} ({target}, {extra}) "  # noqa: S608
            f"SELECT {source}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {pk} IN")
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    per_statement = _parameters_per_statement() - 4
    with connection.cursor() as cursor:
        for start in range(0, len(inserted), per_statement):
            keys = inserted[start:start + per_statement]
            cursor.execute(f"{copy} ({', '.join(['%s'] * len(keys))}) ORDER BY {pk}",
                           [when, None, "+", getattr(user, "pk", None), *keys])
    return list(objects)
