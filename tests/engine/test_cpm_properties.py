"""Property tests: both implementations of the passes agree with the plain reference and keep
the invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan, schedule
from tests.engine.reference import RefLink, reference_cpm

LINK_TYPES = ("FS", "SS", "FF", "SF")
PASSES = pytest.mark.parametrize("passes", ["compiled", "levelled"])


@st.composite
def networks(draw, max_size: int = 25, with_constraints: bool = False):
    """Random acyclic networks: links go from a lower to a higher number."""
    size = draw(st.integers(1, max_size))
    durations = {
        f"A{i}": draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0])) for i in range(size)
    }
    links = []
    if size > 1:
        for _ in range(draw(st.integers(0, 3 * size))):
            i = draw(st.integers(0, size - 2))
            j = draw(st.integers(i + 1, size - 1))
            kind = draw(st.sampled_from(LINK_TYPES))
            lag = draw(st.sampled_from([-3.0, -1.0, 0.0, 0.0, 0.0, 1.0, 2.5]))
            links.append(RefLink(f"A{i}", f"A{j}", kind, lag))
    floors: dict[str, float] = {}
    caps: dict[str, float] = {}
    if with_constraints:
        for name in durations:
            if draw(st.integers(0, 5)) == 0:
                floors[name] = float(draw(st.integers(0, 20)))
            if draw(st.integers(0, 5)) == 0:
                caps[name] = float(draw(st.integers(0, 30)))
    return durations, links, floors, caps


def to_plan(durations, links, floors=None, caps=None) -> Plan:
    floors, caps = floors or {}, caps or {}
    activities = []
    for name, duration in durations.items():
        fields: dict = {}
        if name in floors:
            fields.update(constraint_type="SNET", constraint_date=floors[name])
        if name in caps:
            fields["deadline"] = caps[name]
        activities.append(Activity(name, duration=duration, **fields))
    return Plan("random", activities, [Link(x.pred, x.succ, x.type, x.lag) for x in links])


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=1e-9)


@PASSES
@settings(max_examples=150, deadline=None)
@given(networks(with_constraints=True))
def test_engine_agrees_with_reference(passes, network):
    durations, links, floors, caps = network
    expected = reference_cpm(durations, links, floors, caps)
    result = schedule(to_plan(durations, links, floors, caps), passes=passes)
    for name, ref in expected.items():
        row = result[name]
        got = {
            "ES": row.early_start, "EF": row.early_finish, "LS": row.late_start,
            "LF": row.late_finish, "TF": row.total_float, "FF": row.free_float,
        }
        for key, value in ref.items():
            assert close(got[key], value), (name, key, got[key], value)


@PASSES
@settings(max_examples=100, deadline=None)
@given(networks())
def test_invariants_without_constraints(passes, network):
    durations, links, _, _ = network
    result = schedule(to_plan(durations, links), passes=passes)
    rows = result.activities
    tol = 1e-9
    for link in links:
        p, s = rows[link.pred], rows[link.succ]
        if link.type == "FS":
            assert s.early_start >= p.early_finish + link.lag - tol
            assert s.late_start >= p.late_finish + link.lag - tol
        elif link.type == "SS":
            assert s.early_start >= p.early_start + link.lag - tol
        elif link.type == "FF":
            assert s.early_finish >= p.early_finish + link.lag - tol
        else:
            assert s.early_finish >= p.early_start + link.lag - tol
    for row in rows.values():
        assert row.early_start >= -tol
        assert row.total_float >= -tol
        assert row.free_float <= row.total_float + tol
        assert close(row.late_start - row.early_start, row.late_finish - row.early_finish)
        assert row.late_finish <= result.finish + tol
        assert row.critical == (row.total_float <= 1e-6)
    assert result.critical_path, "some activity finishes at T, so it is critical"
    # The critical activities contain a chain of driving links whose length is T.
    ends = [rows[a] for a in result.critical_path if close(rows[a].early_finish, result.finish)]
    assert ends
    assert close(max(r.early_finish for r in ends), result.duration)
    # Walking back along driving links between critical activities reaches the project start.
    row = ends[0]
    for _ in range(len(rows)):
        critical_drivers = [p for p in row.driving_predecessors if rows[p].critical]
        if not critical_drivers:
            break
        row = rows[critical_drivers[0]]
    assert close(row.early_start, 0.0)


@PASSES
@settings(max_examples=50, deadline=None)
@given(networks(max_size=12))
def test_input_order_does_not_matter(passes, network):
    durations, links, _, _ = network
    forward = schedule(to_plan(durations, links), passes=passes)
    backward = schedule(to_plan(dict(reversed(list(durations.items()))), list(reversed(links))),
                        passes=passes)
    for name in durations:
        assert close(forward[name].early_start, backward[name].early_start)
        assert close(forward[name].total_float, backward[name].total_float)
