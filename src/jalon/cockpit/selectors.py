"""The executive cockpit of a portfolio, read from the figures other apps compute and store:
the KPI dashboard's performances and roll-up (finance), the KPI history, the stored schedules'
milestones (planning), the pool's loading (resources), the risk registers and the proposals.
Nothing is computed here that another page computes too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jalon.accounts import permissions as perms
from jalon.cockpit.attention import Attention, attention
from jalon.cockpit.health import Health, health
from jalon.cockpit.roadmap import Roadmap, roadmap
from jalon.finance import selectors as finance_selectors
from jalon.finance.evm import Performance, RollUp
from jalon.finance.filters import dashboard_rows
from jalon.planning.selectors import Milestone, milestones_of
from jalon.portfolios.models import Portfolio
from jalon.resources.loading import loading_for

COMING = 8
"""How many coming milestones the cockpit lists under the roadmap."""


@dataclass
class Cockpit:
    """What the cockpit page shows of a portfolio; ``coming``, its next :data:`COMING`
    milestones from today."""

    portfolio: Portfolio
    projects: list[Performance]
    """The portfolio's projects, the worst overall status first (the KPI dashboard's order)."""
    rollup: RollUp | None
    health: Health
    attention: Attention
    roadmap: Roadmap | None
    coming: list[Milestone]


def cockpit(*, user: Any, portfolio: Portfolio, today: date) -> Cockpit:
    """The cockpit of ``portfolio`` for ``user``, who must see its money (an executive, the
    PMO, its portfolio manager); ``today`` decides what is overdue."""
    perms.require_costs(user, portfolio)
    board = finance_selectors.dashboard(user=user, portfolio=portfolio)
    projects = [p.project for p in board.projects]
    milestones = milestones_of(projects)
    overs = loading_for(user=user, portfolio=portfolio).over_allocations
    return Cockpit(
        portfolio=portfolio,
        projects=dashboard_rows(board.projects, sort="overall"),
        rollup=next((r for r in board.portfolios if r.target.pk == portfolio.pk), None),
        health=health(board.projects),
        attention=attention(user=user, portfolio=portfolio, performances=board.projects,
                            milestones=milestones, overs=overs, today=today),
        roadmap=roadmap(milestones, today=today),
        coming=[m for m in milestones if m.day >= today][:COMING],
    )
