"""The main pages fit the window, on a laptop (1400 px) and a phone (390 px), in French and in
English, with the demo portfolio's real names and figures: the page never scrolls sideways. A
table wider than the window may scroll inside its own box; the page around it may not."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from jalon.demo.loader import DEMO_PASSWORD, load_demo
from jalon.portfolios.models import Portfolio, Project
from jalon.resources.models import Resource
from jalon.risks import simulation
from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP, PHONE = 1400, 390

# How far the main content and the whole page reach past the window's right edge (px).
OVERFLOW = """() => {
  const main = document.querySelector("main");
  return [main.scrollWidth - main.clientWidth,
          document.documentElement.scrollWidth - window.innerWidth];
}"""


def main_pages() -> list[str]:
    """The pages a PMO officer goes through, with a finished Monte Carlo run of the ERP
    project (the demo's widest: the most tasks, risks and costs)."""
    portfolio = Portfolio.objects.get()
    erp = Project.objects.get(code="NUM-ERP")
    pmo = erp.project_manager  # any user who may run it: the PMO sees everything
    run = simulation.simulation_start(actor=pmo, project=erp, iterations=500, seed=1)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    resource = Resource.objects.order_by("pk").first()
    return ["/", "/kpis/", f"/portfolios/{portfolio.pk}/", f"/portfolios/{portfolio.pk}/gantt/",
            f"/projects/{erp.pk}/", f"/projects/{erp.pk}/tasks/", f"/projects/{erp.pk}/gantt/",
            f"/projects/{erp.pk}/finance/", f"/projects/{erp.pk}/risks/",
            f"/projects/{erp.pk}/simulation/", f"/simulations/{run.pk}/",
            f"/projects/{erp.pk}/resources/", f"/projects/{erp.pk}/timesheets/", "/resources/",
            "/resources/loading/", "/resources/over-allocations/",
            f"/resources/{resource.pk}/loading/", "/timesheet/"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_main_page_scrolls_sideways_on_a_laptop_or_a_phone(page, language):
    load_demo()
    urls = main_pages()
    login(page, "pmo", DEMO_PASSWORD)
    if language == "en":
        page.get_by_role("button", name=re.compile("English")).first.click()
        page.wait_for_load_state("networkidle")
    too_wide = []
    for width in (LAPTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, url
            main, whole = page.evaluate(OVERFLOW)
            if main > 0 or whole > 0:
                too_wide.append(f"{url} at {width} px: main +{main} px, page +{whole} px")
    assert too_wide == []


def test_on_a_laptop_the_task_buttons_hide_no_date_and_the_kpis_stay_in_their_card(page):
    """The task table's row buttons stay in view when the table scrolls; at 1400 px it fits,
    so they cover nothing, the actual dates included. The finance tab's KPI table, beside the
    earned value, fits its card."""
    load_demo()
    erp = Project.objects.get(code="NUM-ERP")
    page.set_viewport_size({"width": LAPTOP, "height": 900})
    login(page, "pmo", DEMO_PASSWORD)
    page.goto(f"/projects/{erp.pk}/tasks/")
    finish = page.locator("table.tasks thead th").nth(10)
    assert finish.inner_text().strip().lower() == "fin réelle"
    finish, actions = finish.bounding_box(), page.locator("table.tasks th.col-actions").bounding_box()
    assert finish["x"] + finish["width"] <= actions["x"]

    page.goto(f"/projects/{erp.pk}/finance/")
    card, table = page.locator("#kpis").bounding_box(), page.locator("#kpis table").bounding_box()
    assert table["x"] + table["width"] <= card["x"] + card["width"]


def test_the_portfolio_gantt_opens_on_today_and_its_months_show_the_whole_span(page):
    load_demo()
    portfolio = Portfolio.objects.get()
    page.set_viewport_size({"width": LAPTOP, "height": 900})
    login(page, "pmo", DEMO_PASSWORD)
    page.goto(f"/portfolios/{portfolio.pk}/gantt/")
    page.wait_for_selector(".gantt .today-line", state="attached")  # a line: no area to be visible
    body = page.locator(".gantt-body").bounding_box()
    today = page.evaluate("() => document.querySelector('.gantt .today-line')"
                          ".getBoundingClientRect().toJSON()")
    assert body["x"] + 580 <= today["x"] <= body["x"] + body["width"]  # in the time line's view
    cut = page.evaluate("""() => [...document.querySelectorAll('.gantt-row .c-num')]
        .filter(cell => cell.scrollWidth > cell.clientWidth).map(cell => cell.textContent)""")
    assert cut == []  # every duration whole
    # each project's bar in its overall status's colour, the status named beside it too
    colour = {"rag-green": "rgb(22, 163, 74)", "rag-amber": "rgb(217, 119, 6)",
              "rag-red": "rgb(220, 38, 38)", "rag-none": "rgb(138, 148, 163)"}
    bars = page.evaluate("""() => [...document.querySelectorAll('.gantt .row.kind-project')]
        .map(g => [[...g.classList].find(c => c.startsWith('rag-')),
                   getComputedStyle(g.querySelector('.bracket')).fill])""")
    assert bars and all(fill == colour[status] for status, fill in bars)
    marks = page.evaluate("""() => [...document.querySelectorAll('.gantt-row.kind-project')]
        .map(row => row.querySelector('.rag-mark')?.getAttribute('aria-label'))""")
    assert len(marks) == len(bars) and all(m and m.startswith("RAG") for m in marks)
    assert page.locator(".gantt-row.kind-programme").count() >= 1  # programmes head them
    page.click("[data-zoom=month]")
    span = page.evaluate("() => document.querySelector('.gantt-body').scrollWidth "
                         "- document.querySelector('.gantt-body').clientWidth")
    assert span <= 0  # every month of every project in view, no scrolling
