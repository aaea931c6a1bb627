"""Levelling in a real headless Chromium: level a project, read the before/after Gantt (the
levelled bar over a grey ghost of the current dates, the reason on the moved task), apply it;
and a queued levelling whose preview arrives by htmx polling draws its chart too."""

from __future__ import annotations

import re

import pytest

from jalon.planning.models import Task
from jalon.resources.levelling import levelling_execute
from jalon.resources.models import LevellingRun
from tests.browsing import login
from tests.resources.conftest import build_crowded
from tests.web.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bar(page, task, shape: str) -> dict:
    """The left edge and width of a row's bar (``rect.bar``) or ghost (``rect.ghost``)."""
    rect = page.locator(f'g.row[data-id="t{task.pk}"] rect.{shape}')
    return {"x": float(rect.get_attribute("x")), "width": float(rect.get_attribute("width"))}


@pytest.mark.usefixtures("worker")
def test_level_a_project_see_the_moves_on_the_gantt_and_apply(page, manager, project):
    crowded = build_crowded(project)
    a, b, c = crowded["a"], crowded["b"], crowded["c"]
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/levelling/")
    assert page.locator("#levelling-form input[name=within_float][type=checkbox]").count() == 1
    page.click("#levelling-form button[type=submit]")
    page.wait_for_url(re.compile(r"/levelling/\d+/$"))

    page.wait_for_selector(f'g.row.moved[data-id="t{b.pk}"] rect.bar')
    assert page.locator("g.bars rect.bar").count() == 3
    assert page.locator("g.bars rect.ghost").count() == 3  # every task has its "before" bar
    assert page.locator("g.row.moved").count() == 1
    # B starts three working days later (Thursday): its bar sits right of its ghost
    before, after = bar(page, b, "ghost"), bar(page, b, "bar")
    assert after["x"] > before["x"] + 2 * before["width"] / 3
    assert bar(page, a, "ghost") == bar(page, a, "bar")  # A keeps its dates
    assert bar(page, c, "ghost")["x"] == bar(page, c, "bar")["x"]
    # hovering B tells why it moved: Alice is taken by A
    reason = page.text_content(f'g.row[data-id="t{b.pk}"] > title')
    assert "Alice" in reason and "A" in reason
    assert page.inner_text(f'.gantt-row.moved[data-id="t{b.pk}"] .c-num') == "+3"
    assert page.locator("line.marker").count() == 1  # the finish does not move
    assert "Alice" in page.inner_text("#levelling-moves .reason")
    assert Task.objects.get(pk=b.pk).constraint_type == "ASAP"  # only a preview so far
    shot(page, "levelling-preview")

    page.click("#levelling-apply")
    page.wait_for_url(f"**/projects/{project.pk}/levelling/")
    b.refresh_from_db()
    assert (b.constraint_type, b.constraint_date.isoformat()) == ("SNET", "2025-03-06")


def test_a_queued_levelling_draws_its_chart_when_the_preview_arrives(page, manager, project):
    crowded = build_crowded(project)
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/levelling/")
    page.select_option("#levelling-form select[name=method]", "optimal")
    page.check("#levelling-form input[name=within_float]")
    page.click("#levelling-form button[type=submit]")
    page.wait_for_url(re.compile(r"/levelling/\d+/$"))
    page.wait_for_selector("#levelling-run progress")  # queued: the page polls
    assert page.locator(".gantt").count() == 0
    run = LevellingRun.objects.get()
    assert run.within_float and run.state == LevellingRun.State.QUEUED
    levelling_execute(run.pk)  # what the worker would do

    page.wait_for_selector(f'g.row.moved[data-id="t{crowded["b"].pk}"] rect.ghost')
    assert page.locator("g.bars rect.ghost").count() == 3
    assert page.locator(".gantt[data-url]").count() == 1  # one chart, drawn once
    assert page.locator("svg.gantt-svg g.bars").count() == 1
