"""The compiled passes (one sweep in topological order) against the levelled numpy passes.

Both implementations must give the same schedule, float for float, on everything ``schedule``
handles around the passes: constraints and deadlines (negative float included), ALAP,
progress at a status date with retained logic or progress override, summaries, PERT
estimates, calendars.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan, WorkCalendar, schedule, schedule_arrays
from jalon.engine.cpm import prepare
from jalon.engine.network import topological_levels
from jalon.errors import CycleError
from tests.engine.comparison import assert_same_schedule
from tests.engine.reference import RefLink, reference_cpm
from tests.engine.strategies import LAGS, LINK_TYPES, plans


@st.composite
def graphs(draw, max_size: int = 30, acyclic: bool = True):
    """Node count and links; acyclic ones go from a lower to a higher node number."""
    size = draw(st.integers(0, max_size))
    pairs = []
    if size > 1:
        for _ in range(draw(st.integers(0, 3 * size))):
            i, j = draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))
            if acyclic and i == j:
                continue
            pairs.append((min(i, j), max(i, j)) if acyclic else (i, j))
    pred = np.array([p for p, _ in pairs], dtype=np.int64)
    succ = np.array([s for _, s in pairs], dtype=np.int64)
    return size, pred, succ


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_both_levellings_give_the_same_levels(graph):
    size, pred, succ = graph
    names = [f"N{i}" for i in range(size)]
    swept = topological_levels(size, pred, succ, names, compiled=True)
    levelled = topological_levels(size, pred, succ, names, compiled=False)
    np.testing.assert_array_equal(swept.order, levelled.order)
    np.testing.assert_array_equal(swept.bounds, levelled.bounds)
    level = np.empty(size, dtype=np.int64)
    for k in range(swept.count):
        level[swept.order[swept.bounds[k] : swept.bounds[k + 1]]] = k
    assert (level[pred] < level[succ]).all()  # every link goes to a later level


@settings(max_examples=100, deadline=None)
@given(graphs(max_size=12, acyclic=False))
def test_both_levellings_name_the_same_cycle(graph):
    size, pred, succ = graph
    names = [f"N{i}" for i in range(size)]
    outcomes = []
    for compiled in (True, False):
        try:
            levels = topological_levels(size, pred, succ, names, compiled=compiled)
        except CycleError as error:
            outcomes.append(("cycle", error.cycle))
        else:
            outcomes.append(("levels", levels.order.tolist(), levels.bounds.tolist()))
    assert outcomes[0] == outcomes[1]


def run(plan: Plan, passes: str, retained_logic: bool):
    try:
        return schedule(plan, passes=passes, retained_logic=retained_logic)
    except CycleError as error:
        return error.cycle


@settings(max_examples=300, deadline=None)
@given(plans(), st.booleans())
def test_compiled_and_levelled_passes_give_the_same_schedule(plan, retained_logic):
    swept = run(plan, "compiled", retained_logic)
    levelled = run(plan, "levelled", retained_logic)
    assert_same_schedule(swept, levelled)
    if not isinstance(swept, list):
        assert prepare(plan).compiled  # no elapsed lag, no task calendar: the sweeps ran


@settings(max_examples=100, deadline=None)
@given(graphs(max_size=40), st.randoms(use_true_random=False))
def test_schedule_arrays_same_with_both_passes(graph, random):
    size, pred, succ = graph
    rng = np.random.default_rng(random.randrange(2**32))
    durations = rng.choice([0.0, 1.0, 2.5, 4.0], size)
    kinds = rng.integers(0, 4, len(pred))
    lags = rng.choice(LAGS, len(pred))
    floor = np.where(rng.random(size) < 0.2, rng.choice([2.0, 9.0], size), -np.inf)
    cap = np.where(rng.random(size) < 0.2, rng.choice([3.0, 15.0], size), np.inf)
    results = [
        schedule_arrays(durations, pred, succ, kinds, lags, start_floor=floor, finish_cap=cap,
                        passes=passes)
        for passes in ("compiled", "levelled")
    ]
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float", "critical", "driving"):
        np.testing.assert_array_equal(getattr(results[0], name), getattr(results[1], name))
    assert results[0].finish == results[1].finish


def test_calendar_arithmetic_keeps_the_levelled_passes():
    """Elapsed lags and task calendars extend date tables as they go: the levelled passes run
    them, whatever was asked for."""
    activities = [Activity("A", duration=2), Activity("B", duration=3)]
    start = date(2027, 3, 1)
    plain = Plan("p", activities, [Link("A", "B")], start=start)
    elapsed = Plan("p", activities, [Link("A", "B", lag=2, lag_unit="edays")], start=start)
    own = Plan("p", [activities[0], Activity("B", duration=3, calendar=WorkCalendar(
        working_weekdays=(0, 1, 2, 3, 4, 5)))], [Link("A", "B")], start=start)
    assert prepare(plain).compiled
    assert not prepare(elapsed).compiled
    assert not prepare(own).compiled
    assert not prepare(plain, passes="levelled").compiled


@pytest.mark.parametrize("passes", ["compiled", "levelled"])
def test_a_deep_network_agrees_with_the_reference(passes):
    """2,000 activities, each linked to one or two of the ten before it: hundreds of levels."""
    rng = np.random.default_rng(7)
    size = 2000
    durations = rng.integers(0, 6, size).astype(float)
    succ = np.repeat(np.arange(1, size), 2)
    pred = np.maximum(succ - rng.integers(1, 11, len(succ)), 0)
    kinds = rng.integers(0, 4, len(succ))
    lags = rng.choice(LAGS, len(succ))
    result = schedule_arrays(durations, pred, succ, kinds, lags, passes=passes)
    names = [f"A{i}" for i in range(size)]
    expected = reference_cpm(
        dict(zip(names, durations.tolist(), strict=True)),
        [RefLink(names[p], names[s], LINK_TYPES[k], g) for p, s, k, g in
         zip(pred.tolist(), succ.tolist(), kinds.tolist(), lags.tolist(), strict=True)],
    )
    assert len(prepare_levels(pred, succ, size)) > 300
    for key, column in (("ES", result.early_start), ("LF", result.late_finish),
                        ("FF", result.free_float)):
        np.testing.assert_allclose(column, [expected[n][key] for n in names], atol=1e-9)


def prepare_levels(pred: np.ndarray, succ: np.ndarray, size: int) -> np.ndarray:
    return topological_levels(size, pred, succ, []).bounds[1:]
