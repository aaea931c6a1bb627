"""The whole performance report: a worked example in calendar time, a plain reference in
abstract time (hypothesis), milestones, KPIs and their statuses, bad input."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine import WorkCalendar
from jalon.engine.kpis import REGISTRY, Band, Kpi
from jalon.engine.performance import (
    ActualCost,
    PerformanceInputs,
    PerformanceTask,
    performance_report,
)
from jalon.errors import ValidationFailed
from tests.engine.reference_performance import RefTask, reference_report

MONDAY = date(2025, 3, 3)
TIMELINE = WorkCalendar().timeline(MONDAY)


def worked(**options: object) -> PerformanceInputs:
    """Design (8,000, 3-14 March) then Build (10,000, 17-28 March) then the Handover
    milestone; at Friday 21 March, Design is done and Build 30 % done; 9,000 spent on Design,
    4,000 on Build, 500 on no task, all dated."""
    tasks = [
        PerformanceTask("P", budget=0, start=MONDAY, finish=date(2025, 3, 28)),
        PerformanceTask("A", "P", 8000, MONDAY, date(2025, 3, 14), 100,
                        actual_finish=date(2025, 3, 14)),
        PerformanceTask("B", "P", 10000, date(2025, 3, 17), date(2025, 3, 28), 30),
        PerformanceTask("M", None, 0, date(2025, 3, 28), date(2025, 3, 28), milestone=True,
                        finish_variance=2.0),
    ]
    costs = [ActualCost(9000, "A", date(2025, 3, 10)), ActualCost(4000, "B", date(2025, 3, 20)),
             ActualCost(500, None, date(2025, 3, 21))]
    fields = {"tasks": tasks, "status": date(2025, 3, 21), "actual_costs": costs,
              "timeline": TIMELINE, **options}
    return PerformanceInputs(**fields)


def test_the_worked_example_gives_the_textbook_figures():
    report = performance_report(worked())
    evm = report.evm
    assert (evm.bac, evm.pv, evm.ev, evm.ac) == pytest.approx((18000, 13000, 11000, 13500))
    assert evm.cpi == pytest.approx(11000 / 13500) and evm.spi == pytest.approx(11000 / 13000)
    assert report.unallocated_ac == 500
    # March 2025 holds the whole plan: 21 working days from the 3rd, 15 of them elapsed.
    assert report.periods.labels == ("2025-03-31",)
    # The plan earns 11,000 on its 13th working day (Design, then 3 days of Build); the
    # month's chord would say 11,000 / 18,000 of March.
    assert report.es.es == pytest.approx(13 / 21)
    assert report.at == pytest.approx(15 / 21)
    assert report.es.spi_t == pytest.approx(13 / 15)  # as the summary P's, on its own curve
    assert report.es.planned_duration == pytest.approx(20 / 21)
    assert report.ac_by_period == (None,)  # the month ends after the status date
    rows = dict(zip(report.ids, report.task_figures(("bac", "pv", "ev", "ac")), strict=True))
    assert rows["P"] == pytest.approx({"bac": 18000, "pv": 13000, "ev": 11000, "ac": 13000,
                                       "es": 13, "sv_t": -2, "spi_t": 13 / 15,
                                       "ieac_t": 20 / (13 / 15)})
    assert (rows["A"]["es"], rows["A"]["spi_t"]) == pytest.approx((10, 1))  # done on time
    assert (rows["B"]["es"], rows["B"]["sv_t"]) == pytest.approx((3, -2))
    assert rows["M"]["es"] is None  # a milestone spans no time
    assert report.summaries == {"P"} and report.levels == (0, 1, 1, 0)


def test_actual_cost_by_period_stops_at_the_status_date():
    inputs = worked(status=date(2025, 4, 2), period="month")
    report = performance_report(inputs)
    assert report.periods.labels == ("2025-03-31", "2025-04-30")
    assert report.ac_by_period == (13500, None)
    undated = worked(actual_costs=[ActualCost(100, "A")])
    assert performance_report(undated).ac_by_period is None
    assert performance_report(worked(actual_costs=[], status=date(2025, 4, 2))).ac_by_period == (
        0.0, None)


def test_milestones_due_hit_and_slip():
    tasks = [PerformanceTask("A", None, 100, 0, 10, 50),
             PerformanceTask("M1", None, 0, 4, 4, 100, milestone=True, finish_variance=0),
             PerformanceTask("M2", None, 0, 5, 5, 100, milestone=True, finish_variance=3),
             PerformanceTask("M3", None, 0, 6, 6, 0, milestone=True, finish_variance=1),
             PerformanceTask("M4", None, 0, 9, 9, 0, milestone=True, finish_variance=-1)]
    report = performance_report(PerformanceInputs(tasks, status=6.0))
    # Due: M1, M2, M3 (finish <= 6); hit: M1 only (M2 late, M3 not done).
    assert (report.milestones.slip, report.milestones.due, report.milestones.hit) == (3, 3, 1)
    assert report.kpis["milestone_hit_rate"] == pytest.approx(100 / 3)
    assert report.kpis["milestone_slip"] == 3


def test_kpis_and_statuses_follow_the_bands():
    report = performance_report(worked(current_budget=19800.0, risk_exposure=900.0,
                                       high_risks=3.0))
    assert report.kpis["scope_growth"] == pytest.approx(10)
    assert report.kpis["risk_exposure"] == pytest.approx(5)
    assert report.kpis["overspend"] == pytest.approx(2500 / 18000 * 100)
    assert report.kpi_statuses["cpi"] == "red" and report.kpi_statuses["risk_exposure"] == "green"
    assert report.statuses["scope"] == "amber" and report.statuses["risk"] == "red"
    assert math.isnan(report.kpis["overallocation"])
    assert report.statuses["resources"] == "" and report.statuses["overall"] == "red"
    lenient = dict(REGISTRY.bands(), cpi=Band(0.8, 0.7, True), overspend=Band(20, 30, False))
    again = performance_report(worked(bands=lenient))
    assert again.statuses["cost"] == "green"


def test_another_registry_computes_its_own_kpis():
    extra = Kpi("earned_share", "cost", True, "percent", 1, 50, 25, "Earned share",
                "EV over BAC.", lambda f: f.ev / f.bac * 100)
    report = performance_report(worked(), kpis=REGISTRY.extended(extra))
    assert report.kpis["earned_share"] == pytest.approx(11000 / 18000 * 100)
    assert report.kpi_statuses["earned_share"] == "green"


@pytest.mark.parametrize(("options", "field"), [
    ({"tasks": [PerformanceTask("A", "X")]}, "parent"),
    ({"actual_costs": [ActualCost(5, "Z")]}, "task"),
    ({"status": 15.0}, "status"),
    ({"period": "year"}, "period"),
    ({"manager_eac": -1.0}, "manager_eac"),
])
def test_bad_inputs_are_refused_by_name(options, field):
    with pytest.raises(ValidationFailed) as exc:
        worked(**options)
    assert exc.value.field == field


def test_a_task_s_bad_figures_are_refused():
    with pytest.raises(ValidationFailed) as exc:
        PerformanceTask("A", percent_complete=120)
    assert exc.value.field == "percent_complete"
    with pytest.raises(ValidationFailed, match="calendar"):
        PerformanceInputs([], status=1.0, actual_costs=[ActualCost(1, None, MONDAY)])


# -- against the plain reference, in abstract time ------------------------------------------------

@st.composite
def projects(draw: st.DrawFn) -> tuple[list[RefTask], float, str]:
    n = draw(st.integers(1, 7))
    tasks = []
    for i in range(n):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        start = draw(st.integers(0, 30))
        dated = draw(st.booleans()) or i == 0
        tasks.append(RefTask(
            id=f"T{i}", parent=None if parent is None else f"T{parent}",
            budget=draw(st.sampled_from([0.0, 100.0, 250.0, 1000.0])),
            start=float(start) if dated else None,
            finish=float(start + draw(st.integers(0, 15))) if dated else None,
            percent=float(draw(st.integers(0, 100))), actual=float(draw(st.integers(0, 900))),
            actual_finish=draw(st.one_of(st.none(), st.floats(1, 50)))))
    return tasks, float(draw(st.integers(0, 60))), draw(st.sampled_from(["day", "week", "month"]))


@settings(max_examples=150, deadline=None)
@given(projects(), st.floats(0, 500))
def test_the_report_agrees_with_the_plain_reference(project, unallocated):
    tasks, status, period = project
    inputs = PerformanceInputs(
        [PerformanceTask(t.id, t.parent, t.budget, t.start, t.finish, t.percent,
                         actual_finish=t.actual_finish) for t in tasks],
        status=status, period=period,
        actual_costs=[ActualCost(t.actual, t.id) for t in tasks] + [ActualCost(unallocated)])
    report = performance_report(inputs)
    expected = reference_report(tasks, status, period, unallocated)
    keys = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_cpi", "etc", "vac",
            "tcpi_bac")
    project_figures = report.evm.as_dict(keys)
    if report.es is not None:
        project_figures.update(report.es.as_dict(("es", "sv_t", "spi_t", "ieac_t")))
    project_figures["at"] = report.at
    assert _plain(project_figures) == pytest.approx(_plain(expected["project"]), nan_ok=True)
    assert report.pv_by_period.tolist() == pytest.approx(expected["curve"])
    for ident, row in zip(report.ids, report.task_figures(keys), strict=True):
        assert _plain(row) == pytest.approx(_plain(expected["tasks"][ident]), nan_ok=True), ident


def _plain(figures: dict) -> dict:
    return {k: math.nan if v is None else v for k, v in figures.items()}


# -- earned schedule and earned value tell the same story -----------------------------------------

def on_plan(tasks: list[PerformanceTask], status: date) -> list[PerformanceTask]:
    """The tasks each done as far as the plan says at the end of ``status``: EV = PV."""
    end = TIMELINE.finish_time(status)
    done = []
    for task in tasks:
        start, finish = TIMELINE.start_time(task.start), TIMELINE.finish_time(task.finish)
        share = min(max((end - start) / (finish - start), 0.0), 1.0)
        done.append(PerformanceTask(task.id, task.parent, task.budget, task.start, task.finish,
                                    100 * share))
    return done


PHASES = [  # two phases with nothing planned between mid-April and September
    PerformanceTask("A", None, 8000, date(2025, 3, 17), date(2025, 4, 4)),
    PerformanceTask("B", None, 12000, date(2025, 3, 31), date(2025, 4, 16)),
    PerformanceTask("C", None, 9000, date(2025, 9, 1), date(2025, 10, 10)),
]


@pytest.mark.parametrize("status", [date(2025, 3, 20), date(2025, 4, 2), date(2025, 4, 16),
                                    date(2025, 6, 13), date(2025, 8, 29), date(2025, 9, 17)])
def test_earning_what_was_planned_is_being_on_time(status):
    """EV = PV gives SPI = 1 and SPI(t) = 1, whether the status falls inside a month where
    tasks start or finish, or in months where nothing is planned (ES once said 6.0 months
    against 4.5 elapsed: it took the end of the idle months)."""
    report = performance_report(PerformanceInputs(on_plan(PHASES, status), status=status,
                                                  timeline=TIMELINE, period="month"))
    assert report.evm.ev == pytest.approx(report.evm.pv)
    assert report.evm.spi == pytest.approx(1)
    assert report.es.es == pytest.approx(report.at)
    assert report.es.spi_t == pytest.approx(1)


def test_behind_or_ahead_in_money_is_behind_or_ahead_in_time():
    status = date(2025, 6, 13)
    late = on_plan(PHASES, status)
    late[1] = PerformanceTask("B", None, 12000, date(2025, 3, 31), date(2025, 4, 16), 90)
    report = performance_report(PerformanceInputs(late, status=status, timeline=TIMELINE))
    assert report.evm.spi < 1 and report.es.spi_t < 1
    # B's last tenth was planned for 16 April: that is where the project stands
    assert report.es.es < performance_report(PerformanceInputs(
        on_plan(PHASES, date(2025, 4, 16)), status=date(2025, 4, 16), timeline=TIMELINE)).at
    early = on_plan(PHASES, status)
    early[2] = PerformanceTask("C", None, 9000, date(2025, 9, 1), date(2025, 10, 10), 10)
    report = performance_report(PerformanceInputs(early, status=status, timeline=TIMELINE))
    assert report.evm.spi > 1 and report.es.spi_t > 1
