"""A simulation schedules what remains at the status date, as the CPM does: with every duration
collapsed to the plan's, every iteration finishes on the schedule's finish, whatever the plan
holds (progress, status date, constraints, summaries, task calendars, elapsed lags)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan, WorkCalendar, schedule
from jalon.engine.cpm import prepare
from jalon.engine.montecarlo import DurationDistribution, RiskEvent, TaskCost, build_model, run
from tests.engine.strategies import LAGS, LINK_TYPES, TIMES, activity_fields

START = date(2027, 3, 1)
CALENDARS = (WorkCalendar(working_weekdays=(0, 1, 2, 3, 4, 5)),  # six days a week
             WorkCalendar(working_weekdays=(0, 1, 2, 3), public_holidays="FR"))  # part time
T = DurationDistribution
PASSES = ("compiled", "levelled")


@st.composite
def plans_with_progress(draw, calendars: bool = True):
    """Random plans with progress at a status date and everything the CPM schedules around it;
    dated ones may have task calendars and elapsed lags (``calendars``)."""
    size = draw(st.integers(1, 14))
    names = [f"A{i}" for i in range(size)]
    dated = draw(st.booleans())
    summaries = ["S0"] if draw(st.booleans()) else []
    parent = {name: draw(st.sampled_from([None, *summaries])) for name in names}
    activities = []
    for name in names:
        fields = activity_fields(draw)
        if dated and calendars and draw(st.integers(0, 3)) == 0:
            fields["calendar"] = draw(st.sampled_from(CALENDARS))
        activities.append(Activity(name, parent=parent[name], **fields))
    if summaries:
        kind = draw(st.sampled_from(["ASAP", "SNET", "FNLT"]))
        extra = {} if kind == "ASAP" else {"constraint_date": draw(TIMES)}
        activities.append(Activity("S0", constraint_type=kind, **extra))
    links = []
    for _ in range(draw(st.integers(0, 2 * size)) if size > 1 else 0):
        i = draw(st.integers(0, size - 2))
        j = draw(st.integers(i + 1, size - 1))  # forward: no loop
        unit = "edays" if dated and calendars and draw(st.integers(0, 3)) == 0 else "days"
        links.append(Link(names[i], names[j], draw(st.sampled_from(LINK_TYPES)),
                          draw(st.sampled_from(LAGS)), lag_unit=unit))
    inside = [i for i, name in enumerate(names) if parent[name] == "S0"]
    after = [name for name in names[max(inside, default=0):] if parent[name] is None]
    if inside and after and draw(st.booleans()):  # from the summary: from each of its leaves
        links.append(Link("S0", draw(st.sampled_from(after)), "FS"))
    return Plan("random", activities, links, status_date=draw(st.sampled_from([None, 3.0, 8.5])),
                start=START if dated else None,
                calendar=WorkCalendar(public_holidays="FR") if dated else None)


def collapsed(plan: Plan) -> dict[str, DurationDistribution]:
    """Every leaf's distribution collapsed to the duration the plan schedules."""
    parents = {a.parent for a in plan.activities}
    return {a.id: T.fixed(a.scheduled_duration) for a in plan.activities if a.id not in parents}


@settings(max_examples=200, deadline=None)
@given(plans_with_progress(), st.booleans())
def test_with_the_plans_durations_every_iteration_finishes_with_the_schedule(plan, retained):
    expected = schedule(plan, retained_logic=retained)
    model = build_model(plan, distributions=collapsed(plan), retained_logic=retained)
    assert model.deterministic_finish == expected.finish
    assert model.deterministic_date == expected.finish_date
    alap = any(a.constraint_type == "ALAP" for a in plan.activities)
    for passes in PASSES:
        result = run(model, iterations=3, seed=0, passes=passes)
        np.testing.assert_allclose(result.finish.samples, expected.finish, rtol=0, atol=1e-9)
        if result.timeline is not None:
            assert result.date_of(result.finish.samples[0]) == result.timeline.finish_date(
                expected.finish, 0.0)
        if not alap:  # the CPM gives ALAP work zero float (it has used it); a simulation not
            for ident, share in result.criticality.items():
                assert share == float(expected[ident].critical), (passes, ident)


@settings(max_examples=100, deadline=None)
@given(plans_with_progress(calendars=False), st.booleans(), st.integers(0, 1000))
def test_both_passes_simulate_the_remaining_work_alike(plan, retained, seed):
    """Random durations this time: the compiled sweep and the levelled passes agree."""
    model = build_model(plan, retained_logic=retained)
    assert model.network.calendars is None and prepare(plan).compiled
    swept = run(model, iterations=40, seed=seed)
    stepped = run(model, iterations=40, seed=seed, passes="levelled")
    np.testing.assert_array_equal(swept.finish.samples, stepped.finish.samples)
    assert swept.criticality == stepped.criticality


