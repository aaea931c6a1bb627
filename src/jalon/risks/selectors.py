"""Reads of the risks app, always limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from jalon.accounts import permissions as perms
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.querying import get_visible
from jalon.risks.models import Issue, MatrixConfig, Risk, RiskAction, RiskTaskLink
from jalon.risks.services import matrix_config_for

__all__ = ["Exposure", "Matrix", "escalated_issues", "escalated_risks", "issue_get", "issue_list", "level_probability",
           "matrix", "risk_action_get", "risk_exposure", "risk_get", "risk_link_get", "risk_list",
           "risk_probability"]


def _risks(user: Any) -> QuerySet[Risk]:
    return Risk.objects.filter(project__in=perms.visible_projects(user)).select_related(
        "project__portfolio__risk_matrix", "owner")


def risk_list(*, user: Any, project: Project | None = None, programme: Programme | None = None,
              portfolio: Portfolio | None = None) -> QuerySet[Risk]:
    """Risks the user may see, of a project, a programme or a portfolio, highest score first;
    the register's filters are ``jalon.risks.filters.RiskFilter``."""
    qs = _risks(user)
    if project is not None:
        qs = qs.filter(project=project)
    if programme is not None:
        qs = qs.filter(project__programme=programme)
    if portfolio is not None:
        qs = qs.filter(project__portfolio=portfolio)
    return qs.order_by("-score", "project__code", "number")


def risk_titles(*, user: Any, project: Project) -> dict[str, str]:
    """The titles of the project's risks by reference (``R3``): a simulation's result names
    its risk events by reference only."""
    return {risk.reference: risk.title for risk in risk_list(user=user, project=project)}


def risk_get(*, user: Any, pk: Any) -> Risk:
    return get_visible(_risks(user), pk)


def risk_link_get(*, user: Any, pk: Any) -> RiskTaskLink:
    qs = RiskTaskLink.objects.filter(risk__project__in=perms.visible_projects(user))
    return get_visible(qs.select_related("risk__project", "task"), pk)


def risk_action_get(*, user: Any, pk: Any) -> RiskAction:
    qs = RiskAction.objects.filter(risk__project__in=perms.visible_projects(user))
    return get_visible(qs.select_related("risk__project", "owner"), pk)


def escalated_risks(*, user: Any, scope: Programme | Portfolio) -> QuerySet[Risk]:
    """The open risks escalated by the projects of a programme or a portfolio."""
    perms.require_view(user, scope)
    field = "project__programme" if isinstance(scope, Programme) else "project__portfolio"
    return (Risk.objects.filter(**{field: scope}, escalated=True, status=Risk.Status.OPEN)
            .select_related("project", "owner").order_by("-score", "project__code", "number"))


def escalated_issues(*, user: Any, scope: Programme | Portfolio) -> QuerySet[Issue]:
    """The issues escalated by the projects of a programme or a portfolio, not closed."""
    perms.require_view(user, scope)
    field = "project__programme" if isinstance(scope, Programme) else "project__portfolio"
    return (issue_list(user=user).filter(**{field: scope}, escalated=True)
            .exclude(status=Issue.Status.CLOSED))


@dataclass
class Matrix:
    """Counts of risks per cell of a probability x impact matrix, highest probability first
    (the usual heat-map layout). ``rows`` is a list of (probability, label, cells) where each
    cell is ``{"impact", "count", "level"}``."""

    config: MatrixConfig
    rows: list[tuple[int, str, list[dict[str, Any]]]] = field(default_factory=list)
    impact_labels: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0


def _labels(labels: list[str], size: int) -> list[str]:
    return labels if len(labels) == size else [str(i) for i in range(1, size + 1)]


def matrix(*, user: Any, risks: QuerySet[Risk], portfolio: Portfolio,
           residual: bool = False) -> Matrix:
    """The heat map of ``risks`` (open ones) on ``portfolio``'s matrix; ``residual`` places
    each risk by its residual probability and impact instead (risks without one stay put)."""
    config = matrix_config_for(portfolio)
    counts: dict[tuple[int, int], int] = {}
    open_risks = risks.filter(status=Risk.Status.OPEN)
    if residual:
        for risk in open_risks.only("probability", "impact", "residual_probability",
                                    "residual_score"):
            if risk.residual_probability is not None and risk.residual_score is not None:
                key = (risk.residual_probability, risk.residual_score // risk.residual_probability)
            else:
                key = (risk.probability, risk.impact)
            counts[key] = counts.get(key, 0) + 1
    else:
        for row in open_risks.order_by().values("probability", "impact").annotate(
                n=Count("id")):
            counts[(row["probability"], row["impact"])] = row["n"]
    size = config.size
    p_labels = _labels(config.probability_labels, size)
    result = Matrix(config=config, total=sum(counts.values()),
                    impact_labels=list(enumerate(_labels(config.impact_labels, size), start=1)))
    for p in range(size, 0, -1):
        cells = [{"impact": i, "count": counts.get((p, i), 0), "level": config.level(p * i)}
                 for i in range(1, size + 1)]
        result.rows.append((p, p_labels[p - 1], cells))
    return result


def level_probability(level: int, size: int) -> float:
    """The probability (0-1) a level stands for: the middle of its band (5 levels: 10%, 30%…)."""
    return (level - 0.5) / size


def risk_probability(risk: Risk, size: int, *, residual: bool = False) -> float:
    """The probability (0-1) of a risk on a matrix of ``size`` levels: its
    ``probability_percent`` when given, else the middle of its probability level; with
    ``residual``, the middle of its residual level when it has one."""
    if residual and risk.residual_probability is not None:
        return level_probability(risk.residual_probability, size)
    if risk.probability_percent is not None:
        return float(risk.probability_percent) / 100
    return level_probability(risk.probability, size)


@dataclass(frozen=True)
class Exposure:
    """A project's open threats: their expected cost (currency) and how many are "high"."""

    amount: float
    high: int


def risk_exposure(project: Project) -> Exposure:
    """The expected cost of the project's open threats, probability (:func:`risk_probability`)
    x cost if it occurs, summed, and the number of them whose score reaches the matrix's "high"
    threshold. Opportunities are left out: they do not lessen the exposure. No permission is
    checked: finance calls it for a project whose figures the user may already see."""
    config = matrix_config_for(project.portfolio)
    amount, high = 0.0, 0
    for risk in Risk.objects.filter(project=project, status=Risk.Status.OPEN,
                                    kind=Risk.Kind.THREAT):
        amount += risk_probability(risk, config.size) * float(risk.cost_impact)
        high += risk.score >= config.high_from
    return Exposure(amount, high)


def issue_list(*, user: Any, project: Project | None = None) -> QuerySet[Issue]:
    """Issues the user may see, of a project; the issue log's filters are
    ``jalon.risks.filters.IssueFilter``."""
    qs = Issue.objects.filter(project__in=perms.visible_projects(user)).select_related(
        "project", "owner", "risk")
    if project is not None:
        qs = qs.filter(project=project)
    return qs


def issue_get(*, user: Any, pk: Any) -> Issue:
    return get_visible(issue_list(user=user), pk)
