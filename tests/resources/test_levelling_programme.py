"""A programme is levelled as a portfolio is: its dated projects together, by its programme
manager (and the managers above), never by a project manager; a run has exactly one scope."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.planning.models import Task
from jalon.resources.models import LevellingRun
from tests.factories import AssignmentFactory, ProjectFactory, TaskFactory, UserFactory
from tests.pages import signed_in
from tests.resources.conftest import MONDAY, build_crowded

pytestmark = pytest.mark.english


@pytest.fixture
def crowded(project):
    return build_crowded(project)


@pytest.fixture
def outside(crowded, portfolio):
    """A project of the same portfolio, outside the programme, that also needs Alice."""
    project = ProjectFactory(portfolio=portfolio, planned_start=MONDAY, code="OUT")
    task = TaskFactory(project=project, name="Outside", duration=3)
    AssignmentFactory(task=task, resource=crowded["alice"], units=1)
    return task


def with_role(role: str, scope):
    user = UserFactory()
    grant_role(actor=None, user=user, role=role, scope=scope)
    return user


@pytest.mark.usefixtures("worker")
def test_the_programme_manager_levels_applies_and_clears_his_programme(crowded, outside,
                                                                      programme):
    client = signed_in(with_role(Role.PROGRAMME_MANAGER, programme), language="en")
    page = client.get(f"/programmes/{programme.pk}/").content.decode()
    for view in ("gantt", "risks", "levelling"):
        assert f"/programmes/{programme.pk}/{view}/" in page
    form = client.get(f"/programmes/{programme.pk}/levelling/").content.decode()
    assert "this programme's projects" in form
    client.post(f"/programmes/{programme.pk}/levelling/", {"method": "heuristic",
                                                            "time_limit": "5"})
    run = LevellingRun.objects.get()
    assert run.scope == programme and run.state == LevellingRun.State.DONE, run.error
    assert [p["project"] for p in run.result["projects"]] == [crowded["project"].pk]
    moved = len(run.result["apply"])
    page = client.post(f"/levelling/{run.pk}/apply/", follow=True).content.decode()
    assert f"Levelling applied: {moved} tasks start no earlier than their levelled dates." in page
    assert f'action="/programmes/{programme.pk}/levelling/clear/"' in page
    levelled = Task.objects.filter(constraint_type="SNET")
    assert levelled.count() == moved and not levelled.exclude(project=crowded["project"])
    assert Task.objects.get(pk=outside.pk).constraint_type == "ASAP"  # outside: untouched
    page = client.post(f"/programmes/{programme.pk}/levelling/clear/", follow=True)
    assert f"Levelling cleared: {moved} tasks are free again." in page.content.decode()
    assert not Task.objects.filter(constraint_type="SNET").exists()


def test_a_project_manager_cannot_level_a_programme(crowded, programme, manager):
    # a project manager granted on the whole programme sees it but manages projects only
    for user, refused in ((with_role(Role.PROJECT_MANAGER, programme), 403), (manager, 404)):
        client = signed_in(user)
        page = client.get(f"/programmes/{programme.pk}/")
        assert f"/programmes/{programme.pk}/levelling/" not in page.content.decode()
        assert client.get(f"/programmes/{programme.pk}/levelling/").status_code == refused
        assert client.post(f"/programmes/{programme.pk}/levelling/clear/").status_code == refused
        response = client.post("/api/v1/levelling-runs", {"programme": programme.pk},
                               content_type="application/json")
        assert response.status_code == refused
    assert not LevellingRun.objects.exists()


@pytest.mark.usefixtures("worker")
def test_the_api_levels_a_programme(crowded, programme):
    client = signed_in(with_role(Role.PROGRAMME_MANAGER, programme), language="en")
    run = client.post("/api/v1/levelling-runs", {"programme": programme.pk},
                      content_type="application/json").json()
    assert run["programme"] == programme.pk and run["portfolio"] is None
    state = client.get(f"/api/v1/programmes/{programme.pk}/levelling").json()
    assert [r["id"] for r in state["runs"]] == [run["id"]]
    client.post(f"/api/v1/levelling-runs/{run['id']}/apply")
    assert client.get(f"/api/v1/programmes/{programme.pk}/levelling").json()[
        "levelled_tasks"] == 1
    assert client.post(f"/api/v1/programmes/{programme.pk}/levelling/clear").json() == {
        "cleared": 1}
    both = client.post("/api/v1/levelling-runs",
                       {"programme": programme.pk, "project": crowded["project"].pk},
                       content_type="application/json")
    assert both.status_code == 400
    assert both.json()["message"] == "Give one project, one programme or one portfolio."


def test_a_programme_without_a_dated_project_says_so(programme):
    client = signed_in(with_role(Role.PROGRAMME_MANAGER, programme), language="en")
    ProjectFactory(portfolio=programme.portfolio, programme=programme, planned_start=None)
    page = client.post(f"/programmes/{programme.pk}/levelling/",
                       {"method": "heuristic", "time_limit": "5"})
    assert page.status_code == 400
    assert "No project of this programme has a planned start." in page.content.decode()


def test_a_run_has_exactly_one_scope(project, programme, portfolio):
    for scopes in ({}, {"project": project, "programme": programme},
                   {"programme": programme, "portfolio": portfolio},
                   {"project": project, "programme": programme, "portfolio": portfolio}):
        with pytest.raises(IntegrityError), transaction.atomic():
            LevellingRun.objects.create(**scopes)
    assert LevellingRun.objects.create(programme=programme).scope == programme
