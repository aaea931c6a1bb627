"""Done when: in a real headless Chromium, a change request's page shows the engine's new finish
before anyone approves it, and the plan is still as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.planning.models import Task
from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_change_request_shows_the_new_finish_before_approval(page, change, plan):
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{change.project_id}/changes/")
    page.click("#change-log a:has-text('CR-1')")
    page.click("#impact button:has-text('Calculer l’impact')")

    page.wait_for_selector("#impact-finish")  # htmx swapped the impact in
    finish = page.locator("#impact-finish td")
    assert finish.all_inner_texts()[:3] == ["07/03/2025", "14/03/2025", "+5\u00a0jours ouvrés"]
    assert "Le chef de projet décide." in page.locator("#authority").inner_text()
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("3")
