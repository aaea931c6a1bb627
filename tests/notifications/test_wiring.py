"""What each app tells whom: a gate awaiting its approvers' decision (on their "to do" lists
until it is decided), the decision told to the project's manager; time submitted to the
project's manager, approved or rejected to the person; a risk become high, a risk or an issue
escalated; a person assigned to a task."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.governance import services as governance
from jalon.governance.models import Gate
from jalon.notifications.models import Notification
from jalon.notifications.selectors import todo_list
from jalon.portfolios.models import Project
from jalon.resources import services as resources
from jalon.risks import services as risks
from jalon.timesheets import services as timesheets
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory, UserFactory
from tests.governance.conftest import create_from_pack
from tests.pages import signed_in

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 6, 1)


def texts(user) -> list[str]:
    """The user's notifications as he reads them, in English, oldest first."""
    with translation.override("en"):
        return [n.text for n in Notification.objects.filter(recipient=user).order_by("pk")]


@pytest.fixture
def board(programme):
    """A programme manager: he decides at the gates of the programme's projects."""
    user = UserFactory(username="board")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    return user


# --- gates -------------------------------------------------------------------------------------

def test_a_gate_awaits_its_approvers_until_they_decide(board, programme, pmo):
    project = create_from_pack(pmo, programme, key="hybrid")
    manager = UserFactory(username="pm-gates")
    grant_role(actor=None, user=manager, role=Role.PROJECT_MANAGER, scope=project)
    first = Gate.objects.filter(phase__project=project).order_by("phase__position").first()
    [todo] = todo_list(user=board)
    assert todo.ref == f"gate:{first.pk}" and todo.url == f"/gates/{first.pk}/"
    assert texts(board) == [f"The gate “{first.name_en}” of {project.code} {project.name} "
                            "awaits your decision."]
    with translation.override("fr"):
        assert f"«\u00a0{first.name_fr}\u00a0»" in todo.text
    assert [n.recipient for n in todo_list(user=pmo)] == [pmo]  # the PMO decides too
    assert not todo_list(user=manager)  # the project manager does not pass his own gates

    governance.gate_decide(actor=board, gate=first, decision="hold", comment="Funding")
    assert todo_list(user=board).count() == 1  # on hold: a decision is still awaited
    governance.gate_decide(actor=board, gate=first, decision="stop", comment="No case")
    assert not todo_list(user=board) and not todo_list(user=pmo)
    assert texts(manager) == [
        f"Decision at the gate “{first.name_en}” of {project.code} {project.name}: Hold.",
        f"Decision at the gate “{first.name_en}” of {project.code} {project.name}: Stop."]
    with translation.override("fr"):
        assert Notification.objects.filter(recipient=manager).order_by("pk").last().text \
            .endswith("\u00a0: Arrêter.")


def test_a_go_puts_the_next_gate_on_the_approvers_list(board, programme):
    project = create_from_pack(board, programme, key="hybrid")
    first, second = Gate.objects.filter(phase__project=project).order_by("phase__position")[:2]
    first.criteria.update(mandatory=False)
    governance.gate_decide(actor=board, gate=first, decision="go")
    assert [n.ref for n in todo_list(user=board)] == [f"gate:{second.pk}"]


def test_the_pmos_override_moves_the_awaited_gate(board, programme, pmo):
    project = create_from_pack(board, programme, key="hybrid")
    phases = list(project.phases.order_by("position"))
    governance.lifecycle_override(actor=pmo, project=project, phase=phases[2],
                                  status=Project.Status.IN_PROGRESS, justification="Fast track")
    assert [n.ref for n in todo_list(user=board)] == [f"gate:{phases[2].gate.pk}"]


def test_the_gate_to_do_leaves_the_home_panel_once_decided(board, programme):
    project = create_from_pack(board, programme, key="hybrid")
    client = signed_in(board, language="en")
    assert "awaits your decision" in client.get("/notifications/todo/").content.decode()
    gate = Gate.objects.filter(phase__project=project).order_by("phase__position").first()
    governance.gate_decide(actor=board, gate=gate, decision="stop", comment="No case")
    assert "Nothing awaits your action." in client.get("/notifications/todo/").content.decode()


