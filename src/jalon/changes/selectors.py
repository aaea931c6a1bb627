"""Reads of change requests, limited to what the reader may see (money included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from jalon.accounts import permissions as perms
from jalon.changes import authority as authorities
from jalon.changes.edits import describe
from jalon.changes.impact import MONEY, is_current
from jalon.changes.models import ChangeRequest
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.querying import get_visible


def _changes() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related("project__portfolio", "project__programme",
                                                "requested_by", "decided_by", "baseline")


def change_list(*, user: Any, project: Project) -> QuerySet[ChangeRequest]:
    """The project's change log, the latest first."""
    perms.require_view(user, project)
    return _changes().filter(project=project).order_by("-number")


def change_get(*, user: Any, pk: Any) -> ChangeRequest:
    return get_visible(_changes().filter(project__in=perms.visible_projects(user)), pk)


def shown_impact(user: Any, change: ChangeRequest) -> dict[str, Any] | None:
    """The stored impact as ``user`` may read it: money is null for those who may not see it."""
    if change.impact is None:
        return None
    if perms.can_see_costs(user, change.project):
        return dict(change.impact)
    return {**change.impact, **dict.fromkeys(MONEY)}


@dataclass(frozen=True)
class ChangeView:
    """A change request as a reader sees it: its edits said in his language, its impact (money
    hidden unless he may see it) and whether it is up to date, who decides and why, and what
    he may do."""

    change: ChangeRequest
    edits: list[str]
    impact: dict[str, Any] | None
    impact_current: bool
    authority: authorities.Authority | None
    can_edit: bool
    can_decide: bool
    can_see_costs: bool

    @property
    def dated_impact(self) -> dict[str, Any] | None:
        """The impact for a page: its ISO dates as dates, which the page writes in the
        reader's language."""
        if self.impact is None:
            return None
        return {**self.impact,
                "finish_before": _date(self.impact["finish_before"]),
                "finish_after": _date(self.impact["finish_after"]),
                "milestones": [{**m, "before": _date(m["before"]), "after": _date(m["after"])}
                               for m in self.impact["milestones"]],
                **{key: [{**o, "first": _date(o["first"]), "last": _date(o["last"])}
                         for o in self.impact[key]]
                   for key in ("overallocations_before", "overallocations_after")}}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def change_view(*, user: Any, change: ChangeRequest) -> ChangeView:
    costs = perms.can_see_costs(user, change.project)
    ids = {int(k) for e in change.edits for k in e.get("names", {})}
    names = {t.pk: str(t) for t in Task.objects.filter(project=change.project, pk__in=ids)}
    open_ = change.status in (ChangeRequest.Status.DRAFT, ChangeRequest.Status.SUBMITTED)
    return ChangeView(
        change=change, edits=[describe(e, names, costs=costs) for e in change.edits],
        impact=shown_impact(user, change),
        impact_current=not open_ or is_current(change),
        authority=authorities.authority(change, costs=costs),
        can_edit=open_ and perms.can_change(user, change.project),
        can_decide=(change.status == ChangeRequest.Status.SUBMITTED
                    and authorities.can_approve(user, change)),
        can_see_costs=costs)
