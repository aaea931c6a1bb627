"""Monte Carlo simulation: analytic cases, the loop reference, risks, costs, reproducibility."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from jalon.engine import Activity, Link, Plan
from jalon.engine.montecarlo import (
    DurationDistribution,
    RiskEvent,
    SimulationCancelled,
    TaskCost,
    build_model,
    run,
    simulate,
)
from jalon.errors import CycleError, ValidationFailed

from .reference import simulate_loop

T = DurationDistribution


def chain(n, **kw):
    return Plan("chain", [Activity(f"T{i}", duration=1) for i in range(n)],
                [Link(f"T{i}", f"T{i + 1}") for i in range(n - 1)], **kw)


def test_chain_mean_and_variance_are_the_sums():
    dists = {"T0": T.triangular(2, 4, 9), "T1": T.pert(1, 3, 8), "T2": T.uniform(2, 6),
             "T3": T.lognormal(5, 1.5), "T4": T.normal(10, 2)}
    result = simulate(chain(5), iterations=40_000, seed=3, distributions=dists)
    mean = sum(d.mean for d in dists.values())
    variance = sum(d.variance for d in dists.values())
    assert result.finish.mean == pytest.approx(mean, abs=4 * np.sqrt(variance / 40_000))
    assert result.finish.std ** 2 == pytest.approx(variance, rel=0.03)


def test_chain_of_normals_finishes_normally():
    dists = {f"T{i}": T.normal(20, 2) for i in range(6)}
    result = simulate(chain(6), iterations=5_000, seed=11, distributions=dists)
    statistic, p_value = stats.kstest(result.finish.samples, "norm",
                                      args=(120, 2 * np.sqrt(6)))
    assert p_value > 0.01, statistic


@pytest.mark.parametrize(("dist", "mean"), [
    (T.pert(2, 5, 14), (2 + 20 + 14) / 6),
    (T.triangular(2, 5, 14), 7.0),
    (T.uniform(3, 5), 4.0),
    (T.lognormal(6, 2), 6.0),
])
def test_sampled_means_match_the_formulas(dist, mean):
    u = np.random.default_rng(0).random(200_000)
    samples = dist.ppf(u)
    assert dist.mean == pytest.approx(mean)
    assert samples.mean() == pytest.approx(mean, rel=0.01)
    assert samples.var() == pytest.approx(dist.variance, rel=0.03)


def test_truncated_normal_never_goes_below_zero():
    dist = T.normal(1, 2)
    samples = dist.ppf(np.random.default_rng(1).random(100_000))
    assert samples.min() >= 0
    assert samples.mean() == pytest.approx(dist.mean, rel=0.02)  # above 1: truncated
    assert dist.mean > 1


def test_default_is_triangular_from_the_estimate_and_fixed_otherwise():
    plan = Plan("p", [Activity("A", optimistic=2, most_likely=4, pessimistic=12),
                      Activity("B", duration=3)], [Link("A", "B")])
    result = simulate(plan, iterations=20_000, seed=5, keep_samples=True)
    assert result.durations is not None
    assert result.durations[:, 1] == pytest.approx(3.0)
    assert result.durations[:, 0].mean() == pytest.approx(6.0, rel=0.02)  # (2+4+12)/3
    assert result.finish.deterministic == pytest.approx(5.0 + 3.0)  # PERT te = 5


def test_same_seed_same_result_other_seed_other_result():
    plan = chain(4)
    dists = {f"T{i}": T.triangular(1, 2, 5) for i in range(4)}
    first = simulate(plan, iterations=3_000, seed=42, distributions=dists)
    again = simulate(plan, iterations=3_000, seed=np.random.default_rng(42), distributions=dists)
    other = simulate(plan, iterations=3_000, seed=43, distributions=dists)
    assert np.array_equal(first.finish.samples, again.finish.samples)
    assert first.sensitivity == again.sensitivity
    assert not np.array_equal(first.finish.samples, other.finish.samples)


def random_plan(rng, size):
    acts = [Activity(f"A{i}", optimistic=float(a), most_likely=float(a + b),
                     pessimistic=float(a + b + c))
            for i, (a, b, c) in enumerate(rng.integers(0, 6, (size, 3)))]
    links = []
    for s in range(1, size):
        for p in rng.choice(s, size=min(s, 2), replace=False):
            kind = str(rng.choice(["FS", "SS", "FF", "SF"], p=[0.55, 0.15, 0.15, 0.15]))
            links.append(Link(f"A{p}", f"A{s}", kind, float(rng.integers(-2, 4))))
    return Plan("random", acts, links)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_vectorised_passes_agree_with_the_loop_reference(seed):
    rng = np.random.default_rng(seed)
    plan = random_plan(rng, int(rng.integers(2, 25)))
    result = simulate(plan, iterations=40, seed=seed, keep_samples=True)
    ids = [a.id for a in plan.activities]
    samples = [dict(zip(ids, row.tolist(), strict=True)) for row in result.durations]
    links = [(lk.predecessor, lk.successor, lk.type, lk.lag) for lk in plan.links]
    finishes, criticality = simulate_loop(ids, samples, links)
    assert result.finish.samples == pytest.approx(finishes, abs=1e-9)
    assert result.criticality == pytest.approx(criticality, abs=1e-12)


def test_dominant_path_is_critical_almost_always():
    plan = Plan("p", [Activity("long", optimistic=50, most_likely=60, pessimistic=70),
                      Activity("short", optimistic=5, most_likely=10, pessimistic=20),
                      Activity("end", duration=1)],
                [Link("long", "end"), Link("short", "end")])
    result = simulate(plan, iterations=5_000, seed=2)
    assert result.criticality["long"] == 1.0
    assert result.criticality["end"] == 1.0
    assert result.criticality["short"] == 0.0
    assert result.sensitivity["long"] > 0.9
    assert result.tornado(1)[0][0] == "long"


def test_two_equal_parallel_paths_merge_above_either():
    plan = Plan("p", [Activity("a", optimistic=5, most_likely=10, pessimistic=15),
                      Activity("b", optimistic=5, most_likely=10, pessimistic=15),
                      Activity("end", duration=0)], [Link("a", "end"), Link("b", "end")])
    result = simulate(plan, iterations=20_000, seed=4)
    assert result.finish.mean > 10 + 0.5  # E[max] of two: merge bias
    assert result.finish.deterministic == pytest.approx(10.0)
    assert result.criticality["a"] == pytest.approx(0.5, abs=0.02)
    assert result.criticality["a"] + result.criticality["b"] == pytest.approx(1.0, abs=1e-3)


def test_risk_with_probability_one_and_zero():
    plan = chain(3)
    sure = RiskEvent("sure", 1.0, ("T0", "T2"), delay=2, delay_percent=50, cost=1000)
    never = RiskEvent("never", 0.0, ("T1",), delay=100, cost=1e9)
    result = simulate(plan, iterations=100, seed=0, risks=[sure, never])
    # each of T0 and T2: 1 + 2 + 50 % of 1 = 3.5; T1 stays 1
    assert result.finish.samples == pytest.approx(8.0)
    assert result.cost is not None and result.cost.samples == pytest.approx(1000.0)
    assert result.risk_occurrence == {"sure": 1.0, "never": 0.0}


def test_risk_with_per_task_delays():
    plan = chain(3)
    # T0 takes the risk's default; T1 its own 5 days; T2 its own 100 % (and no days)
    sure = RiskEvent("sure", 1.0, ("T0", "T1"), delay=2, delay_percent=50,
                     delays={"T1": (5, 0), "T2": (0.0, 100.0)})
    assert sure.tasks == ("T0", "T1", "T2")
    assert sure.delay_of("T0") == (2.0, 50.0) and sure.delay_of("T2") == (0.0, 100.0)
    result = simulate(plan, iterations=50, seed=0, risks=[sure])
    # T0: 1 + 2 + 0.5 = 3.5; T1: 1 + 5 = 6; T2: 1 + 1 = 2
    assert result.finish.samples == pytest.approx(11.5)
    # the same as one risk per task with that task's delay
    same = [RiskEvent("a", 1.0, ("T0",), delay=2, delay_percent=50),
            RiskEvent("b", 1.0, ("T1",), delay=5), RiskEvent("c", 1.0, ("T2",), delay_percent=100)]
    assert simulate(plan, iterations=50, seed=0, risks=same).finish.samples == pytest.approx(11.5)


@pytest.mark.parametrize("delays", [{"T0": 3}, {"T0": (1, 2, 3)}, {"T0": (1, -150)},
                                    {"": (1, 0)}, [("T0", (1, 0))], {"T0": (float("nan"), 0)}])
def test_risk_per_task_delays_are_checked(delays):
    with pytest.raises(ValidationFailed):
        RiskEvent("R", 0.5, ("T0",), delays=delays)


def test_risk_probability_is_honoured_and_drives_the_finish():
    plan = chain(2)
    risk = RiskEvent("R", 0.25, ("T1",), delay=10)
    result = simulate(plan, iterations=20_000, seed=9, risks=[risk])
    assert result.risk_occurrence["R"] == pytest.approx(0.25, abs=0.01)
    assert result.probability_by(2) == pytest.approx(0.75, abs=0.01)
    assert result.risk_sensitivity["R"] > 0.8


def test_costs_fixed_plus_rate_and_budget_probability():
    plan = chain(2)
    dists = {"T0": T.uniform(0, 10)}
    costs = {"T0": TaskCost(fixed=100, rate=10), "T1": TaskCost(fixed=50)}
    result = simulate(plan, iterations=20_000, seed=1, distributions=dists, costs=costs)
    assert result.cost is not None
    assert result.cost.mean == pytest.approx(100 + 10 * 5 + 50, rel=0.01)
    assert result.cost.deterministic == pytest.approx(100 + 10 * 1 + 50)
    assert result.probability_within_budget(200) == pytest.approx(0.5, abs=0.02)
    assert result.cost.contingency(0.8) == pytest.approx(result.cost.p80 - 160)


def test_outcome_statistics_histogram_cumulative_and_contingency():
    dists = {"T0": T.uniform(0, 100)}
    result = simulate(chain(1), iterations=10_000, seed=8, distributions=dists, lhs=True)
    finish = result.finish
    assert finish.p10 == pytest.approx(10, abs=0.5)
    assert finish.p90 == pytest.approx(90, abs=0.5)
    assert finish.percentile(0.5) == finish.p50
    edges, counts = finish.histogram(10)
    assert len(edges) == 11 and counts.sum() == 10_000
    values, probabilities = finish.cumulative(11)
    assert probabilities[5] == 0.5 and values[5] == pytest.approx(finish.p50)
    assert np.all(np.diff(values) >= 0)
    assert finish.contingency(0.9) == pytest.approx(finish.p90 - 1.0)  # plan: duration 1
    with pytest.raises(ValidationFailed):
        finish.percentile(80)


def test_calendar_plan_gives_dates_and_takes_a_due_date():
    plan = chain(2, start=date(2026, 1, 5))  # a Monday
    result = simulate(plan, iterations=100, seed=1, distributions={"T0": T.fixed(5)})
    assert result.finish.p50 == 6.0
    assert result.finish_date(0.5) == date(2026, 1, 12)  # 6 working days: Mon -> next Mon
    assert result.probability_by(date(2026, 1, 12)) == 1.0
    assert result.probability_by(date(2026, 1, 9)) == 0.0


def test_constraints_and_link_types_with_lags():
    plan = Plan("p", [Activity("A", duration=4),
                      Activity("B", duration=2, constraint_type="SNET", constraint_date=10.0),
                      Activity("C", duration=3)],
                [Link("A", "C", "SS", 1), Link("B", "C", "FF", -1)])
    result = simulate(plan, iterations=10, seed=0)
    assert result.finish.samples == pytest.approx(12.0)  # B 10-12, C ends >= 11, A ends 4


def test_correlated_durations_keep_marginals_and_reach_the_target():
    plan = Plan("p", [Activity("A", duration=1), Activity("B", duration=1)])
    dists = {"A": T.triangular(1, 2, 6), "B": T.lognormal(5, 2)}
    plain = simulate(plan, iterations=20_000, seed=6, distributions=dists, keep_samples=True)
    tied = simulate(plan, iterations=20_000, seed=6, distributions=dists, keep_samples=True,
                    correlations=[("A", "B", 0.7)])
    rho = stats.spearmanr(tied.durations[:, 0], tied.durations[:, 1])[0]
    assert rho == pytest.approx(0.7, abs=0.03)
    assert abs(stats.spearmanr(plain.durations[:, 0], plain.durations[:, 1])[0]) < 0.03
    for column, dist in enumerate(dists.values()):
        assert stats.ks_2samp(plain.durations[:, column], tied.durations[:, column]).pvalue > 0.01
        assert tied.durations[:, column].mean() == pytest.approx(dist.mean, rel=0.02)


def test_impossible_correlations_are_refused():
    plan = Plan("p", [Activity(x, optimistic=1, most_likely=2, pessimistic=3) for x in "ABC"])
    with pytest.raises(ValidationFailed, match="positive definite"):
        build_model(plan, correlations=[("A", "B", 0.9), ("B", "C", 0.9), ("A", "C", -0.9)])


def test_lhs_reduces_the_variance_of_the_mean_estimate():
    plan = chain(3)
    dists = {f"T{i}": T.triangular(1, 3, 10) for i in range(3)}
    model = build_model(plan, distributions=dists)
    means = {lhs: [run(model, iterations=200, seed=s, lhs=lhs).finish.mean for s in range(60)]
             for lhs in (False, True)}
    assert np.var(means[True]) < 0.3 * np.var(means[False])


def test_sensitivity_estimates_spearman():
    rng = np.random.default_rng(3)
    plan = random_plan(rng, 15)
    result = simulate(plan, iterations=20_000, seed=3, keep_samples=True)
    for column, ident in enumerate(result.ids):
        exact = stats.spearmanr(result.durations[:, column], result.finish.samples)[0]
        if np.isnan(exact):
            exact = 0.0
        assert result.sensitivity[ident] == pytest.approx(exact, abs=0.01)


def test_bad_input_is_named():
    plan = chain(2)
    with pytest.raises(ValidationFailed, match="'Z' is not a task"):
        build_model(plan, risks=[RiskEvent("R", 0.5, ("Z",))])
    with pytest.raises(ValidationFailed, match="probability"):
        RiskEvent("R", 1.5)
    with pytest.raises(ValidationFailed, match="T0.*low <= mode"):
        T.triangular(5, 2, 1, owner="Activity 'T0'")
    with pytest.raises(ValidationFailed, match="iterations"):
        simulate(plan, iterations=1, seed=0)
    loop = Plan("loop", [Activity("A"), Activity("B")], [Link("A", "B"), Link("B", "A")])
    with pytest.raises(CycleError):
        simulate(loop, iterations=10, seed=0)


def test_progress_is_reported_per_block_and_false_cancels():
    plan = chain(50)
    dists = {f"T{i}": T.uniform(1, 2) for i in range(50)}
    model = build_model(plan, distributions=dists)
    seen = []
    run(model, iterations=60_000, seed=1, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 1 and seen[-1] == (60_000, 60_000)
    assert all(total == 60_000 for _, total in seen)
    calls = []

    def stop_after_two(done, total):
        calls.append(done)
        return len(calls) < 2

    with pytest.raises(SimulationCancelled) as caught:
        run(model, iterations=60_000, seed=1, progress=stop_after_two)
    assert len(calls) == 2 and caught.value.done == calls[-1] < 60_000
    # None (no answer) goes on
    assert run(model, iterations=200, seed=1, progress=lambda d, t: None).iterations == 200
