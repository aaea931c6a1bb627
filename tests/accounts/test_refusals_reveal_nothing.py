"""What a user cannot see stays hidden even when the API refuses or answers him: a project
manager cannot take her project from its programme; a dependency cycle and a day over 24 hours
do not name tasks or hours of invisible projects; user ids do not tell who has an account; the
pool's e-mails are for those who staff projects; readers read a project's levelling."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from tests.factories import (
    DependencyFactory,
    ProgrammeFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    TimesheetEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def with_role(role: str, scope=None):
    user = UserFactory()
    grant_role(actor=None, user=user, role=role, scope=scope)
    return user


def test_a_project_manager_cannot_take_her_project_out_of_its_programme(manager, project):
    programme = project.programme
    response = send(client_for(manager), "patch", f"/api/v1/projects/{project.pk}",
                    {"programme": None})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.programme == programme


def test_the_programme_manager_moves_a_project_only_where_he_manages(project, portfolio):
    boss = with_role(Role.PROGRAMME_MANAGER, project.programme)
    other = ProgrammeFactory(portfolio=portfolio)
    grant_role(actor=None, user=boss, role=Role.EXECUTIVE, scope=other)  # sees it, no more
    client = client_for(boss)
    assert send(client, "patch", f"/api/v1/projects/{project.pk}",
                {"programme": other.pk}).status_code == 403
    assert send(client, "patch", f"/api/v1/projects/{project.pk}",
                {"programme": None}).status_code == 403  # to the portfolio, which is not his
    pmo = with_role(Role.PORTFOLIO_MANAGER, portfolio)
    response = send(client_for(pmo), "patch", f"/api/v1/projects/{project.pk}",
                    {"programme": other.pk})
    assert response.status_code == 200 and response.json()["programme"] == other.pk


def test_a_cycle_through_an_invisible_project_does_not_name_its_tasks(manager, project,
                                                                      portfolio):
    hidden = ProjectFactory(portfolio=portfolio, code="SECRET")
    first = TaskFactory(project=project, name="Dig", wbs_code="1")
    second = TaskFactory(project=project, name="Pour", wbs_code="2")
    secret = TaskFactory(project=hidden, name="Merger talks", wbs_code="1")
    DependencyFactory(predecessor=first, successor=secret)
    DependencyFactory(predecessor=secret, successor=second)
    response = send(client_for(manager), "post", "/api/v1/dependencies",
                    {"predecessor": second.pk, "successor": first.pk})
    assert response.status_code == 400 and response.json()["code"] == "cycle"
    message = response.json()["message"]
    assert "Dig" in message and "Pour" in message
    assert "Merger" not in message and "SECRET" not in message
    assert "une tâche d’un autre projet" in message


def test_a_day_over_24_hours_does_not_tell_the_hours_of_invisible_projects(manager, project,
                                                                          portfolio):
    resource = ResourceFactory(name="Alice Martin")
    hidden = ProjectFactory(portfolio=portfolio)
    TimesheetEntryFactory(resource=resource, task=TaskFactory(project=hidden),
                          date=datetime.date(2025, 3, 3), hours=Decimal("19.5"))
    response = send(client_for(manager), "post", "/api/v1/timesheets",
                    {"resource": resource.pk, "task": TaskFactory(project=project).pk,
                     "date": "2025-03-03", "hours": 5})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("Alice Martin travaillerait plus de 24 heures le 03/03/2025")
    assert "projets que vous ne voyez pas" in message
    assert "24,5" not in message and "19" not in message


def test_user_ids_outside_ones_scope_answer_as_unknown_ones(manager, project):
    stranger = with_role(Role.PROJECT_MANAGER, ProjectFactory())
    colleague = with_role(Role.TEAM_MEMBER, project)
    client = client_for(manager)
    url = f"/api/v1/projects/{project.pk}"
    refused = send(client, "patch", url, {"project_manager": stranger.pk})
    unknown = send(client, "patch", url, {"project_manager": 999_999})
    assert refused.status_code == unknown.status_code == 400
    assert refused.json()["message"].replace(str(stranger.pk), "N") == \
        unknown.json()["message"].replace("999999", "N")
    assert send(client, "patch", url, {"project_manager": colleague.pk}).status_code == 200


def test_the_pools_e_mails_are_for_managers_and_its_rates_for_the_budget(manager, member,
                                                                        executive):
    ResourceFactory(email="alice@example.org", standard_rate=Decimal("80"))

    def first(user):
        return client_for(user).get("/api/v1/resources").json()["items"][0]

    assert first(manager)["email"] == "alice@example.org" and first(manager)["standard_rate"]
    assert first(executive)["email"] is None and first(executive)["standard_rate"]
    assert first(member)["email"] is None and first(member)["standard_rate"] is None


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.TEAM_MEMBER])
def test_readers_read_a_projects_levelling_but_do_not_level_it(project, role):
    reader = client_for(with_role(role, project))
    response = reader.get(f"/api/v1/projects/{project.pk}/levelling")
    assert response.status_code == 200 and response.json()["runs"] == []
    assert reader.post(f"/api/v1/projects/{project.pk}/levelling/clear").status_code == 403
