"""The RAID tab and the Lessons tab in a real headless Chromium (in French): a project manager
logs a decision through the form and finds it in the log, then marks a lesson suggested from
another project useful."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.lessons import services as lessons
from tests.browsing import login
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_decision_is_logged_and_a_suggested_lesson_marked_useful(page, project, manager,
                                                                    pmo):
    sibling = ProjectFactory(portfolio=project.portfolio, programme=project.programme)
    # lessons of projects one may not see are never suggested
    grant_role(actor=None, user=manager, role=Role.TEAM_MEMBER, scope=sibling)
    lessons.lesson_create(actor=pmo, project=sibling, title="Réserver la grue tôt",
                          what_happened=f"La grue de {project.name} est arrivée en retard.",
                          category="procurement")
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/")
    page.click(f'nav.tabs a[href="/projects/{project.pk}/raid/"]')
    page.click(f'a[href="/projects/{project.pk}/raid/decisions/"]')
    page.click(f'a[href="/projects/{project.pk}/raid/decisions/new/"]')
    page.fill("#id_title", "Grue à tour plutôt que grue mobile")
    page.select_option("#id_status", "decided")
    page.click("button[type=submit].primary")
    row = page.locator("#decision-list tbody tr").first
    assert "D-001" in row.inner_text() and "Décidée" in row.inner_text()

    page.click(f'nav.tabs a[href="/projects/{project.pk}/lessons/"]')
    suggestion = page.locator("#suggested li").first
    assert "Réserver la grue tôt" in suggestion.inner_text()
    suggestion.locator("button", has_text="Utile").click()
    assert "Utile ✔ (annuler)" in page.locator("#suggested li").first.inner_text()
