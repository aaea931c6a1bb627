"""Every chart on its page: numbers written into the SVG with a dot in French too (a decimal
comma in ``y1="224,0"`` once broke the French histograms), labels in the reader's language,
user text shown as text. The progress bars' numbers likewise."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from jalon.finance import services as finance
from jalon.resources.levelling import levelling_start
from jalon.resources.models import LevellingRun
from jalon.risks import simulation
from jalon.risks.models import SimulationRun
from tests.factories import (
    AssignmentFactory,
    DependencyFactory,
    ProjectFactory,
    ResourceFactory,
    SkillFactory,
    TaskFactory,
)
from tests.finance.conftest import simple_project
from tests.pages import charts_of, signed_in
from tests.resources.conftest import build_crowded

pytestmark = pytest.mark.django_db
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
NUMBER = r"-?\d+(\.\d+)?"
PLACED = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}


def plain_numbers(svg) -> int:
    """Check that every number of ``svg``'s drawing is written as SVG reads it; how many."""
    assert re.fullmatch(rf"{NUMBER}( {NUMBER}){{3}}", svg.get("viewbox"))
    seen = 0
    for node in svg.iter():
        for name, value in node.attrib.items():
            if name in PLACED:
                assert re.fullmatch(NUMBER, value), (node.tag, name, value)
                seen += 1
            elif name == "points":
                assert re.fullmatch(rf"{NUMBER},{NUMBER}( {NUMBER},{NUMBER})*", value), value
                seen += 1
    return seen


def texts(svg, css_class: str) -> list[str]:
    return [t.text_content() for t in svg.iter("text") if css_class in t.get("class", "")]


def titles(svg) -> list[str]:
    return [t.text_content() for t in svg.iter("title")]


def simulated(project, manager, *, name: str = "Design"):
    """A done simulation of two tasks, the first uncertain (3/4/8 days) and costing 100/h."""
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    design = TaskFactory(project=project, name=name, wbs_code="1", duration=Decimal("4"),
                         optimistic=Decimal("3"), most_likely=Decimal("4"),
                         pessimistic=Decimal("8"))
    build = TaskFactory(project=project, name="Build", wbs_code="2", duration=Decimal("5"))
    DependencyFactory(predecessor=design, successor=build)
    AssignmentFactory(task=design, resource=ResourceFactory(standard_rate=Decimal("100")),
                      units=Decimal("1"))
    run = simulation.simulation_start(actor=manager, project=project, iterations=500, seed=3)
    simulation.simulation_execute(run.pk)
    return run


# --- numbers in the drawing, labels in French ----------------------------------------------------

def test_the_loading_histograms_in_french(project, manager, pmo_client):
    crowded = build_crowded(project)
    html = pmo_client.get(f"/resources/{crowded['alice'].pk}/loading/?grain=day").content
    (chart,) = charts_of(html.decode(), "histogram")
    assert plain_numbers(chart) > 20
    assert "03/03" in texts(chart, "tick")
    assert "03/03/2025\xa0: 2 / 1" in titles(chart)  # Monday: 2 unit-days for 1
    month = pmo_client.get(f"/resources/{crowded['alice'].pk}/loading/?grain=month").content
    (chart,) = charts_of(month.decode(), "histogram")
    assert plain_numbers(chart) and "03/2025" in texts(chart, "tick")
    skill = SkillFactory(name="Masonry")
    skill.resources.add(crowded["alice"], crowded["bob"])
    (chart,) = charts_of(pmo_client.get(f"/skills/{skill.pk}/loading/?grain=week")
                         .content.decode(), "histogram")
    assert plain_numbers(chart) and "2,5" in texts(chart, "tick")  # Monday to Friday, 0,5 unit


def test_the_finance_charts_in_french(project, pmo, pmo_client):
    simple_project(actor=pmo, project=project, percent=40, cost="3500")
    project.priority = 900
    project.save()
    finance.kpi_snapshot_take(actor=pmo, project=project)
    html = pmo_client.get(f"/projects/{project.pk}/finance/").content.decode()
    (scurve,) = charts_of(html, "scurve")
    assert plain_numbers(scurve) > 10
    assert "8\xa0k" in texts(scurve, "tick") and "03/2025" in texts(scurve, "tick")
    (trends,) = charts_of(html, "trends")
    assert plain_numbers(trends) and "1,0" in texts(trends, "tick")
    assert "SPI 0,800 · 07/03/2025" in titles(trends)  # 40 % done of 50 % planned
    board = pmo_client.get(f"/portfolios/{project.portfolio_id}/kpis/").content.decode()
    (bubbles,) = charts_of(board, "bubbles")
    assert plain_numbers(bubbles) > 10
    assert "1\xa0000" in texts(bubbles, "tick") and "1,0" in texts(bubbles, "tick")
    assert texts(bubbles, "bubble-label") == [project.code]
    (tooltip,) = [t for t in titles(bubbles) if t.startswith(project.code)]
    assert "CPI 0,914 · priorité 900" in tooltip and "BAC 8\xa0000 EUR" in tooltip


