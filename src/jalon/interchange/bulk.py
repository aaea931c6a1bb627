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
from operator import itemgetter
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


def _as_is(field: models.Field[Any, Any]) -> frozenset[type]:
    return next((types for kind, types in _AS_IS if isinstance(field, kind)), frozenset())


def _column_reader(field: models.Field[Any, Any]) -> Callable[[models.Model], Any]:
    """How to read ``field``'s database value from an unsaved object, as ``bulk_create`` would:
    its ``pre_save`` where the field has one (``auto_now_add``), the primary key of a related
    object given unsaved and saved since, the prepared value where the driver needs one."""
    attname = field.attname
    overrides_pre_save = type(field).pre_save is not models.Field.pre_save
    as_is = _as_is(field)
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


def _insert(model: type[models.Model], fields: Sequence[models.Field[Any, Any]],
            rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert ``rows`` (each a value the driver takes for each of ``fields``) in as few
    statements as the database allows; return their primary keys, in the rows' order."""
    meta = model._meta
    quote = connection.ops.quote_name
    # names from the model, values bound as parameters
    insert = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    returning = f"RETURNING {quote(meta.pk.column)}"
    types = [f.db_type(connection) or "" for f in fields]
    # On PostgreSQL, one array a column, cast to its type and unnested, as Django 5.2's own
    # bulk_create does: psycopg then splits and the server plans a statement of a few
    # placeholders, not one of 65,535 (at 20,000 tasks, most of the write's time).
    arrays = connection.vendor == "postgresql" and not any(t.endswith("]") for t in types)
    casts = ", ".join(f"(%s)::{t.split('(')[0]}[]" for t in types)  # types from the model
    unnest = f"SELECT * FROM UNNEST({casts})"  # noqa: S608
    row = f"({', '.join(['%s'] * len(fields))})"
    per_statement = max(1, _parameters_per_statement() // max(1, len(fields)))
    inserted: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            # RETURNING gives the keys in the rows' order, as Django's bulk_create relies on.
            if arrays:
                cursor.execute(f"{insert} {unnest} {returning}",
                               [list(column) for column in zip(*batch, strict=True)])
            else:
                cursor.execute(f"{insert} VALUES {', '.join([row] * len(batch))} {returning}",
                               [value for values in batch for value in values])
            inserted.extend(found[0] for found in cursor.fetchall())
    return inserted


def insert_rows(model: type[M], objects: Sequence[M]) -> list[int]:
    """Insert ``objects`` in as few statements as the database allows, set their primary keys
    and return them."""
    if not objects:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    readers = [_column_reader(f) for f in fields]
    inserted = _insert(model, fields, [[read(obj) for read in readers] for obj in objects])
    for obj, key in zip(objects, inserted, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, connection.alias
    return inserted


def insert_values(model: type[models.Model], columns: Sequence[str],
                  rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert rows given as plain values, without building a model object per row, and return
    their primary keys in the rows' order.

    ``columns`` names fields by attribute (``task_id`` for a foreign key); each row holds one
    value per column, of a type the driver stores as the field would prepare it (those of
    ``_AS_IS``: a ``str``, ``int``, ``bool``, ``Decimal`` or ``date``, None). Every other column
    takes the value a new object would have, computed once: its default, or what its
    ``pre_save`` gives (``auto_now_add``). A field whose default is a function (a value per
    row) must be among ``columns``.
    """
    if not rows:
        return []
    meta = model._meta
    given: list[models.Field[Any, Any]] = [meta.get_field(name)  # type: ignore[misc]
                                           for name in columns]
    for i, f in enumerate(given):  # the rare value the driver cannot take goes through the field
        as_is = _as_is(f)
        if not all(map(as_is.__contains__, map(type, map(itemgetter(i), rows)))):
            rows = [(*row[:i], value if type(value) in as_is else
                     f.get_db_prep_save(value, connection), *row[i + 1:])
                    for row in rows for value in (row[i],)]
    blank = model()
    others: list[models.Field[Any, Any]] = []
    defaults: list[Any] = []
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in columns:
            continue
        if callable(f.default) and type(f).pre_save is models.Field.pre_save:
            raise TypeError(f"{meta.label}.{f.name}: a default per row must be given")
        others.append(f)
        defaults.append(f.get_db_prep_save(f.pre_save(blank, True), connection))
    if others:
        rest = tuple(defaults)
        rows = [(*row, *rest) for row in rows]
    return _insert(model, [*given, *others], rows)


def record_creation(model: type[models.Model], keys: Sequence[int], *, actor: Any) -> None:
    """Record the creation of the stored rows ``keys`` as ``actor``'s (for an actor without an
    account, a script: whoever simple-history names outside a request), as
    ``simple_history.utils.bulk_create_with_history`` would."""
    if not keys or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = get_history_manager_for_model(model).model
    user = actor if getattr(actor, "pk", None) is not None else None
    if user is None:
        user = history.get_default_history_user(model())
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
            f"SELECT {source}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {pk}")
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    per_statement = _parameters_per_statement() - 4
    with connection.cursor() as cursor:
        for start in range(0, len(keys), per_statement):
            batch = keys[start:start + per_statement]
            fixed = [when, None, "+", getattr(user, "pk", None)]
            if connection.vendor == "postgresql":  # one array, as in _insert
                cursor.execute(f"{copy} = ANY(%s) ORDER BY {pk}", [*fixed, list(batch)])
            else:
                cursor.execute(f"{copy} IN ({', '.join(['%s'] * len(batch))}) ORDER BY {pk}",
                               [*fixed, *batch])


def create_with_history(model: type[M], objects: Sequence[M], *, actor: Any) -> list[M]:
    """Insert ``objects`` (their primary keys set afterwards) and record their creation as
    ``actor``'s (see :func:`record_creation`)."""
    record_creation(model, insert_rows(model, objects), actor=actor)
    return list(objects)


def create_values_with_history(model: type[models.Model], columns: Sequence[str],
                               rows: Sequence[Sequence[Any]], *, actor: Any) -> list[int]:
    """:func:`insert_values` and :func:`record_creation`: the rows' primary keys."""
    keys = insert_values(model, columns, rows)
    record_creation(model, keys, actor=actor)
    return keys