# --- timesheets --------------------------------------------------------------------------------

@pytest.fixture
def week(project, member, manager):
    project.status = Project.Status.IN_PROGRESS
    project.save()
    task = TaskFactory(project=project, name="Build", wbs_code="1")
    resource = ResourceFactory(code="DEV", name="Dana Dev", user=member)
    AssignmentFactory(task=task, resource=resource)
    entries = [timesheets.timesheet_entry_create(actor=member, resource=resource, task=task,
                                                 date=MONDAY + datetime.timedelta(days=d),
                                                 hours=Decimal("7.5")) for d in range(2)]
    timesheets.timesheet_week_submit(actor=member, resource=resource, week=MONDAY)
    return entries


def test_time_submitted_awaits_the_project_manager_until_reviewed(week, project, manager,
                                                                  member):
    [todo] = todo_list(user=manager)
    with translation.override("en"):  # the "to do" item reads as the notification it is
        assert todo.text == texts(manager)[0]
    assert texts(manager) == [f"Dana Dev submitted 15 h of time on {project.code} "
                              f"{project.name} for the week of 01/06/2026: approve or reject it."]
    with translation.override("fr"):
        assert "semaine du 01/06/2026" in todo.text
    timesheets.timesheet_entries_approve(actor=manager, entries=week[:1])
    assert todo_list(user=manager).count() == 1  # half the week still awaits
    timesheets.timesheet_entries_reject(actor=manager, entries=week[1:], reason="Wrong task")
    assert not todo_list(user=manager)
    assert texts(member) == [
        f"Your time on {project.code} {project.name} for the week of 01/06/2026 was approved "
        "(7.5 h).",
        f"Your time on {project.code} {project.name} for the week of 01/06/2026 was rejected "
        "(7.5 h): Wrong task"]


# --- risks and issues --------------------------------------------------------------------------

def test_a_risk_become_high_is_told_to_the_project_manager_once(project, manager, pmo):
    risk = risks.risk_create(actor=pmo, project=project, title="Supplier late",
                             probability=2, impact_cost=2)
    assert texts(manager) == []
    risks.risk_update(actor=pmo, risk=risk, probability=4, impact_cost=3)  # 12: high
    risks.risk_update(actor=pmo, risk=risk, probability=5)  # still high: not again
    assert texts(manager) == [f"The risk R1 Supplier late of {project.code} {project.name} is "
                              "now high (score 12)."]
    risks.risk_create(actor=manager, project=project, title="Flood", probability=5,
                      impact_cost=5)
    assert len(texts(manager)) == 1  # he raised it himself


def test_an_escalated_risk_or_issue_is_told_to_the_programme_manager(project, manager, board,
                                                                      executive):
    risk = risks.risk_create(actor=manager, project=project, title="Supplier late")
    risks.risk_update(actor=manager, risk=risk, escalated=True)
    risks.risk_update(actor=manager, risk=risk, title="Supplier very late")
    issue = risks.issue_create(actor=manager, project=project, title="Crane broken")
    risks.issue_update(actor=manager, issue=issue, escalated=True)
    assert texts(board) == [
        f"The risk R1 Supplier late of {project.code} {project.name} was escalated to you.",
        f"The issue “Crane broken” of {project.code} {project.name} was escalated to you."]
    assert texts(executive) == [] and texts(manager) == []


# --- assignments -------------------------------------------------------------------------------

def test_a_person_assigned_to_a_task_is_told(project, manager, member):
    task = TaskFactory(project=project, name="Build", wbs_code="2.1")
    resources.assignment_create(actor=manager, task=task,
                                resource=ResourceFactory(name="Dana Dev", user=member))
    resources.assignment_create(actor=manager, task=task, resource=ResourceFactory())  # no user
    assert texts(member) == [f"You are assigned to the task 2.1 Build of {project.code} "
                             f"{project.name}."]
    assert Notification.objects.count() == 1
