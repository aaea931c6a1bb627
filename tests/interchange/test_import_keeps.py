"""An import keeps what the file says: its manager, status, programme, fixed and actual costs
and risks; its calendars are the pool's identical ones or new ones that go with the project."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jalon.calendars.models import Calendar
from jalon.errors import ValidationFailed
from jalon.finance.models import CostEntry, FixedCost
from jalon.interchange import services as interchange
from jalon.portfolios.models import Project
from jalon.portfolios.services import project_delete, trash_delete
from jalon.risks.models import Risk
from tests.factories import CalendarFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture(autouse=True)
def english():
    """The services' messages read in English here, as the clients' pages do."""
    with translation.override("en"):
        yield

WAREHOUSE = {
    "name": "Warehouse", "start": "2025-03-03", "status_date": "2025-03-14",
    "manager": "Claire Petit", "status": "in_progress", "actual_cost": 150,
    "calendar": {"working_weekdays": [0, 1, 2, 3, 4], "hours_per_day": 7,
                 "holidays": ["2025-03-10"]},
    "tasks": [{"id": "A", "name": "Foundations", "duration": 5, "fixed_cost": 1200,
               "actual_cost": 800},
              {"id": "B", "name": "Walls", "duration": 10, "predecessors": ["A"]}],
    "risks": [{"id": "R1", "name": "Late permit", "probability": 0.3, "tasks": ["B"],
               "delay": 5, "cost": 20000}],
}


def read(data: dict, name: str = "warehouse.json"):
    return interchange.read_upload(name=name, content=json.dumps(data).encode())


def imported(actor, portfolio, data: dict = WAREHOUSE, code: str = "WH1", **where):
    return interchange.project_import(actor=actor, document=read(data), code=code,
                                      portfolio=portfolio, **where)


def test_the_manager_named_in_the_file_is_the_jalon_user_of_that_name(pmo, portfolio):
    claire = UserFactory(username="cpetit", first_name="Claire", last_name="Petit")
    assert imported(pmo, portfolio).project.project_manager == claire


@pytest.mark.parametrize("named", ["cpetit", "CLAIRE@example.org", "petit claire"])
def test_the_manager_is_found_by_login_e_mail_or_full_name(pmo, portfolio, named):
    claire = UserFactory(username="cpetit", email="claire@example.org", first_name="Claire",
                         last_name="Petit")
    assert imported(pmo, portfolio, {**WAREHOUSE, "manager": named}).project.project_manager == claire


def test_a_manager_who_is_no_user_is_kept_as_text_and_said(pmo, portfolio):
    report = imported(pmo, portfolio)
    assert report.project.project_manager is None
    assert "Claire Petit" in report.project.description
    assert any("“Claire Petit”" in w and "not one Jalon user" in w for w in report.warnings)


def test_the_manager_of_an_ms_project_file(pmo, portfolio, tmp_path):
    claire = UserFactory(username="cpetit", first_name="Claire", last_name="Petit")
    xml = ("<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>m</Name>"
           "<Manager>Claire Petit</Manager><StartDate>2026-01-05T08:00:00</StartDate>"
           "<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel>"
           "<Duration>PT8H0M0S</Duration></Task></Tasks></Project>")
    document = interchange.read_upload(name="m.xml", content=xml.encode())
    report = interchange.project_import(actor=pmo, document=document, code="MSP1",
                                        portfolio=portfolio)
    assert report.project.project_manager == claire


def test_the_status_is_kept_and_a_wrong_one_is_refused_naming_it(pmo, portfolio):
    assert imported(pmo, portfolio).project.status == Project.Status.IN_PROGRESS
    with pytest.raises(ValidationFailed) as refused:
        read({**WAREHOUSE, "status": "started"})
    assert "status must be one of" in refused.value.message and "'started'" in refused.value.message


def test_fixed_and_actual_costs_are_kept(pmo, portfolio):
    project = imported(pmo, portfolio).project
    assert list(FixedCost.objects.filter(task__project=project)
                .values_list("task__name", "amount")) == [("Foundations", Decimal("1200.00"))]
    assert sorted(CostEntry.objects.filter(project=project).values_list(
        "task__name", "amount", "date", "source"), key=str) == sorted([
        ("Foundations", Decimal("800.00"), datetime.date(2025, 3, 14), "import"),
        (None, Decimal("150.00"), datetime.date(2025, 3, 14), "import")], key=str)


def test_the_risks_of_a_jalon_file_join_the_register(pmo, portfolio):
    project = imported(pmo, portfolio).project
    risk = Risk.objects.get(project=project)
    assert (risk.title, risk.kind, risk.probability_percent, risk.delay_days, risk.cost_impact,
            risk.status) == ("Late permit", "threat", Decimal("30.00"), Decimal("5.00"),
                             Decimal("20000.00"), "open")
    assert [link.task.name for link in risk.task_links.all()] == ["Walls"]


def test_export_then_import_keeps_manager_status_costs_and_risks(pmo, portfolio):
    claire = UserFactory(username="cpetit", first_name="Claire", last_name="Petit")
    original = imported(pmo, portfolio).project
    content, _mime, _name = interchange.export_bytes(user=pmo, project=original, format="json")
    copy = interchange.project_import(actor=pmo, document=interchange.read_upload(
        name="copy.json", content=content), code="WH2", portfolio=portfolio).project
    assert (copy.project_manager, copy.status) == (claire, Project.Status.IN_PROGRESS)
    assert FixedCost.objects.get(task__project=copy).amount == Decimal("1200.00")
    assert Risk.objects.get(project=copy).title == "Late permit"


def test_the_programme_chosen_on_the_portfolio_page_holds_the_project(pmo_client, portfolio,
                                                                      programme):
    page = pmo_client.get(f"/portfolios/{portfolio.pk}/import/").content.decode()
    assert 'name="programme"' in page and programme.code in page
    upload = SimpleUploadedFile("warehouse.json", json.dumps(WAREHOUSE).encode())
    response = pmo_client.post(f"/portfolios/{portfolio.pk}/import/",
                               {"file": upload, "code": "WH1", "programme": programme.pk})
    assert response.status_code == 200
    project = Project.objects.get(code="WH1")
    assert (project.portfolio, project.programme) == (portfolio, programme)


def test_the_api_imports_into_a_programme(pmo_client, programme):
    upload = SimpleUploadedFile("warehouse.json", json.dumps(WAREHOUSE).encode())
    response = pmo_client.post("/api/v1/projects/import",
                               {"file": upload, "code": "WH1", "programme": programme.pk})
    assert response.status_code == 201
    assert response.json()["project"]["programme"] == programme.pk
    assert response.json()["reused_calendars"] == []


# --- calendars ------------------------------------------------------------------------------------

def test_an_identical_calendar_of_the_pool_is_reused(pmo, portfolio):
    pool = CalendarFactory(name="Site 7h", working_weekdays=[0, 1, 2, 3, 4],
                           hours_per_day=Decimal("7"))
    pool.exceptions.create(start=datetime.date(2025, 3, 10), finish=datetime.date(2025, 3, 10))
    before = Calendar.objects.count()
    report = imported(pmo, portfolio)
    assert report.project.calendar == pool and report.reused_calendars == ["Site 7h"]
    assert Calendar.objects.count() == before
    project_delete(actor=pmo, project=report.project)
    trash_delete(actor=pmo, kind="project", pk=report.project.pk)
    assert Calendar.objects.filter(pk=pool.pk).exists()  # the pool's own calendar stays


def test_a_calendar_that_differs_is_created_and_deleted_with_its_project(pmo, portfolio):
    CalendarFactory(name="Site 7h", working_weekdays=[0, 1, 2, 3, 4], hours_per_day=Decimal("7"))
    before = set(Calendar.objects.values_list("pk", flat=True))  # no holiday on 10 March
    project = imported(pmo, portfolio).project
    created = project.calendar
    assert created.pk not in before and created.name.startswith("WH1")
    project_delete(actor=pmo, project=project)
    assert Calendar.objects.filter(pk=created.pk).exists()  # in the trash, it may come back
    trash_delete(actor=pmo, kind="project", pk=project.pk)
    assert set(Calendar.objects.values_list("pk", flat=True)) == before


def test_an_imported_calendar_another_import_follows_goes_with_the_last_project(pmo, portfolio):
    before = set(Calendar.objects.values_list("pk", flat=True))
    first = imported(pmo, portfolio).project
    second = imported(pmo, portfolio, code="WH2").project
    assert second.calendar == first.calendar  # the second import reused the first one's
    project_delete(actor=pmo, project=first)
    trash_delete(actor=pmo, kind="project", pk=first.pk)
    second.refresh_from_db()
    assert second.calendar is not None
    project_delete(actor=pmo, project=second)
    trash_delete(actor=pmo, kind="project", pk=second.pk)
    assert set(Calendar.objects.values_list("pk", flat=True)) == before


def test_a_risk_the_register_refuses_is_named_and_nothing_is_created(pmo, portfolio):
    risky = {**WAREHOUSE, "risks": [{**WAREHOUSE["risks"][0], "delay_percent": 5000}]}
    with pytest.raises(ValidationFailed) as refused:
        imported(pmo, portfolio, risky)
    assert refused.value.message.startswith("Risk “Late permit”: ")
    assert refused.value.field == "file"
    assert not Project.objects.filter(code="WH1").exists()
