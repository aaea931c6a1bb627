"""Proposals through their life cycle: who may do what, the history kept, the project an
approval creates, and the estimates checked."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.finance.models import BudgetLine
from jalon.intake import services
from jalon.intake.models import Proposal
from jalon.portfolios.models import Project
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db
State = Proposal.State


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_project_manager_of_the_portfolio_drafts_and_submits(draft, manager):
    assert draft.state == State.DRAFT and draft.created_by == manager
    submitted = services.proposal_transition(actor=manager, proposal=draft, action="submit")
    assert submitted.state == State.SUBMITTED
    [step] = submitted.transitions.all()
    assert (step.source, step.target, step.actor) == (State.DRAFT, State.SUBMITTED, manager)


def test_someone_outside_the_portfolio_cannot_propose(portfolio, outsider):
    with pytest.raises(NotFound):
        services.proposal_create(actor=outsider, portfolio=portfolio, code="X", title="X")


def test_only_the_managers_review_and_decide(draft, manager, chief):
    services.proposal_transition(actor=manager, proposal=draft, action="submit")
    for user in (manager, chief):
        with pytest.raises(PermissionDenied):
            services.proposal_transition(actor=user, proposal=draft, action="review")
    assert Proposal.objects.get(pk=draft.pk).state == State.SUBMITTED


def test_a_rejection_needs_a_reason_and_records_it(reviewed, boss):
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_transition(actor=boss, proposal=reviewed, action="reject", reason=" ")
    assert refused.value.field == "reason"
    rejected = services.proposal_transition(actor=boss, proposal=reviewed, action="reject",
                                            reason="Hors stratégie")
    assert rejected.state == State.REJECTED and rejected.decision_reason == "Hors stratégie"
    assert [t.target for t in rejected.transitions.order_by("at", "id")] == [
        State.SUBMITTED, State.UNDER_REVIEW, State.REJECTED]


def test_a_transition_out_of_turn_names_the_states(draft, boss):
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_transition(actor=boss, proposal=draft, action="approve")
    assert "Draft" in refused.value.message and "Approved" in refused.value.message


def test_deferred_proposals_come_back_to_review(reviewed, boss):
    services.proposal_transition(actor=boss, proposal=reviewed, action="defer", reason="2028")
    again = services.proposal_transition(actor=boss, proposal=reviewed, action="resume")
    assert again.state == State.UNDER_REVIEW


def test_approving_creates_the_project_with_its_budget(reviewed, boss, objectives):
    approved = services.proposal_transition(actor=boss, proposal=reviewed, action="approve")
    project = approved.project
    assert approved.state == State.APPROVED and project is not None
    assert (project.code, project.name, project.status, project.planned_start) == (
        "CRM", "Portail client", Project.Status.APPROVED, datetime.date(2027, 1, 15))
    assert project.portfolio == reviewed.portfolio and project.sponsor == ""
    assert "Les clients appellent." in project.description
    assert list(project.objectives.all()) == [objectives[0]]
    lines = {line.expenditure: line for line in BudgetLine.objects.filter(project=project)}
    assert lines["capex"].approved == Decimal("1500") and lines["opex"].approved == Decimal("200")
    assert [(m.month, m.planned) for m in lines["capex"].months.all()] == [
        (datetime.date(2027, 1, 1), Decimal("1000")), (datetime.date(2027, 3, 1), Decimal("500"))]


def test_an_approval_that_cannot_create_the_project_leaves_nothing(reviewed, boss):
    ProjectFactory(code="CRM")
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_transition(actor=boss, proposal=reviewed, action="approve")
    assert refused.value.field == "code"
    assert Proposal.objects.get(pk=reviewed.pk).state == State.UNDER_REVIEW
    assert not reviewed.transitions.filter(target=State.APPROVED).exists()


def test_a_submitted_proposal_is_changed_only_by_the_managers(draft, manager, boss):
    services.proposal_transition(actor=manager, proposal=draft, action="submit")
    with pytest.raises(PermissionDenied):
        services.proposal_update(actor=manager, proposal=draft, title="Autre")
    assert services.proposal_update(actor=boss, proposal=draft, title="Autre").title == "Autre"


def test_a_decided_proposal_no_longer_changes(reviewed, boss):
    services.proposal_transition(actor=boss, proposal=reviewed, action="reject", reason="Non")
    with pytest.raises(PermissionDenied, match="decided"):
        services.proposal_update(actor=boss, proposal=reviewed, title="Autre")


def test_estimates_beyond_the_duration_are_refused(draft, manager):
    with pytest.raises(ValidationFailed, match="Month 3") as refused:
        services.proposal_update(actor=manager, proposal=draft, duration=2)
    assert refused.value.field == "costs"
    with pytest.raises(ValidationFailed, match="given twice"):
        services.proposal_update(actor=manager, proposal=draft, costs=[
            services.Cost(0, Decimal(1), Decimal(0)), services.Cost(0, Decimal(2), Decimal(0))])


def test_dependencies_stay_in_the_portfolio(draft, manager, portfolio):
    with pytest.raises(ValidationFailed, match="itself"):
        services.proposal_update(actor=manager, proposal=draft, depends_on=[draft])
    elsewhere = ProjectFactory(portfolio=PortfolioFactory())
    with pytest.raises(ValidationFailed, match="another portfolio"):
        services.proposal_update(actor=manager, proposal=draft, depends_on_projects=[elsewhere])
    inside = ProjectFactory(portfolio=portfolio)
    services.proposal_update(actor=manager, proposal=draft, depends_on_projects=[inside])
    assert list(draft.depends_on_projects.all()) == [inside]


def test_only_drafts_are_deleted(reviewed, boss):
    with pytest.raises(ValidationFailed, match="Only a draft"):
        services.proposal_delete(actor=boss, proposal=reviewed)
