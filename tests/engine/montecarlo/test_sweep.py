"""The compiled Monte Carlo passes against the levelled numpy passes: the same numbers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan
from jalon.engine.montecarlo import (
    DurationDistribution,
    RiskEvent,
    SimulationModel,
    build_model,
    run,
    sweep,
)
from jalon.engine.montecarlo import passes as levelled

LINK_TYPES = ("FS", "SS", "FF", "SF")
TIMES = (0.0, 2.0, 5.5, 9.0, 14.0)


@st.composite
def constrained_plans(draw):
    """Random acyclic plans with estimates, every link type, lags and date constraints."""
    size = draw(st.integers(1, 20))
    activities = []
    for i in range(size):
        a = draw(st.integers(0, 4))
        fields: dict = {"optimistic": float(a), "most_likely": float(a + draw(st.integers(0, 3))),
                        "pessimistic": float(a + 3 + draw(st.integers(0, 4)))}
        kind = draw(st.sampled_from(["ASAP"] * 5 + ["SNET", "SNLT", "FNET", "FNLT", "MSO",
                                                    "MFO"]))
        if kind != "ASAP":
            fields.update(constraint_type=kind, constraint_date=draw(st.sampled_from(TIMES)))
        if draw(st.integers(0, 5)) == 0:
            fields["deadline"] = draw(st.sampled_from(TIMES))
        activities.append(Activity(f"A{i}", **fields))
    links = []
    if size > 1:
        for _ in range(draw(st.integers(0, 3 * size))):
            i = draw(st.integers(0, size - 2))
            j = draw(st.integers(i + 1, size - 1))
            links.append(Link(f"A{i}", f"A{j}", draw(st.sampled_from(LINK_TYPES)),
                              draw(st.sampled_from([-2.0, -0.5, 0.0, 0.0, 1.0, 3.0]))))
    return Plan("random", activities, links)


@settings(max_examples=60, deadline=None)
@given(constrained_plans(), st.integers(0, 1000), st.booleans())
def test_compiled_and_levelled_runs_give_the_same_numbers(plan, seed, with_risk):
    risks = [RiskEvent("R", 0.4, (plan.activities[0].id,), delay=3.0)] if with_risk else []
    model = build_model(plan, risks=risks)
    swept = run(model, iterations=70, seed=seed)
    stepped = run(model, iterations=70, seed=seed, passes="levelled")
    np.testing.assert_array_equal(swept.finish.samples, stepped.finish.samples)
    assert swept.finish.deterministic == stepped.finish.deterministic
    assert swept.criticality == stepped.criticality
    assert swept.sensitivity == stepped.sensitivity


@settings(max_examples=60, deadline=None)
@given(constrained_plans(), st.integers(1, 40), st.integers(0, 1000))
def test_both_block_passes_fill_the_same_arrays(plan, iterations, seed):
    """Early and late dates of every activity and iteration, not only the summaries of a run."""
    model = build_model(plan)
    rng = np.random.default_rng(seed)
    duration = rng.choice([0.0, 0.5, 1.0, 3.0, 7.25], (model.size, iterations))
    early = [module.forward_many(model.network, duration) for module in (sweep, levelled)]
    np.testing.assert_array_equal(early[0], early[1])
    finish = early[0][model.size:].max(axis=0)
    late = [module.backward_many(model.network, duration, finish) for module in (sweep, levelled)]
    np.testing.assert_array_equal(late[0], late[1])


def test_a_deep_network_runs_the_same_both_ways():
    """1,500 activities, each linked to one or two of the ten before it: hundreds of levels."""
    rng = np.random.default_rng(3)
    size = 1500
    succ = np.repeat(np.arange(1, size), 2)
    pred = np.maximum(succ - rng.integers(1, 11, len(succ)), 0)
    dists = [DurationDistribution.triangular(1.0, 2.0, 4.0)] * size
    model = SimulationModel.from_arrays(dists, pred, succ, rng.integers(0, 4, len(succ)),
                                        rng.choice([-1.0, 0.0, 2.0], len(succ)))
    assert len(model.network.bounds) > 200
    swept = run(model, iterations=50, seed=4)
    stepped = run(model, iterations=50, seed=4, passes="levelled")
    np.testing.assert_array_equal(swept.finish.samples, stepped.finish.samples)
    assert swept.criticality == stepped.criticality
