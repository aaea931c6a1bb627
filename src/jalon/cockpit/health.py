"""The portfolio's health at a glance: how many projects are red, amber, green or not assessed,
overall and per dimension, now and at the previous period, from the KPI dashboard's figures
(``finance.selectors.dashboard``) and the KPI history (``finance.models.KpiSnapshot``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from jalon.finance.evm import Performance
from jalon.finance.filters import DIMENSIONS
from jalon.finance.models import Dimension, KpiSnapshot

STATUSES = ("red", "amber", "green", "")
"""The statuses counted, worst first; ``""`` is "not assessed"."""


@dataclass(frozen=True)
class StatusCount:
    """How many projects have ``status`` now, and how many had it at the previous period
    (``None``: no project has a previous snapshot to compare with)."""

    status: str
    now: int
    before: int | None

    @property
    def change(self) -> int | None:
        return None if self.before is None else self.now - self.before


@dataclass(frozen=True)
class DimensionHealth:
    dimension: str
    label: str
    counts: list[StatusCount]


@dataclass(frozen=True)
class Move:
    """A project whose overall status changed since its previous snapshot."""

    performance: Performance
    before: str
    now: str
    since: date

    @property
    def worse(self) -> bool:
        return _rank(self.now) < _rank(self.before)


@dataclass
class Health:
    """Counts per dimension (overall first) and the projects whose overall status moved.
    ``compared`` is how many projects had a previous snapshot; ``since`` the latest date of
    those snapshots."""

    dimensions: list[DimensionHealth]
    moves: list[Move] = field(default_factory=list)
    compared: int = 0
    since: date | None = None


def _rank(status: str) -> int:
    return {"red": 0, "amber": 1, "green": 2}.get(status, 3)


def previous_snapshots(performances: list[Performance]) -> dict[int, KpiSnapshot]:
    """Each project's snapshot of the previous period: its latest one taken at a status date
    before the project's current status date (one query for all)."""
    current = {p.project.pk: p.project.status_date for p in performances
               if p.project.status_date is not None}
    found: dict[int, KpiSnapshot] = {}
    for snapshot in (KpiSnapshot.objects.filter(project_id__in=current)
                     .only("project_id", "status_date", "statuses")
                     .order_by("project_id", "status_date")):
        if snapshot.status_date < current[snapshot.project_id]:
            found[snapshot.project_id] = snapshot  # later ones replace earlier ones
    return found


def health(performances: list[Performance]) -> Health:
    """The counts of ``performances``' effective statuses per dimension, beside those their
    previous snapshots kept (for the projects that have one)."""
    previous = previous_snapshots(performances)
    dimensions = [(Dimension.OVERALL.value, Dimension.OVERALL.label), *DIMENSIONS]
    result = Health([])
    for key, label in dimensions:
        now = Counter(p.effective.get(key, "") for p in performances)
        before = Counter(s.statuses.get("effective", {}).get(key, "")
                         for s in previous.values())
        result.dimensions.append(DimensionHealth(key, str(label), [
            StatusCount(status, now[status], before[status] if previous else None)
            for status in STATUSES]))
    for p in performances:
        snapshot = previous.get(p.project.pk)
        if snapshot is None:
            continue
        was = snapshot.statuses.get("effective", {}).get("overall", "")
        now_status = p.effective.get("overall", "")
        if was != now_status:
            result.moves.append(Move(p, was, now_status, snapshot.status_date))
    result.moves.sort(key=lambda m: (not m.worse, m.performance.project.code))
    result.compared = len(previous)
    result.since = max((s.status_date for s in previous.values()), default=None)
    return result
