"""The register's rules: levels within the portfolio's scale, scores, history, permissions."""

from __future__ import annotations

import pytest

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.risks import selectors, services
from jalon.risks.models import Issue, Risk, RiskAction


def test_a_new_risk_is_numbered_and_scored_by_its_largest_impact(make_risk):
    first = make_risk(probability=3, impact_cost=2, impact_schedule=4)
    second = make_risk(title="Key person leaves")
    assert (first.reference, second.reference) == ("R1", "R2")
    assert first.impact == 4 and first.score == 12
    assert second.score == 1


def test_residual_score_uses_residual_levels_and_need_not_be_lower(make_risk, manager):
    risk = make_risk(probability=2, impact_quality=3)
    risk = services.risk_update(actor=manager, risk=risk, residual_probability=4,
                                residual_impact_quality=5)
    assert risk.score == 6 and risk.residual_score == 20


def test_levels_must_lie_within_the_portfolio_scale(make_risk, project, pmo):
    with pytest.raises(ValidationFailed) as exc:
        make_risk(probability=6)
    assert exc.value.field == "probability"
    services.matrix_config_update(actor=pmo, portfolio=project.portfolio, size=3, high_from=6,
                                  medium_from=3)
    with pytest.raises(ValidationFailed) as exc:
        make_risk(impact_scope=4)
    assert exc.value.field == "impact_scope"
    assert not Risk.objects.exists()


def test_the_matrix_cannot_shrink_below_levels_in_use(make_risk, project, pmo):
    make_risk(probability=5)
    with pytest.raises(ValidationFailed) as exc:
        services.matrix_config_update(actor=pmo, portfolio=project.portfolio, size=4,
                                      high_from=10)
    assert exc.value.field == "size"


def test_the_strategy_must_suit_the_kind(make_risk):
    with pytest.raises(ValidationFailed) as exc:
        make_risk(kind=Risk.Kind.OPPORTUNITY, strategy=Risk.Strategy.AVOID)
    assert exc.value.field == "strategy"
    assert make_risk(kind=Risk.Kind.OPPORTUNITY, strategy=Risk.Strategy.EXPLOIT).pk


def test_every_change_writes_a_history_row_with_who_and_what(make_risk, manager):
    risk = make_risk(probability=2)
    services.risk_update(actor=manager, risk=risk, probability=4, status=Risk.Status.OPEN)
    action = services.action_create(actor=manager, risk=risk, description="Second supplier")
    services.action_update(actor=manager, action=action, status=RiskAction.Status.DONE)
    rows = list(risk.history.order_by("id"))
    assert [r.event for r in rows] == ["created", "changed", "action added", "action changed"]
    assert rows[1].changes == {"probability": [2, 4]}
    assert rows[1].actor == manager
    assert rows[3].changes["status"] == ["planned", "done"]


def test_an_update_that_changes_nothing_writes_no_history(make_risk, manager):
    risk = make_risk()
    services.risk_update(actor=manager, risk=risk, title=risk.title)
    assert risk.history.count() == 1


def test_members_may_update_only_the_status_of_their_own_actions(make_risk, manager, member):
    risk = make_risk()
    mine = services.action_create(actor=manager, risk=risk, description="Call", owner=member)
    other = services.action_create(actor=manager, risk=risk, description="Write")
    services.action_update(actor=member, action=mine, status=RiskAction.Status.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.action_update(actor=member, action=mine, description="Changed")
    with pytest.raises(PermissionDenied):
        services.action_update(actor=member, action=other, status=RiskAction.Status.DONE)
    with pytest.raises(PermissionDenied):
        services.risk_update(actor=member, risk=risk, title="No")


def test_executives_read_and_outsiders_do_not_see(make_risk, executive, outsider):
    risk = make_risk()
    assert selectors.risk_get(user=executive, pk=risk.pk) == risk
    with pytest.raises(PermissionDenied):
        services.risk_update(actor=executive, risk=risk, title="No")
    with pytest.raises(NotFound):
        selectors.risk_get(user=outsider, pk=risk.pk)


def test_task_links_stay_within_the_project(make_risk, manager, planned, other_project):
    from tests.factories import TaskFactory

    risk = make_risk()
    link = services.task_link_create(actor=manager, risk=risk, task=planned["a"])
    assert link.task == planned["a"]
    with pytest.raises(ValidationFailed):
        services.task_link_create(actor=manager, risk=risk, task=planned["a"])
    with pytest.raises(ValidationFailed):
        services.task_link_create(actor=manager, risk=risk,
                                  task=TaskFactory(project=other_project))


def test_escalated_risks_show_on_the_programme_and_portfolio(make_risk, manager, executive,
                                                            project):
    risk = make_risk(title="Regulator", probability=4, impact_cost=4)
    make_risk(title="Local only")
    services.risk_update(actor=manager, risk=risk, escalated=True)
    for scope in (project.portfolio, project.programme):
        assert list(selectors.escalated_risks(user=executive, scope=scope)) == [risk]


def test_matrix_counts_open_risks_per_cell(make_risk, manager, executive, project):
    make_risk(probability=4, impact_cost=3)
    make_risk(probability=4, impact_schedule=3, impact_cost=1)
    closed = make_risk(probability=1)
    services.risk_update(actor=manager, risk=closed, status=Risk.Status.CLOSED)
    grid = selectors.matrix(user=executive, portfolio=project.portfolio,
                            risks=selectors.risk_list(user=executive, project=project))
    cells = {(p, c["impact"]): c["count"] for p, _, row in grid.rows for c in row}
    assert cells[(4, 3)] == 2 and grid.total == 2
    assert grid.rows[0][0] == 5  # highest probability on top
    assert grid.rows[0][2][4]["level"] == "high" and grid.rows[-1][2][0]["level"] == "low"


def test_issue_needs_a_resolution_to_be_resolved(project, manager):
    issue = services.issue_create(actor=manager, project=project, title="Server down",
                                  severity=Issue.Severity.HIGH)
    with pytest.raises(ValidationFailed) as exc:
        services.issue_update(actor=manager, issue=issue, status=Issue.Status.RESOLVED)
    assert exc.value.field == "resolution"
    issue = services.issue_update(actor=manager, issue=issue, status=Issue.Status.RESOLVED,
                                  resolution="Restarted")
    assert issue.status == "resolved"
