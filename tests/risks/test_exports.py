"""The risk register and the issue log as XLSX and CSV, from their pages and from the API."""

from __future__ import annotations

import datetime

import pytest

from jalon.risks import services
from tests.exports import column, csv_rows, xlsx_rows

ATTACK = "=cmd|' /C calc'!A0"


@pytest.fixture
def register(make_risk, manager, project):
    make_risk(title=ATTACK, probability=3, impact_schedule=4,
              proximity=datetime.date(2026, 3, 31))
    make_risk(title="Budget cut", category="financial", kind="threat")
    services.issue_create(actor=manager, project=project, title="-1 supplier left",
                          severity="high", due_date=datetime.date(2026, 4, 1))
    return project


def test_the_register_page_links_to_its_exports_keeping_its_filters(pm_client, register):
    page = pm_client.get(f"/projects/{register.pk}/risks/?status=open").content.decode()
    assert f"/projects/{register.pk}/risks/export/?status=open&amp;format=xlsx" in page
    assert f"/projects/{register.pk}/risks/export/?status=open&amp;format=csv" in page


def test_the_register_as_xlsx_has_numbers_dates_and_no_formula(pm_client, register):
    rows = xlsx_rows(pm_client.get(f"/projects/{register.pk}/risks/export/?format=xlsx"))
    assert rows[0][:4] == ["Réf.", "Titre", "Type", "Catégorie"]
    assert column(rows, "Titre") == [ATTACK, "Budget cut"]  # text, never a formula
    assert column(rows, "Score") == [12, 1]
    assert column(rows, "Proximité")[0] == datetime.datetime(2026, 3, 31)


def test_the_register_as_csv_neutralises_formulas(pm_client, register):
    rows = csv_rows(pm_client.get(f"/projects/{register.pk}/risks/export/?format=csv"))
    assert column(rows, "Titre") == ["'" + ATTACK, "Budget cut"]
    assert column(rows, "Proximité") == ["2026-03-31", ""]


def test_the_register_export_keeps_the_pages_filters(pm_client, register):
    rows = xlsx_rows(pm_client.get(
        f"/projects/{register.pk}/risks/export/?format=xlsx&category=financial"))
    assert column(rows, "Titre") == ["Budget cut"]


@pytest.mark.english
def test_the_api_exports_the_issue_log_in_english_csv(pm_client, register):
    rows = csv_rows(pm_client.get(f"/api/v1/projects/{register.pk}/issues/export?format=csv"),
                    delimiter=",")
    assert rows[0][:3] == ["Issue", "Risk", "Severity"]
    assert column(rows, "Issue") == ["'-1 supplier left"]
    assert column(rows, "Due date") == ["2026-04-01"]


def test_the_api_exports_the_register_with_its_filters(pm_client, register):
    response = pm_client.get(f"/api/v1/projects/{register.pk}/risks/export?category=financial")
    assert column(xlsx_rows(response), "Titre") == ["Budget cut"]


def test_the_issue_log_page_exports_as_xlsx(pm_client, register):
    rows = xlsx_rows(pm_client.get(f"/projects/{register.pk}/issues/export/?format=xlsx"))
    assert column(rows, "Problème") == ["-1 supplier left"]
    assert column(rows, "Échéance") == [datetime.datetime(2026, 4, 1)]


def test_an_outsider_gets_404_and_an_unknown_format_is_refused(outsider_client, pm_client,
                                                                register):
    assert outsider_client.get(
        f"/projects/{register.pk}/risks/export/?format=xlsx").status_code == 404
    assert outsider_client.get(
        f"/api/v1/projects/{register.pk}/risks/export?format=xlsx").status_code == 404
    assert pm_client.get(f"/projects/{register.pk}/risks/export/?format=pdf").status_code == 404
    assert pm_client.get(
        f"/api/v1/projects/{register.pk}/risks/export?format=pdf").status_code == 422
