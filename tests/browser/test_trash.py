"""The trash in a real headless Chromium: a PMO administrator deletes a project from its page,
reads what goes with it, finds it in the trash (who, when, days left), restores it, deletes it
again and then for good; a project manager has no trash and no delete button."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from jalon.portfolios.models import Project
from jalon.risks import services as risks
from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def doomed(pmo, project, plan):
    """``project``, with its three tasks and a risk, and a PMO administrator with a name."""
    risks.risk_create(actor=pmo, project=project, title="Acier en retard")
    pmo.first_name, pmo.last_name = "Paule", "Morin"
    pmo.save()
    return project


def _delete_from_its_page(page, project) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="Supprimer le projet").click()
    page.wait_for_url(f"**/projects/{project.pk}/delete/")


def test_a_project_goes_to_the_trash_comes_back_and_is_deleted_for_good(page, doomed):
    project = doomed
    login(page, "pmo-test", "pass-word-123")
    _delete_from_its_page(page, project)
    confirmation = page.locator("main form.card")
    assert str(project) in confirmation.inner_text()
    assert "3 tâches, 1 risque, 0 document, 0 ligne budgétaire, 0 saisie de temps" in \
        confirmation.locator("ul.contents").inner_text()
    assert "pendant 30 jours" in confirmation.inner_text()
    confirmation.get_by_role("button", name="Supprimer").click()
    page.wait_for_url(f"**/programmes/{project.programme_id}/")
    assert project.code not in page.locator("main").inner_text()
    page.goto("/")
    assert project.name not in page.locator("main").inner_text()

    page.get_by_role("link", name="Corbeille").click()
    page.wait_for_url("**/trash/")
    row = page.locator("main table tbody tr")
    assert row.count() == 1
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert cells[0] == str(project)
    assert cells[1:3] == ["Projet", "Paule Morin"]
    assert cells[3].startswith(timezone.localtime().strftime("%d/%m/%Y"))
    assert cells[4].startswith("3 tâches, 1 risque")
    assert cells[5] == "29"  # days left before the purge, counted in whole days

    # the same page in English
    page.get_by_role("button", name=re.compile("English")).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    headers = [t.strip() for t in page.locator("main table thead th").all_inner_texts()]
    assert headers[:6] == ["Deleted", "Kind", "Deleted by", "Date", "Went with it", "Days left"]
    assert row.locator("td").nth(4).inner_text().startswith("3 tasks, 1 risk")

    row.get_by_role("button", name="Restore").click()
    page.wait_for_url("**/trash/")
    assert page.locator("main .empty").inner_text() == "The trash is empty."
    page.goto("/")
    assert project.name in page.locator("main").inner_text()
    page.goto(f"/projects/{project.pk}/tasks/")
    assert page.locator("main").get_by_text("Build").count() >= 1  # the plan came back

    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="Delete the project").click()
    page.locator("main form.card").get_by_role("button", name="Delete").click()
    page.goto("/trash/")
    page.get_by_role("link", name="Delete for good").click()
    assert "3 tasks, 1 risk" in page.locator("main ul.contents").inner_text()
    page.locator("main form").get_by_role("button", name=re.compile("Delete")).click()
    page.wait_for_url("**/trash/")
    assert page.locator("main .empty").inner_text() == "The trash is empty."
    assert not Project.all_objects.filter(pk=project.pk).exists()


def test_a_project_manager_has_no_trash_and_no_delete_button(page, doomed, manager):
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{doomed.pk}/")
    assert page.locator("main").get_by_text(doomed.name).count() >= 1
    assert page.get_by_role("link", name="Supprimer le projet").count() == 0
    page.goto("/")
    assert page.get_by_role("link", name="Corbeille").count() == 0
    response = page.goto("/trash/")
    assert response is not None and response.status == 403
    # the address typed by hand: no confirmation, nothing it would list
    response = page.goto(f"/projects/{doomed.pk}/delete/")
    assert response is not None and response.status == 403
    assert page.locator("main form.card").count() == 0
    assert Project.objects.filter(pk=doomed.pk).exists()
