"""A simulation in chunks: the same result wherever and in whatever order the chunks run, with
independent streams, and the figures of the whole."""

from __future__ import annotations

import numpy as np
import pytest

from jalon.engine import Activity, Link, Plan
from jalon.engine.montecarlo import (
    DurationDistribution,
    RiskEvent,
    TaskCost,
    build_model,
    chunk_count,
    merge,
    run,
    run_in_chunks,
    split,
    stream,
)
from jalon.errors import ValidationFailed

T = DurationDistribution


@pytest.fixture(scope="module")
def model():
    """Two paths that take turns being critical, a risk and costs."""
    plan = Plan("p", [Activity("A", duration=5), Activity("B", duration=5),
                      Activity("C", duration=4), Activity("D", duration=2)],
                [Link("A", "D"), Link("B", "C"), Link("C", "D")])
    return build_model(plan, distributions={"A": T.triangular(4, 5, 12), "B": T.uniform(1, 6),
                                            "C": T.pert(3, 4, 9)},
                       risks=[RiskEvent("R1", 0.3, ("C",), delay=3, cost=500)],
                       costs={"A": TaskCost(fixed=100, rate=10), "C": TaskCost(rate=20)})


def test_iterations_are_split_evenly_and_never_below_two_a_chunk():
    assert chunk_count(20_000, 20_000) == 1
    assert chunk_count(20_001, 20_000) == 2
    assert chunk_count(50_000, 0) == 1  # 0: never split
    assert chunk_count(9, 1) == 4
    assert split(10, 3) == [4, 3, 3]
    assert sum(split(123_457, 7)) == 123_457
    with pytest.raises(ValidationFailed):
        split(5, 3)


def test_chunks_run_apart_in_any_order_merge_into_the_sequential_result(model):
    whole = run_in_chunks(model, iterations=3001, seed=42, count=3)
    sizes = split(3001, 3)
    apart = {index: run(model, iterations=sizes[index], seed=stream(42, index, 3))
             for index in (2, 0, 1)}  # as three workers might finish them
    merged = merge([apart[index] for index in range(3)])
    assert merged.iterations == whole.iterations == 3001
    np.testing.assert_array_equal(merged.finish.samples, whole.finish.samples)
    np.testing.assert_array_equal(merged.cost.samples, whole.cost.samples)
    assert merged.criticality == whole.criticality
    assert merged.sensitivity == whole.sensitivity
    assert merged.risk_occurrence == whole.risk_occurrence
    assert merged.risk_sensitivity == whole.risk_sensitivity
    assert merged.finish.p80 == whole.finish.p80


def test_one_chunk_is_the_plain_simulation(model):
    plain = run(model, iterations=2000, seed=9)
    single = run_in_chunks(model, iterations=2000, seed=9, count=1)
    np.testing.assert_array_equal(single.finish.samples, plain.finish.samples)
    assert single.criticality == plain.criticality


def test_the_chunks_streams_are_independent_and_the_whole_counts_every_iteration(model):
    parts = [run(model, iterations=1000, seed=stream(5, index, 4)) for index in range(4)]
    firsts = {tuple(part.finish.samples[:20]) for part in parts}
    assert len(firsts) == 4  # no chunk repeats another's draws
    merged = merge(parts)
    occurred = sum(part.risk_occurrence["R1"] * 1000 for part in parts)
    assert merged.risk_occurrence["R1"] == pytest.approx(occurred / 4000, abs=1e-12)
    assert merged.criticality["A"] + merged.criticality["B"] >= 1.0  # one path or the other
    # the whole behaves as one simulation of the same size does
    reference = run(model, iterations=4000, seed=77)
    assert merged.finish.mean == pytest.approx(reference.finish.mean, rel=0.03)
    assert merged.risk_occurrence["R1"] == pytest.approx(0.3, abs=0.03)
    assert merged.sensitivity["B"] == pytest.approx(reference.sensitivity["B"], abs=0.06)
