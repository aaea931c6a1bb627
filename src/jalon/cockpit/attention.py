"""The five exceptions or decisions that need the executives, out of everything that does.

The rule, documented in ``docs/cockpit.md``: six kinds, in this order — red projects, open
tolerance exceptions, overdue milestones, risks above the "high" threshold, over-allocated
resources, proposals awaiting a decision. Within a kind, the most serious first (the lowest CPI;
the oldest exception; the longest overdue; the highest score; the largest excess; the longest
waiting). The five are taken one
of each kind in turn (the worst of each kind, then the second of each...), so that one kind
cannot hide the others; every kind's full count is shown beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jalon.finance.evm import Performance
from jalon.governance import selectors as governance_selectors
from jalon.intake import selectors as intake_selectors
from jalon.intake.models import Proposal
from jalon.planning.selectors import Milestone
from jalon.portfolios.models import Portfolio
from jalon.resources.loading import OverAllocationRow
from jalon.risks import selectors as risk_selectors
from jalon.risks.models import Risk
from jalon.risks.services import matrix_config_for
from jalon.web import charts

SHOWN = 5

KINDS = {
    "red": gettext_lazy("Red projects"),
    "exception": gettext_lazy("Tolerance exceptions"),
    "milestone": gettext_lazy("Overdue milestones"),
    "risk": gettext_lazy("Risks above the threshold"),
    "overload": gettext_lazy("Over-allocated resources"),
    "proposal": gettext_lazy("Proposals awaiting a decision"),
}


@dataclass(frozen=True)
class Item:
    """One thing that needs the executives: what it is, why, and where to look."""

    kind: str
    title: str
    detail: str
    url: str

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


@dataclass(frozen=True)
class Attention:
    items: list[Item]
    counts: dict[str, int]


def _red(performances: list[Performance]) -> list[Item]:
    red = [p for p in performances if p.effective.get("overall") == "red"]

    def cpi(p: Performance) -> float:
        value = p.kpis.get("cpi", math.nan)
        return math.inf if math.isnan(value) else value

    return [Item("red", f"{p.project.code} {p.project.name}",
                 _("CPI %(cpi)s, SPI %(spi)s") % {
                     "cpi": charts.number(p.kpis.get("cpi"), 2),
                     "spi": charts.number(p.kpis.get("spi"), 2)},
                 reverse("project-finance", args=[p.project.pk]))
            for p in sorted(red, key=lambda p: (cpi(p), p.project.code))]


def _exceptions(user: Any, portfolio: Portfolio) -> list[Item]:
    return [Item("exception", f"{e.project.code} {e.project.name}",
                 _("%(tolerance)s, since %(date)s") % {
                     "tolerance": e.get_measure_display(),
                     "date": charts.short_date(e.raised_at.date())},
                 reverse("tolerance-exception", args=[e.pk]))
            for e in governance_selectors.open_exceptions(user=user, portfolio=portfolio)]


def _milestones(milestones: list[Milestone], today: date) -> list[Item]:
    late = [m for m in milestones if m.day < today and m.task.percent_complete < 100]
    return [Item("milestone", m.title,
                 _("Due %(date)s, %(days)s days ago") % {
                     "date": charts.short_date(m.day), "days": (today - m.day).days},
                 reverse("project-gantt", args=[m.task.project_id]))
            for m in late]  # milestones_of gives them by date: the longest overdue first


def _risks(user: Any, portfolio: Portfolio) -> list[Item]:
    high_from = matrix_config_for(portfolio).high_from
    risks = risk_selectors.risk_list(user=user, portfolio=portfolio).filter(
        status=Risk.Status.OPEN, score__gte=high_from)  # highest score first
    return [Item("risk", f"{r.project.code} {r.reference} {r.title}",
                 _("Score %(score)s (high from %(high)s)") % {"score": r.score,
                                                               "high": high_from},
                 reverse("risk-detail", args=[r.pk]))
            for r in risks]


def _overloads(overs: list[OverAllocationRow], today: date) -> list[Item]:
    current = sorted((o for o in overs if o.last >= today),
                     key=lambda o: (-o.excess, o.first, o.resource.name))
    return [Item("overload", o.resource.name,
                 _("%(excess)s units too many from %(first)s to %(last)s") % {
                     "excess": charts.number(o.excess, 2, trim=True),
                     "first": charts.short_date(o.first), "last": charts.short_date(o.last)},
                 reverse("resource-loading", args=[o.resource.pk]))
            for o in current]


def _proposals(user: Any, portfolio: Portfolio) -> list[Item]:
    waiting = intake_selectors.proposal_list(user=user, portfolio=portfolio).filter(
        state__in=[Proposal.State.SUBMITTED, Proposal.State.UNDER_REVIEW]
    ).order_by("created_at", "code")
    return [Item("proposal", f"{p.code} {p.title}", str(p.get_state_display()),
                 reverse("proposal-detail", args=[p.pk]))
            for p in waiting]


def attention(*, user: Any, portfolio: Portfolio, performances: list[Performance],
              milestones: list[Milestone], overs: list[OverAllocationRow],
              today: date) -> Attention:
    """The :data:`SHOWN` items that need the executives most, by the rule of this module."""
    found = {
        "red": _red(performances),
        "exception": _exceptions(user, portfolio),
        "milestone": _milestones(milestones, today),
        "risk": _risks(user, portfolio),
        "overload": _overloads(overs, today),
        "proposal": _proposals(user, portfolio),
    }
    in_turn = [item for rank in zip_longest(*found.values()) for item in rank
               if item is not None]
    return Attention(in_turn[:SHOWN], {kind: len(items) for kind, items in found.items()})
