"""Creating, editing and deleting projects; baselines from the overview."""

from __future__ import annotations

import pytest

from jalon.planning.models import Baseline
from jalon.portfolios.models import Project
from tests.factories import ObjectiveFactory, ProjectFactory
from tests.pages import field_block

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def project_data(**fields):
    return {"code": "NEW1", "name": "New office", "status": "proposed", "priority": "600",
            "currency": "eur", "planned_start": "2025-04-01", **fields}


def test_create_a_project_in_a_programme(pmo_client, programme):
    objective = ObjectiveFactory(portfolio=programme.portfolio)
    response = pmo_client.post(f"/programmes/{programme.pk}/projects/new/",
                               project_data(objectives=[objective.pk]))
    project = Project.objects.get(code="NEW1")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.programme == programme and project.portfolio == programme.portfolio
    assert project.currency == "EUR" and list(project.objectives.all()) == [objective]


def test_create_a_project_directly_in_a_portfolio(pmo_client, portfolio):
    pmo_client.post(f"/portfolios/{portfolio.pk}/projects/new/", project_data())
    project = Project.objects.get(code="NEW1")
    assert project.portfolio == portfolio and project.programme is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"code": "bad code!"}, "code", "Use letters, digits"),
        ({"priority": "2000"}, "priority", "less than or equal to 1000"),
        ({"planned_start": "31/02/2025"}, "planned_start", "Enter a valid date."),
        ({"currency": "EURO"}, "currency", "at most 3 characters"),
        ({"currency": "E1"}, "currency", "three-letter ISO 4217"),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_project_input_is_shown_next_to_the_field(pmo_client, portfolio, fields, field, message):
    count = Project.objects.count()
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/projects/new/", project_data(**fields))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    block = field_block(page, field)  # the message sits next to its field
    assert "has-error" in block and message in block
    assert Project.objects.count() == count


def test_a_duplicate_code_is_refused(pmo_client, portfolio, project):
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/projects/new/",
                               project_data(code=project.code))
    assert "already exists" in response.content.decode()
    assert Project.objects.filter(code=project.code).count() == 1


def test_a_project_manager_cannot_create_projects(pm_client, project):
    # may not even see the portfolio: 404, not 403
    assert pm_client.post(f"/portfolios/{project.portfolio.pk}/projects/new/", project_data()).status_code == 404
    assert not Project.objects.filter(code="NEW1").exists()


def test_the_project_manager_edits_the_project(pm_client, project):
    response = pm_client.post(f"/projects/{project.pk}/edit/", project_data(
        code=project.code, name="Renamed", status="in_progress"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.status) == ("Renamed", "in_progress")


def test_the_project_takes_ms_projects_start_rule_from_its_form(pm_client, project):
    page = pm_client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "Constraints may start tasks before the project start" in page
    pm_client.post(f"/projects/{project.pk}/edit/", project_data(
        code=project.code, constraints_before_start="on"))
    project.refresh_from_db()
    assert project.constraints_before_start
    pm_client.post(f"/projects/{project.pk}/edit/", project_data(code=project.code))
    project.refresh_from_db()
    assert not project.constraints_before_start


def test_a_refused_edit_changes_nothing(pm_client, project):
    other = ProjectFactory()
    response = pm_client.post(f"/projects/{project.pk}/edit/", project_data(code=other.code, name="Renamed"))
    assert "already exists" in response.content.decode()
    project.refresh_from_db()
    assert project.name != "Renamed"


def test_delete_needs_the_programme_manager(pm_client, pmo_client, project):
    assert pm_client.post(f"/projects/{project.pk}/delete/").status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
    response = pmo_client.post(f"/projects/{project.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/programmes/{project.programme_id}/"
    assert not Project.objects.filter(pk=project.pk).exists()
    assert Project.all_objects.filter(pk=project.pk, deleted_at__isnull=False).exists()  # trashed


def test_set_a_baseline(pm_client, project, plan):
    response = pm_client.post(f"/projects/{project.pk}/baselines/new/", {"name": "Initial"})
    assert response.status_code == 302
    baseline = Baseline.objects.get(project=project)
    assert baseline.name == "Initial" and baseline.tasks.count() == 3
    assert "Initial" in pm_client.get(f"/projects/{project.pk}/").content.decode()


def test_a_duplicate_baseline_name_is_shown_on_the_form(pm_client, project, plan):
    pm_client.post(f"/projects/{project.pk}/baselines/new/", {"name": "Initial"})
    response = pm_client.post(f"/projects/{project.pk}/baselines/new/", {"name": "Initial"})
    assert response.status_code == 400
    assert "A baseline with this name already exists." in response.content.decode()
    assert Baseline.objects.filter(project=project).count() == 1


def test_the_overview_shows_the_engines_start_finish_and_duration(pm_client, project, plan):
    page = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert "03/03/2025" in page and "07/03/2025" in page  # English dates: day first
    assert "5 working days" in page