def test_the_monte_carlo_charts_in_french(project, manager, pm_client):
    run = simulated(project, manager)
    html = pm_client.get(f"/simulations/{run.pk}/").content.decode()
    drawn = charts_of(html)
    assert [c.get("class") for c in drawn] == [
        "chart histogram", "chart s-curve", "chart histogram", "chart s-curve", "chart tornado"]
    for chart in drawn:
        assert plain_numbers(chart) > 5
    finish, _curve, cost, cost_curve, tornado = drawn
    assert re.fullmatch(r"\d\d/03/2025", texts(finish, "tick")[0])
    assert "80\xa0%" in texts(cost_curve, "tick")
    assert any(re.fullmatch(r"\d\xa0\d00", label) for label in texts(cost, "tick"))  # 3 200
    assert "Design" in texts(tornado, "tick") and "1,00" in texts(tornado, "tick")


def test_the_tornado_shows_a_long_task_name_whole_on_two_lines(project, manager, pm_client):
    long = "Paramétrage – Finance et contrôle de gestion des filiales européennes"
    run = simulated(project, manager, name=long)
    (tornado,) = charts_of(pm_client.get(f"/simulations/{run.pk}/").content.decode(), "tornado")
    (name,) = [t for t in tornado.iter("text") if t.text_content().startswith("Paramétrage")]
    lines = [span.text for span in name.iter("tspan")]
    assert lines == ["Paramétrage – Finance et contrôle de", "gestion des filiales européennes"]
    assert f"{long} · 1,00" in titles(tornado)  # the whole name on hover too


def test_the_drawing_is_the_same_in_both_languages(project, pmo):
    crowded = build_crowded(project)
    url = f"/resources/{crowded['alice'].pk}/loading/?grain=day"

    def shapes(language):
        (chart,) = charts_of(signed_in(pmo, language=language).get(url).content.decode())
        return [(node.tag, sorted(node.attrib.items())) for node in chart.iter()
                if node.tag != "text"]

    assert shapes("fr") == shapes("en")


# --- user text stays text ------------------------------------------------------------------------

def test_names_with_markup_are_text_in_every_chart(project, manager, pmo, pmo_client):
    crowded = build_crowded(project)
    crowded["alice"].name = EVIL
    crowded["alice"].save()
    skill = SkillFactory(name=EVIL)
    skill.resources.add(crowded["alice"])
    pages = [f"/resources/{crowded['alice'].pk}/loading/", f"/skills/{skill.pk}/loading/"]
    for page in pages:
        html = pmo_client.get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
        (chart,) = charts_of(html, "histogram")
        assert EVIL in titles(chart)[0], page

    other = ProjectFactory(code="EVIL", name=EVIL, portfolio=project.portfolio)
    simple_project(actor=pmo, project=other, percent=40, cost="3500")
    board = pmo_client.get(f"/portfolios/{project.portfolio_id}/kpis/").content.decode()
    assert "<script>alert" not in board and "<img src=x" not in board
    (bubbles,) = charts_of(board, "bubbles")
    assert any(t.startswith(f"EVIL {EVIL}") for t in titles(bubbles))

    run = simulated(other, pmo, name=EVIL)
    html = pmo_client.get(f"/simulations/{run.pk}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    (tornado,) = charts_of(html, "tornado")
    assert any(t.startswith(f"{EVIL} · ") for t in titles(tornado))  # whole, as text


# --- progress bars -------------------------------------------------------------------------------

def test_progress_bars_take_their_numbers_with_a_dot_in_french(project, manager, pm_client):
    build_crowded(project)
    run = simulation.simulation_start(actor=manager, project=project, iterations=500)
    SimulationRun.objects.filter(pk=run.pk).update(progress=0.25)
    html = pm_client.get(f"/simulations/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert '<progress class="progressbar" max="1" value="0.25">' in html
    levelling = levelling_start(actor=manager, scope=project, method="optimal", time_limit=2.5)
    LevellingRun.objects.filter(pk=levelling.pk).update(elapsed=0.5)
    html = pm_client.get(f"/levelling/{levelling.pk}/").content.decode()
    assert '<progress class="progressbar" max="2.5" value="0.5">' in html
