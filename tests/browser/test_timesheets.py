"""Timesheets in a real headless Chromium: a team member fills in a week and submits it (htmx
swaps the grid in place), then the project manager approves the time."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.portfolios.models import Project
from jalon.timesheets.models import TimesheetEntry
from tests.browsing import login
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_member_submits_a_week_and_the_manager_approves_it(page, project, member,
                                                                   manager):
    project.status = Project.Status.IN_PROGRESS
    project.save()
    build = TaskFactory(project=project, name="Build the portal", wbs_code="1", position=1)
    resource = ResourceFactory(code="DEV", name="Dana Dev", standard_rate=Decimal("60"),
                               user=member)
    AssignmentFactory(task=build, resource=resource)

    login(page, "member-test", "pass-word-123")
    page.click('nav.mainnav a[href="/timesheet/"]')
    page.goto("/timesheet/?week=2026-06-01")
    page.fill(f'input[name="h-{build.pk}-20260601"]', "7.5")
    page.fill(f'input[name="h-{build.pk}-20260602"]', "6")
    page.click("#week-form button[name=submit]")
    page.wait_for_selector("#timesheet-week .locked.ts-submitted")
    assert page.locator("#timesheet-week .locked.ts-submitted").count() == 2
    assert page.locator("#timesheet-grid tfoot td.num").last.inner_text().strip() in (
        "13,5", "13.5")
    assert set(TimesheetEntry.objects.values_list("status", flat=True)) == {"submitted"}

    page.context.clear_cookies()
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/")
    page.click(f'nav.tabs a[href="/projects/{project.pk}/timesheets/"]')
    page.wait_for_selector("#timesheet-entries")
    boxes = page.locator("#timesheet-entries input[name=entries]")
    assert boxes.count() == 2
    for i in range(2):
        boxes.nth(i).check()
    page.click("#review-form button[name=action][value=approve]")
    page.wait_for_load_state("networkidle")
    assert page.locator("ul.messages li").count() == 1
    assert set(TimesheetEntry.objects.values_list("status", flat=True)) == {"approved"}
    assert {e.reviewed_by_id for e in TimesheetEntry.objects.all()} == {manager.pk}
