"""Results computed from a project's inputs, stored until the inputs change.

Computing a project's schedule, its loading of the pool or its earned value takes the engine a
few tens of milliseconds; a page listing a hundred projects cannot afford it on every visit. So
each result is computed once per change and stored (:class:`~jalon.portfolios.models.
ProjectResult`), and every door — page, API, CLI report, roll-up — reads the stored one.

**The invalidation rule.** Every service that changes what a project's figures are computed
from (its tasks and links, its dates, its assignments, costs, time, risks...) raises the
project's inputs version (:class:`~jalon.portfolios.models.InputsVersion`) in the same
transaction (:func:`jalon.portfolios.services.inputs_changed`); a change to what every project
shares raises every project's (a resource of the pool), or the calendars' own version (a
calendar: :class:`~jalon.calendars.models.CalendarsVersion`, which every key includes). A
stored result carries the versions it was computed from — the project's and those of the
projects it depends on (a schedule depends on every project linked to it) — and ``REVISION``;
reading a result whose versions have moved computes it again, stores it, and every later reader
gets it as it is.

Raise ``REVISION`` when a stored computation changes, so that results computed by the old code
are computed again (``jalon migrate`` also forgets every stored result).

**Figures of many projects at once** (the KPI dashboard's rows and roll-ups, the pool's loading)
read a thousand stored results and judge them: seconds at a thousand projects. They are kept in
Django's cache by :func:`remembered`, under a key that holds :func:`inputs_digest` — a digest of
every live project's inputs version and dates and of the calendars' version — beside what else
the figures depend on (thresholds, overrides, the reader's scope). The services that raise a
version therefore invalidate these too: a change makes a new key, and the next reader computes
the figures again. Each web process also keeps the last few as objects (unpickling a
thousand projects' figures from the cache took 0.4 s); with the default in-memory cache each
process computes its own once.

**Pages drawn from them** (the KPI dashboard, the heat map, the dashboard's tree) keep their
HTML the same way (``remembered(..., objects=False)``), under a version read on every visit
without model objects: :func:`scope_digest` (every live project's inputs and row, and which of
them the reader sees, in one query that PostgreSQL digests itself) with what else the page
shows (its query, the language...). What a request carries (a CSRF token, messages) stays
outside the kept HTML.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, connections
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Subquery

from jalon.calendars.models import CalendarsVersion
from jalon.portfolios.models import InputsVersion, Project, ProjectResult

__all__ = ["REVISION", "digest", "forget_all", "forget_remembered", "inputs_digest",
           "remembered", "row_values", "scope_digest", "stored", "values_digest"]

REVISION = 3  # 2: one duration per task, summaries roll up progress, ES on the daily PV;
# 3: the loading stored as columns

T = TypeVar("T")
Compute = Callable[[list[Project]], Mapping[int, Any]]
DependsOn = Callable[[list[Project]], Mapping[int, Iterable[int]]]


def _key(ids: Iterable[int], versions: Mapping[int, int], calendars: int) -> str:
    return f"r{REVISION}c{calendars}:" + ",".join(f"{pk}={versions.get(pk, 0)}"
                                                  for pk in sorted(set(ids)))


def stored(kind: str, projects: Sequence[Project], *, compute: Compute,
           depends_on: DependsOn | None = None,
           keys: Sequence[str] | None = None) -> dict[int, Any]:
    """The stored ``kind`` result of each of ``projects`` by project id, as JSON data.

    Results missing or out of date are computed by ``compute(projects)`` — given the projects
    concerned, it returns JSON-ready data by project id — in one call, stored, and returned with
    the others. ``depends_on(projects)`` gives, by project id, the ids of the projects whose
    changes also change its result (itself by default). With ``keys``, each result is read as a
    dict of these keys only (None for a key it lacks; ``a__b`` is ``b`` inside ``a``): a roll-up
    that needs each project's totals does not decode each of its tasks.
    """
    projects = list(projects)
    if not projects:
        return {}
    depends = dict(depends_on(projects)) if depends_on is not None else {}
    groups = {p.pk: {p.pk, *depends.get(p.pk, ())} for p in projects}
    # The versions as they are now, read before computing: a change committed meanwhile makes
    # the stored key older than its data, which only costs one more computation later.
    versions = dict(InputsVersion.objects.filter(project_id__in=set().union(*groups.values()))
                    .values_list("project_id", "version"))
    calendars = CalendarsVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    current = {pk: _key(ids, versions, calendars or 0) for pk, ids in groups.items()}
    fields = ["data"] if keys is None else [f"data__{name}" for name in keys]
    rows = ProjectResult.objects.filter(kind=kind, project_id__in=current).values_list(
        "project_id", "key", *fields)
    found = {pk: _picked(values, keys) for pk, key, *values in rows if current.get(pk) == key}
    stale = [p for p in projects if p.pk not in found]
    if stale:
        fresh = compute(stale)
        ProjectResult.objects.bulk_create(
            [ProjectResult(project_id=p.pk, kind=kind, key=current[p.pk], data=fresh[p.pk])
             for p in stale],
            update_conflicts=True, unique_fields=["project", "kind"],
            update_fields=["key", "data", "computed_at"])
        found.update({p.pk: fresh[p.pk] if keys is None
                      else {name: _key_of(fresh[p.pk], name) for name in keys} for p in stale})
    return found


def _key_of(data: Any, name: str) -> Any:
    """``data[a][b]`` for the key ``a__b`` (as the database reads ``data__a__b``), None when
    missing."""
    for part in name.split("__"):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _picked(values: list[Any], keys: Sequence[str] | None) -> Any:
    return values[0] if keys is None else dict(zip(keys, values, strict=True))


def forget_all() -> int:
    """Drop every stored result (they are computed again when read); returns how many."""
    count, _ = ProjectResult.objects.all().delete()
    return count


REMEMBER_SECONDS = 3600
"""How long :func:`remembered` keeps figures nobody asks for (a change of inputs makes a new
key at once; this only bounds the cache's memory)."""


def digest(*parts: Any) -> str:
    """A short digest of ``parts`` (their ``repr``), for cache keys."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def inputs_digest() -> str:
    """A digest of what every stored result is computed from: each live project's inputs
    version, its dates, calendar, portfolio and programme, the calendars' version and
    ``REVISION``. It changes whenever a service raises a version (:func:`jalon.portfolios.
    services.inputs_changed`), a project is created or moved to the trash."""
    calendars = CalendarsVersion.objects.filter(pk=1).values("version")
    rows = (Project.objects.order_by("pk").annotate(calendars=Subquery(calendars))
            .values_list("pk", "inputs__version", "planned_start", "status_date",
                         "calendar_id", "portfolio_id", "programme_id", "calendars"))
    return digest(REVISION, values_digest(rows))  # one query: the calendars' version on each row


def row_values(obj: Any) -> list[list[Any]]:
    """The values of a model object's row and of the related rows read with it
    (``select_related``), for a key of :func:`remembered` that must change when they do."""
    return [[getattr(row, f.attname) for f in row._meta.concrete_fields
             if f.attname not in UNSHOWN]
            for row in (obj, *obj._state.fields_cache.values()) if row is not None]


UNSHOWN = frozenset({"password", "last_login"})
"""Fields of a related row (a project manager's) that no page shows and that change on their
own (each sign-in): left out of :func:`row_values`, so that they do not make figures computed
again."""


def scope_digest(rows: QuerySet[Project], *related: str) -> str:
    """What :func:`inputs_digest` holds, and the rows of the projects a reader sees (``rows``)
    with their ``related`` rows as :func:`row_values` reads them with ``select_related``, in one
    query: every live project's inputs and row, and whether it is one of ``rows``. Figures of
    many projects computed from their stored results and drawn with their rows are kept under
    it. Read as values, not model objects: for a thousand projects and four related rows, about
    3 ms of the web process's CPU on PostgreSQL (see :func:`values_digest`), where building
    the objects for :func:`row_values` took 65.

    Left out, besides :data:`UNSHOWN`: the timestamps a save writes along with the columns it
    changes (``auto_now``) or that never change (``auto_now_add``, a user's ``date_joined``),
    which never change alone."""
    calendars = CalendarsVersion.objects.filter(pk=1).values("version")
    columns = _columns(Project)
    for name in related:
        other = Project._meta.get_field(name).related_model
        columns += [f"{name}__{column}" for column in _columns(other)]
    shown = ExpressionWrapper(Q(pk__in=rows.order_by().values("pk")), output_field=BooleanField())
    every = (Project.objects.order_by("pk")
             .annotate(calendars=Subquery(calendars), shown=shown)
             .values_list("inputs__version", "calendars", "shown", *columns))
    return digest(REVISION, values_digest(every))


def values_digest(rows: QuerySet[Any]) -> str:
    """A digest of the rows of a ``values_list`` query. On PostgreSQL the database computes it
    (each row as text, sorted, through SHA-256): for a thousand projects, 3 ms of the web
    process's CPU where reading the rows and digesting them took 25 ms. Elsewhere (SQLite, one
    process), the rows are read and digested here."""
    if connections[rows.db].vendor != "postgresql":
        return digest(list(rows))
    sql, params = rows.query.sql_with_params()  # Django's SQL, the values as parameters
    text = "convert_to(string_agg(s::text, E'\\n' ORDER BY s::text), 'UTF8')"
    query = f"SELECT encode(sha256({text}), 'hex') FROM ({sql}) s"  # noqa: S608
    with connections[rows.db].cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    return row[0] if row is not None and row[0] is not None else ""


def _columns(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields
            if f.attname not in UNSHOWN and f.attname != "date_joined"
            and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)]


def remembered(name: str, key: str, compute: Callable[[], T], *, objects: bool = True) -> T:
    """``compute()``, kept in Django's cache under ``name`` and ``key`` (build ``key`` with
    :func:`inputs_digest` and everything else the result depends on): the figures of many
    projects are computed once per change of their inputs, not on every page. Inside a write
    transaction the result is computed and not kept (see :func:`_in_a_write`).

    Without ``objects``, the result is not also kept as an object in this process (rendered
    HTML: a string is quick to read from the cache, and pages would push the figures out)."""
    full = f"jalon:{name}:r{REVISION}:{key}"
    if full in _KEPT:  # this process's copy: a thousand projects' figures took 0.4 s to unpickle
        _KEPT.move_to_end(full)
        return _KEPT[full]
    found = cache.get(full)
    if found is None:
        found = compute()
        if _in_a_write():
            return found
        cache.set(full, found, REMEMBER_SECONDS)
    if not objects:
        return found
    _KEPT[full] = found
    while len(_KEPT) > KEPT_HERE:
        _KEPT.popitem(last=False)
    return found


def _in_a_write() -> bool:
    """True inside a transaction Jalon opened (a test's own does not count): what is read there
    may yet be rolled back with the versions that would key it, and a later change could
    bring the same versions back with other data. Such results are computed, not kept."""
    return any(not getattr(block, "_from_testcase", False)
               for block in connection.atomic_blocks)


KEPT_HERE = 6
"""How many results of :func:`remembered` each process keeps as objects (the most recent): the
same key gives them back without reading the cache; readers must not change them."""
_KEPT: OrderedDict[str, Any] = OrderedDict()


def forget_remembered() -> None:
    """Drop this process's copies of :func:`remembered` results (tests whose database is rolled
    back between them, where the same versions may stand for other data)."""
    _KEPT.clear()
