"""The loading pages in a real headless Chromium: the heat map of the pool (a horizon of more than
a year scrolls inside its box, the page itself keeps the screen's width, the resource names stay
in view, every column says which year it is in) and a resource's histogram, drawn in French."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.browsing import login
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory
from tests.resources.conftest import build_crowded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_heat_map_scrolls_in_its_box_with_the_names_in_view(page, pmo, project):
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    alice = ResourceFactory(code="ALICE", name="Alice")
    task = TaskFactory(project=project, name="Long", wbs_code="1", duration=Decimal("300"))
    AssignmentFactory(task=task, resource=alice, units=Decimal("1"))
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, "pmo-test", "pass-word-123")
    page.goto("/resources/loading/")

    box = page.locator(".table-scroll", has=page.locator("#heatmap"))
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # some 60 weeks do not fit
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    name = page.locator("#heatmap th.rowhead a", has_text="Alice")
    before = name.bounding_box()["x"]
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert name.bounding_box()["x"] == pytest.approx(before, abs=1)  # still on screen

    years = page.locator("#heatmap thead .year").all_inner_texts()
    assert years == ["2025", "2026"]  # on the first column, then where the year changes
    page.goto("/resources/loading/?grain=month")
    headers = page.locator("#heatmap thead th").all_inner_texts()
    assert headers[1:3] == ["03/2025", "04/2025"]


def test_a_french_histogram_draws_its_bars_and_capacity_line(page, pmo, project):
    # Numbers written "224,0" in French once left every bar without a height.
    alice = build_crowded(project)["alice"]
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, "pmo-test", "pass-word-123")
    page.goto(f"/resources/{alice.pk}/loading/?grain=day")
    assert page.locator("html").get_attribute("lang") == "fr"
    over = page.locator("svg.histogram rect.bar.over")
    assert over.count() == 3  # Monday to Wednesday, 2 unit-days for 1
    plot = page.locator("svg.histogram").bounding_box()
    for i in range(3):
        assert over.nth(i).bounding_box()["height"] > plot["height"] * 0.6
    capacity = page.locator("svg.histogram polyline.capacity").bounding_box()
    assert capacity["width"] > plot["width"] * 0.8
