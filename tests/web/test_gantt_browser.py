"""The Gantt chart in a real headless Chromium: bars, links, a drag that moves the successors,
zoom, a refused drag that snaps back, and the portfolio's chart folding its projects."""

from __future__ import annotations

import datetime

import pytest

from jalon.planning.models import Task
from tests.browsing import login
from tests.web.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bar_x(page, task) -> float:
    """The bar's left edge on the chart (SVG units, independent of scrolling)."""
    return float(page.get_attribute(f'g.row[data-id="t{task.pk}"] rect.bar', "x"))


def drag(page, task, dx: float, *, handle: bool = False) -> None:
    selector = f'g.row[data-id="t{task.pk}"] ' + ("rect.handle" if handle else "rect.bar")
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + (box["width"] - 2 if handle else box["width"] / 2), box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(x + dx * step / 5, y)
    page.mouse.up()


def test_drag_a_bar_and_see_the_successor_move(page, manager, project, plan):
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/gantt/")
    page.wait_for_selector(f'g.row[data-id="t{plan[2].pk}"] rect.bar')
    assert page.locator("g.bars rect.bar").count() == 3
    assert page.locator("g.links path.link").count() == 2
    assert page.locator("g.row.critical rect.bar").count() == 2  # Design and Build
    shot(page, "gantt-week")

    page.click("button[data-zoom=day]")
    page.wait_for_selector("button[data-zoom=day][aria-pressed=true]")
    successor_before = bar_x(page, plan[1])
    with page.expect_response(lambda r: r.url.endswith("/reschedule")):
        drag(page, plan[0], 7 * 30)  # a week to the right at 30 px a day
    # a function, not an expression: Playwright evaluates an expression with eval, which the
    # pages' Content-Security-Policy refuses
    page.wait_for_function(
        "([selector, least]) => Number(document.querySelector(selector).getAttribute('x')) > least",
        arg=[f'g.row[data-id="t{plan[1].pk}"] rect.bar', successor_before + 100])
    assert Task.objects.get(pk=plan[0].pk).constraint_date == datetime.date(2025, 3, 10)
    assert bar_x(page, plan[1]) > successor_before
    shot(page, "gantt-day-moved")

    # stretching below zero is refused: a message, and the bar snaps back
    width_before = page.locator(f'g.row[data-id="t{plan[0].pk}"] rect.bar').bounding_box()["width"]
    with page.expect_response(lambda r: r.url.endswith("/reschedule")):
        drag(page, plan[0], -5 * 30, handle=True)
    page.wait_for_selector(".gantt-message:not([hidden])")
    assert "negative" in page.inner_text(".gantt-message") or "négative" in page.inner_text(".gantt-message")
    assert page.locator(f'g.row[data-id="t{plan[0].pk}"] rect.bar').bounding_box()["width"] == pytest.approx(width_before)

    page.click("button[data-zoom=month]")
    assert page.locator("g.bars rect.bar").count() == 3
    assert float(page.get_attribute("svg.gantt-svg", "width")) < 2000
    shot(page, "gantt-month")


def test_team_members_cannot_drag(page, member, project, plan):
    login(page, "member-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/gantt/")
    page.wait_for_selector("g.bars rect.bar")
    assert page.locator("g.draggable").count() == 0
