"""The History tab in a real headless Chromium: a project manager changes a task's duration in
the task table, and the History tab names him, the field, and the duration before and after."""

from __future__ import annotations

import pytest

from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_history_tab_shows_who_changed_a_tasks_duration(page, project, manager, plan):
    build = plan[1]
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/tasks/{build.pk}/edit/")
    duration = page.locator(f"#task-{build.pk} input[name=duration]")
    duration.fill("5")
    duration.press("Enter")
    page.wait_for_selector(f"#task-{build.pk}:not(.editing)")

    page.click(f'nav.tabs a[href="/projects/{project.pk}/history/"]')
    row = page.locator("#history-changes tbody tr.change-changed").first
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert cells[1:] == ["pm-test", "Tâche 2 Build", "Durée (jours ouvrés)", "3", "5"]
