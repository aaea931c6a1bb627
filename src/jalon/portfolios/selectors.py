"""Reads of the portfolio structure, always limited to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import PermissionDenied
from jalon.portfolios import trash
from jalon.portfolios.contents import Contents, contents_of, kind_of
from jalon.portfolios.models import Portfolio, Programme, Project, StrategicObjective, Trashable
from jalon.portfolios.results import digest, row_values, scope_digest
from jalon.querying import get_visible

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def portfolio_list(*, user: Any) -> QuerySet[Portfolio]:
    return perms.visible_portfolios(user).order_by("code")


def programme_list(*, user: Any, portfolio: Portfolio | None = None) -> QuerySet[Programme]:
    qs = perms.visible_programmes(user).select_related("portfolio", "manager")
    if portfolio is not None:
        qs = qs.filter(portfolio=portfolio)
    return qs.order_by("code")


def project_list(*, user: Any, portfolio: Portfolio | None = None,
                 programme: Programme | None = None) -> QuerySet[Project]:
    """Projects the user may see, of a portfolio or a programme; the API's filters are
    ``jalon.portfolios.filters.ProjectFilter``."""
    qs = perms.visible_projects(user).select_related("portfolio", "programme", "project_manager")
    if portfolio is not None:
        qs = qs.filter(portfolio=portfolio)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("code")


def objective_list(*, user: Any, portfolio: Portfolio | None = None) -> QuerySet[StrategicObjective]:
    qs = StrategicObjective.objects.filter(portfolio__in=perms.visible_portfolios(user))
    if portfolio is not None:
        qs = qs.filter(portfolio=portfolio)
    return qs.select_related("portfolio").order_by("portfolio__code", "code")


def objective_choices(*, user: Any, portfolio: Portfolio) -> QuerySet[StrategicObjective]:
    """The objectives a project of ``portfolio`` may serve, for a user who sees the portfolio or
    one of its projects (a project manager sees the project, not the portfolio, yet links it)."""
    if not (perms.can_view(user, portfolio)
            or perms.visible_projects(user).filter(portfolio=portfolio).exists()):
        return StrategicObjective.objects.none()
    return StrategicObjective.objects.filter(portfolio=portfolio).order_by("code")



def portfolio_get(*, user: Any, pk: Any) -> Portfolio:
    return get_visible(portfolio_list(user=user), pk)


def programme_get(*, user: Any, pk: Any) -> Programme:
    return get_visible(programme_list(user=user), pk)


def project_get(*, user: Any, pk: Any) -> Project:
    return get_visible(project_list(user=user), pk)


def objective_get(*, user: Any, pk: Any) -> StrategicObjective:
    return get_visible(objective_list(user=user), pk)


@dataclass
class ProgrammeNode:
    programme: Programme
    projects: list[Project] = field(default_factory=list)


@dataclass
class PortfolioNode:
    """A portfolio as the user sees it: ``accessible`` is False when only some of its projects
    are granted (the portfolio is then shown as a heading, not a link)."""

    portfolio: Portfolio
    accessible: bool
    programmes: list[ProgrammeNode] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


def dashboard_projects(*, user: Any) -> QuerySet[Project]:
    """The projects the user may see in the dashboard's order, the tree's: by portfolio, then
    by programme (those outside any programme after the programmes), then by code."""
    return project_list(user=user).order_by(
        "portfolio__code", F("programme__code").asc(nulls_last=True), "code", "pk")


@dataclass
class DashboardReads:
    """What the dashboard reads on every visit (:func:`dashboard_reads`)."""

    programmes: list[Programme]
    """The programmes the user sees, by code."""
    portfolios: list[Portfolio]
    """The portfolios the user sees, by code."""
    status_counts: list[tuple[str, StrOrPromise, int]]
    """(status, label, number of projects the user sees) for every status, in the model's
    order: counted by the database, not from the projects one by one."""
    holding: set[tuple[int, int | None]]
    """The (portfolio, programme) of every project the user sees."""
    version: str
    """A digest of what the tree of projects shows: the projects the user sees (their rows,
    with their portfolio's, programme's and manager's), the programmes and portfolios he sees,
    and the projects' stored schedules (their inputs, ``inputs_digest``). It changes when one
    of them may."""


def dashboard_reads(*, user: Any) -> DashboardReads:
    """The dashboard's reads that do not depend on the page shown, the version of its tree
    among them: what a visit reads when the tree is kept."""
    programmes = list(programme_list(user=user))
    portfolios = list(portfolio_list(user=user))
    counts: dict[str, int] = defaultdict(int)
    holding: set[tuple[int, int | None]] = set()
    for status, portfolio, programme, count in (
            perms.visible_projects(user).order_by()
            .values("status", "portfolio_id", "programme_id").annotate(count=Count("pk"))
            .values_list("status", "portfolio_id", "programme_id", "count")):
        counts[status] += count
        holding.add((portfolio, programme))
    return DashboardReads(
        programmes, portfolios,
        [(value, label, counts[value]) for value, label in Project.Status.choices], holding,
        digest(scope_digest(dashboard_projects(user=user), *DASHBOARD_RELATED),
               [row_values(p) for p in programmes], [row_values(p) for p in portfolios]))


DASHBOARD_RELATED = ("portfolio", "programme", "project_manager")
"""The rows the dashboard shows with each project's."""


def portfolio_tree(*, user: Any, projects: Iterable[Project] | None = None,
                   empty: bool = True, reads: DashboardReads | None = None
                   ) -> list[PortfolioNode]:
    """The user's portfolios > programmes > projects.

    ``projects`` (a page of :func:`dashboard_projects`) limits the tree to the portfolios and
    programmes holding them, and, with ``empty``, those holding no project the user sees (the
    first page shows them, or they would be on no page). Without ``projects``, every project
    the user sees, and every portfolio and programme. ``reads``: the user's
    :func:`dashboard_reads`, when the caller has them."""
    paged = projects is not None
    projects = list(project_list(user=user) if projects is None else projects)
    programmes = {p.pk: p for p in (programme_list(user=user) if reads is None
                                    else reads.programmes)}
    portfolios = {p.pk: p for p in (portfolio_list(user=user) if reads is None
                                    else reads.portfolios)}
    accessible = set(portfolios)
    if paged:
        holding = (set(perms.visible_projects(user).order_by()
                       .values_list("portfolio_id", "programme_id").distinct())
                   if reads is None else reads.holding)
        hollow_programmes = set(programmes) - {programme for _, programme in holding}
        hollow_portfolios = set(portfolios) - {portfolio for portfolio, _ in holding}
        programmes_shown = {p.programme_id for p in projects} | (
            hollow_programmes if empty else set())
        programmes = {pk: p for pk, p in programmes.items() if pk in programmes_shown}
        portfolios_shown = ({p.portfolio_id for p in projects}
                            | {p.portfolio_id for p in programmes.values()}
                            | (hollow_portfolios if empty else set()))
        portfolios = {pk: p for pk, p in portfolios.items() if pk in portfolios_shown}
    for project in projects:  # ancestors of granted projects are shown as headings
        portfolios.setdefault(project.portfolio_id, project.portfolio)
        if project.programme is not None:
            programmes.setdefault(project.programme.pk, project.programme)
    nodes = {pk: PortfolioNode(p, pk in accessible) for pk, p in sorted(
        portfolios.items(), key=lambda item: item[1].code)}
    programme_nodes: dict[int, ProgrammeNode] = {}
    for pk, programme in sorted(programmes.items(), key=lambda item: item[1].code):
        node = ProgrammeNode(programme)
        programme_nodes[pk] = node
        nodes[programme.portfolio_id].programmes.append(node)
    for project in projects:
        if project.programme_id:
            programme_nodes[project.programme_id].projects.append(project)
        else:
            nodes[project.portfolio_id].projects.append(project)
    return list(nodes.values())


# --- deletion and the trash ---------------------------------------------------------------------

def deletion_preview(*, obj: Trashable) -> Contents:
    """What would go to the trash with ``obj`` (one the caller has already read as visible)."""
    return contents_of([obj])[0]


@dataclass
class TrashEntry:
    """An object in the trash with what went with it, and the whole days before the purge."""

    kind: str
    obj: Portfolio | Programme | Project
    contents: Contents
    days_left: int

    @property
    def label(self) -> StrOrPromise:
        """The kind as users read it: portfolio, programme, project."""
        return self.obj._meta.verbose_name or ""


def _require_trash(user: Any) -> None:
    if not perms.is_pmo_admin(user):
        raise PermissionDenied(_("Only PMO administrators may manage the trash."))


def trash_list(*, user: Any) -> list[TrashEntry]:
    """What was deleted, newest first: each portfolio, programme and project moved to the trash
    by itself (not those that went with their portfolio or programme). For PMO administrators
    only."""
    _require_trash(user)
    trashed: list[Portfolio | Programme | Project] = [
        *Portfolio.all_objects.filter(deleted_at__isnull=False).select_related("deleted_by"),
        *Programme.all_objects.filter(deleted_at__isnull=False)
        .exclude(portfolio__deleted_at=F("deleted_at")).select_related("deleted_by"),
        *Project.all_objects.filter(deleted_at__isnull=False)
        .exclude(portfolio__deleted_at=F("deleted_at"))
        .exclude(programme__deleted_at=F("deleted_at")).select_related("deleted_by"),
    ]
    trashed.sort(key=lambda obj: (obj.deleted_at, obj.pk), reverse=True)
    return [TrashEntry(kind_of(obj), obj, contents, trash.days_left(obj))
            for obj, contents in zip(trashed, contents_of(trashed), strict=True)]


def trash_entry(*, user: Any, kind: str, pk: Any) -> TrashEntry:
    """One object in the trash (whether it went by itself or with its parent), or NotFound."""
    _require_trash(user)
    obj = trash.in_trash(kind, pk)
    return TrashEntry(kind, obj, contents_of([obj])[0], trash.days_left(obj))
