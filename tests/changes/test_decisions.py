"""Who decides a change and what deciding does: the authority by thresholds, approval applying
every edit or none (with a new baseline on request), rejection, notifications, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.changes import authority, services
from jalon.changes.models import ChangeAuthority, ChangeRequest
from jalon.changes.selectors import change_view
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance.models import ProjectRole
from jalon.notifications.models import Notification
from jalon.planning import services as planning
from jalon.planning.models import Task
from tests.factories import UserFactory


@pytest.fixture
def board(programme):
    user = UserFactory(username="board")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    return user


def test_within_the_limits_the_project_manager_decides(change, manager, board):
    ChangeAuthority.objects.create(project=change.project, max_slip_days=Decimal("5"))
    services.change_submit(actor=manager, change=change)  # a slip of 5 days

    found = authority.authority(change)
    assert found.level == authority.PROJECT_MANAGER
    assert authority.can_approve(manager, change)
    assert [n.recipient for n in Notification.objects.filter(ref=f"change:{change.pk}")] \
        == [manager]


def test_above_the_limit_the_board_decides_and_the_page_says_why(change, manager, board):
    ChangeAuthority.objects.create(portfolio=change.project.portfolio,
                                   max_slip_days=Decimal("3"))
    services.change_submit(actor=manager, change=change)

    found = authority.authority(change)
    assert found.level == authority.BOARD
    assert found.reasons == ["A slip of 5 working days exceeds the project manager's limit of 3."]
    assert not authority.can_approve(manager, change)
    assert authority.can_approve(board, change)
    asked = Notification.objects.get(ref=f"change:{change.pk}", action=True)
    assert asked.recipient == board and asked.resolved_at is None
    with pytest.raises(PermissionDenied, match="The board decides this change. A slip of 5"):
        services.change_approve(actor=manager, change=change)


def test_a_cost_increase_above_the_limit_goes_to_the_projects_board(plan, manager, board):
    project = plan[0].project
    holder = UserFactory(username="sponsor")
    grant_role(actor=None, user=holder, role=Role.PORTFOLIO_MANAGER, scope=project.portfolio)
    ProjectRole.objects.create(project=project, key="executive", name_en="Executive",
                               name_fr="Directeur", jalon_role=Role.PORTFOLIO_MANAGER,
                               approver=True, holder=holder)
    change = services.change_create(actor=manager, project=project, title="Buy a crane")
    services.change_update(actor=manager, change=change, edits=[
        {"type": "fixed_cost", "task": plan[0].pk, "amount": "25000"}])
    services.change_submit(actor=manager, change=change)

    assert authority.authority(change).reasons == [
        "A cost increase of 25,000 EUR exceeds the project manager's limit of 10,000 EUR."]
    assert authority.deciders(change) == [holder]
    assert not authority.can_approve(board, change)  # the board is the pack's, not him
    assert authority.authority(change, costs=False).reasons == [
        "The cost increase exceeds the project manager's limit."]


def test_approval_applies_the_edits_takes_a_baseline_and_tells_the_requester(change, manager,
                                                                             plan):
    services.change_update(actor=manager, change=change, edits=[
        {"type": "duration", "task": plan[1].pk, "duration": "4"},
        {"type": "add_task", "name": "Handover", "duration": "1",
         "predecessors": [plan[2].pk]}])
    services.change_submit(actor=manager, change=change)
    services.change_approve(actor=manager, change=change, baseline=True)

    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_by == manager
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("4")
    added = Task.objects.get(name="Handover")
    assert added.predecessor_links.get().predecessor == plan[2]
    assert change.baseline.name == "After CR-1"
    assert change.baseline.tasks.count() == 4
    assert Notification.objects.get(ref=f"change:{change.pk}").resolved_at is not None
    told = Notification.objects.get(kind="change.decided")
    assert told.recipient == manager and "CR-1 Bigger build" in told.text


def test_approval_applies_every_edit_or_none(change, manager, plan):
    services.change_update(actor=manager, change=change, edits=[
        {"type": "duration", "task": plan[0].pk, "duration": "6"},
        {"type": "duration", "task": plan[2].pk, "duration": "2"}])
    services.change_submit(actor=manager, change=change)
    planning.task_delete(actor=manager, task=plan[2])  # meanwhile

    with pytest.raises(ValidationFailed, match="“3 Test” no longer exists in the plan"):
        services.change_approve(actor=manager, change=change)
    assert Task.objects.get(pk=plan[0].pk).duration == Decimal("2")
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.SUBMITTED


def test_rejection_needs_a_reason_and_leaves_the_plan(change, manager, plan):
    services.change_submit(actor=manager, change=change)
    with pytest.raises(ValidationFailed) as refused:
        services.change_reject(actor=manager, change=change, reason="  ")
    assert refused.value.field == "reason"
    services.change_reject(actor=manager, change=change, reason="Not now")

    assert change.status == ChangeRequest.Status.REJECTED
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("3")
    assert "rejected: Not now" in Notification.objects.get(kind="change.decided").text


def test_a_team_member_can_neither_draft_nor_decide_and_sees_no_money(change, manager, member):
    with pytest.raises(PermissionDenied):
        services.change_create(actor=member, project=change.project, title="Mine")
    services.change_submit(actor=manager, change=change)
    with pytest.raises(PermissionDenied):
        services.change_approve(actor=member, change=change)

    view = change_view(user=member, change=change)
    assert not view.can_decide and not view.can_edit
    assert view.impact["cost_before"] is None and view.impact["cost_delta"] is None
    assert view.impact["finish_after"] == "2025-03-14"


def test_a_decided_change_cannot_be_decided_again(change, manager):
    services.change_submit(actor=manager, change=change)
    services.change_approve(actor=manager, change=change)
    with pytest.raises(ValidationFailed, match="CR-1 is approved and applied"):
        services.change_approve(actor=manager, change=change)


def test_the_history_tab_shows_who_submitted_and_decided(change, manager):
    from jalon.accounts.history import acting_as
    from jalon.audit.selectors import project_history

    with acting_as(manager):
        services.change_submit(actor=manager, change=change)
        services.change_approve(actor=manager, change=change)
    changes = project_history(user=manager, project=change.project, kinds=["change"]).changes
    statuses = [(c.object, c.user, c.old, c.new) for c in changes if c.field == "Status"]
    assert statuses == [("Change request CR-1 Bigger build", "pm-test", "Submitted",
                         "Approved and applied"),
                        ("Change request CR-1 Bigger build", "pm-test", "Draft", "Submitted")]
