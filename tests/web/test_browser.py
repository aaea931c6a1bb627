"""The task table in a real headless Chromium: htmx row edits, outline buttons, language switch."""

from __future__ import annotations

import os

import pytest

from jalon.planning.models import Dependency, Task
from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("JALON_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_edit_a_row_in_place_and_outline_it(page, manager, project, plan):
    login(page, "pm-test", "pass-word-123")
    shot(page, "home")
    page.goto(f"/projects/{project.pk}/tasks/")
    shot(page, "tasks")
    url_before = page.url
    page.click(f"#task-{plan[2].pk} a:has-text('Edit'), #task-{plan[2].pk} a.button")
    page.wait_for_selector("tr.editing input[name=predecessors]")
    page.fill("tr.editing input[name=name]", "Recette")
    page.fill("tr.editing input[name=predecessors]", "2FS+1")
    shot(page, "tasks-editing")
    page.click("tr.editing button[type=submit]")
    page.wait_for_selector("tr.editing", state="detached")
    assert page.url == url_before  # swapped in place, no navigation
    assert page.inner_text(f"#task-{plan[2].pk} td.preds") == "2FS+1"
    assert Task.objects.get(pk=plan[2].pk).name == "Recette"

    # a refused edit keeps the row open with the message next to the field
    page.click(f"#task-{plan[0].pk} a.button")
    page.fill("tr.editing input[name=predecessors]", "9")
    page.click("tr.editing button[type=submit]")
    page.wait_for_selector("tr.editing .error")
    assert "9" in page.inner_text("tr.editing .error")
    shot(page, "tasks-error")
    page.keyboard.press("Escape")
    page.wait_for_selector("tr.editing", state="detached")

    Dependency.objects.all().delete()
    page.reload()
    page.click(f"#task-{plan[1].pk} button[title]:nth-of-type(4)")  # indent
    page.wait_for_selector(f"#task-{plan[1].pk} td.code:has-text('1.1')")
    assert Task.objects.get(pk=plan[1].pk).parent_id == plan[0].pk


def test_language_switch_in_one_click(page, manager, project):
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/")
    assert page.get_attribute("html", "lang") == "fr"
    page.click("form.langswitch button[value=en]")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "en"
    assert page.url.endswith(f"/projects/{project.pk}/")
    shot(page, "overview-en")


def test_an_expired_session_leads_to_the_login_page_not_into_the_table(page, manager, project, plan):
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/tasks/")
    page.wait_for_function("() => window.htmx !== undefined")  # the click goes through htmx
    page.context.clear_cookies()  # the session has expired
    page.click(f"#task-{plan[0].pk} a.button")
    page.wait_for_url(lambda url: "/login/" in url)
    assert page.locator("#task-table").count() == 0
    assert page.url.endswith(f"/login/?next=/projects/{project.pk}/tasks/")