def progress_plan(**extra) -> Plan:
    """Design is finished (late: days 0-8 instead of 5 days); Build started on day 8 and is
    20 % done at the status date (day 10): 8 of its 10 days remain; Test has not started."""
    return Plan("p", [Activity("Design", duration=5, actual_start=0.0, actual_finish=8.0),
                      Activity("Build", duration=10, actual_start=8.0, percent_complete=20),
                      Activity("Test", duration=4)],
                [Link("Design", "Build"), Link("Build", "Test")], status_date=10.0, **extra)


def test_finished_work_keeps_its_dates_and_is_never_critical_nor_sensitive():
    wide = {"Design": T.uniform(1, 30), "Build": T.fixed(10), "Test": T.fixed(4)}
    late = RiskEvent("late", 1.0, ("Design",), delay=20)
    result = run(build_model(progress_plan(), distributions=wide, risks=[late]),
                 iterations=500, seed=3)
    # Build resumes at the status date with its 8 remaining days, then Test's 4
    assert result.finish.samples == pytest.approx(22.0)
    assert result.finish.deterministic == schedule(progress_plan()).finish == 22.0
    assert result.criticality == {"Design": 0.0, "Build": 1.0, "Test": 1.0}
    assert result.sensitivity["Design"] == 0.0 and result.tornado() == []


def test_a_started_task_samples_only_what_remains_of_it():
    dists = {"Build": T.uniform(5, 15), "Test": T.fixed(4)}
    result = run(build_model(progress_plan(), distributions=dists), iterations=4000, seed=1)
    # 80 % of 5-15 days remains after the status date: 4-12, then Test's 4
    assert 18.0 <= result.finish.samples.min() < 18.1
    assert 25.9 < result.finish.samples.max() <= 26.0
    assert result.finish.deterministic == 22.0  # the plan's 10 days, 8 of them left
    assert result.sensitivity["Build"] > 0.99


def test_a_risk_on_a_started_task_delays_what_remains():
    slip = RiskEvent("slip", 1.0, ("Build",), delay=3, delay_percent=20)
    result = run(build_model(progress_plan(), risks=[slip]), iterations=10, seed=0)
    assert result.finish.samples == pytest.approx(10 + 8 + 3 + 1.6 + 4)  # 20 % of 8 remaining


def test_work_not_started_waits_for_the_status_date():
    plan = Plan("p", [Activity("A", duration=3), Activity("B", duration=2)],
                [Link("A", "B", "SS")], status_date=6.0)
    result = run(build_model(plan, distributions={"A": T.uniform(1, 5)}), iterations=200,
                 seed=2)
    assert result.finish.samples.min() >= 6 + 1 and result.finish.deterministic == 9.0


def test_the_work_done_costs_what_it_cost_and_only_the_rest_varies():
    dists = {"Build": T.uniform(5, 15), "Test": T.fixed(4)}
    costs = {"Design": TaskCost(rate=100), "Build": TaskCost(rate=10), "Test": TaskCost(fixed=7)}
    result = run(build_model(progress_plan(), distributions=dists, costs=costs),
                 iterations=2000, seed=4)
    assert result.cost is not None
    assert result.cost.deterministic == pytest.approx(500 + 100 + 7)
    done = 500 + 10 * 2 + 7  # Design's five planned days and Build's first two
    assert done + 10 * 4 <= result.cost.samples.min() < result.cost.samples.max() <= done + 120


def test_progress_override_lets_started_work_ignore_its_predecessors():
    plan = Plan("p", [Activity("A", duration=10), Activity("B", duration=4, actual_start=0.0,
                                                           percent_complete=50)],
                [Link("A", "B")], status_date=1.0)
    # A waits for the status date (1-11); B has 2 days left, after A or right away
    for retained, finish in ((True, 13.0), (False, 11.0)):
        result = run(build_model(plan, retained_logic=retained), iterations=5, seed=0)
        assert result.finish.samples == pytest.approx(finish)
        assert result.finish.deterministic == schedule(plan, retained_logic=retained).finish


def test_task_calendars_and_elapsed_lags_are_walked_as_in_the_schedule():
    six_days = WorkCalendar(working_weekdays=(0, 1, 2, 3, 4, 5))
    plan = Plan("p", [Activity("A", duration=3), Activity("B", duration=6, calendar=six_days),
                      Activity("C", duration=1)],
                [Link("A", "B", lag=2, lag_unit="edays"), Link("B", "C")],
                start=date(2027, 3, 1), calendar=WorkCalendar(public_holidays="FR"))
    expected = schedule(plan)
    result = run(build_model(plan, distributions={"B": T.uniform(5, 9)}), iterations=300,
                 seed=5)
    assert result.finish.deterministic == expected.finish
    assert result.deterministic_finish_date == expected.finish_date
    assert result.finish.samples.min() < expected.finish < result.finish.samples.max()
