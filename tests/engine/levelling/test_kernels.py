"""The compiled kernels give exactly the reference's schedules, on instances using everything an
instance can say: all link types with lags, releases, deadlines, fixed activities, capacity that
changes over time and fractional demands."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.engine.levelling import Instance, justify, parallel_sgs, serial_sgs
from jalon.engine.levelling.heuristic import (
    _make_batch,
    _reference_passes,
    activity_list,
    priority_values,
)
from jalon.engine.levelling.instance import NO_DEADLINE
from jalon.engine.levelling.kernels import CompiledProfile
from jalon.engine.levelling.sgs import Profile, left_shift

from .checker import check_instance
from .conftest import random_instance


def general_instance(rng: np.random.Generator, n: int, density: float = 0.35) -> Instance:
    """A random network with fixed activities, releases, deadlines, capacity changes and
    half-unit demands."""
    plain = random_instance(rng, n, resources=2, max_duration=4, capacity=3,
                            link_density=density)
    fixed = rng.random(n) < 0.2
    release = np.where(fixed, rng.integers(0, 8, n), rng.integers(0, 3, n) * (rng.random(n) < 0.3))
    deadline = np.where(rng.random(n) < 0.2, release + rng.integers(0, 6, n), NO_DEADLINE)
    changes = [{int(rng.integers(1, 10)): float(rng.integers(1, 5)) / 2} if rng.random() < 0.6
               else {} for _ in range(2)]
    return replace(plain, demand=rng.integers(0, 5, (n, 2)) / 2.0,
                   base_capacity=np.array([2.5, 3.0]), changes=changes, fixed=fixed,
                   release=release.astype(np.int64),
                   deadline=np.where(fixed, release, deadline).astype(np.int64))


def random_list(instance: Instance, rng: np.random.Generator) -> list[int]:
    return activity_list(instance, rng.random(instance.size), rng.random(instance.size))


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(1, 30), general=st.booleans(),
       density=st.sampled_from([0.05, 0.15, 0.35]))
def test_compiled_schemes_and_justification_match_the_reference(seed, n, general, density):
    rng = np.random.default_rng(seed)
    instance = general_instance(rng, n, density) if general else random_instance(
        rng, n, link_density=density)
    profile, fast = Profile(instance), CompiledProfile(instance)
    for _ in range(3):
        order = random_list(instance, rng)
        for reference, compiled in ((serial_sgs, fast.serial), (parallel_sgs, fast.parallel)):
            starts = reference(instance, order, profile)
            assert compiled(np.array(order)).tolist() == starts.tolist()
            justified = justify(instance, starts, profile)
            assert fast.justify(starts).tolist() == justified.tolist()
            if not general:  # nothing forces an over-allocation
                check_instance(instance, compiled(np.array(order)))
                check_instance(instance, fast.justify(starts))
            shifted = starts.tolist()
            profile.reset()
            for i in np.flatnonzero(~instance.fixed).tolist():
                profile.add(i, shifted[i])
            left_shift(instance, shifted, profile)
            assert fast.left_shift(starts).tolist() == shifted


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(1, 20))
def test_compiled_activity_lists_match_the_reference(seed, n):
    rng = np.random.default_rng(seed)
    instance = random_instance(rng, n, link_density=0.2)
    instance.rank = rng.integers(0, 3, n)  # priorities split the eligible activities
    fast = CompiledProfile(instance)
    values = np.round(rng.random(n) * 4)  # ties in the rule
    uniforms = rng.random(n)
    assert fast.activity_list(values).tolist() == activity_list(instance, values)
    drawn = activity_list(instance, values, uniforms)
    assert fast.activity_list(values, uniforms).tolist() == drawn
    position = {a: k for k, a in enumerate(drawn)}
    for p, s in zip(instance.pred.tolist(), instance.succ.tolist(), strict=True):
        assert position[p] < position[s]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(2, 12))
def test_compiled_passes_match_the_reference_loop(seed, n):
    rng = np.random.default_rng(seed)
    instance = general_instance(rng, n)
    rules = ("lft", "grpw")
    values = np.stack([priority_values(instance, rule) for rule in rules])
    batch, _ = _make_batch(0, len(rules), ("serial", "parallel"), rng, n)
    bound = instance.critical_path_bound
    reference_best, compiled_best = np.zeros(n, np.int64), np.zeros(n, np.int64)
    expected = _reference_passes(instance, Profile(instance), values, batch,
                                 justification=True, budget=50, bound=bound,
                                 best_starts=reference_best, best_length=10**9)
    got = CompiledProfile(instance).passes(
        values, batch.rules, batch.parallel, batch.sampled, batch.uniforms, justification=True,
        budget=50, bound=bound, best_starts=compiled_best, best_length=10**9)
    assert got[0] == expected[0]
    for mine, theirs in zip(got[1:], expected[1:], strict=True):
        assert mine.tolist() == theirs.tolist()
    assert compiled_best.tolist() == reference_best.tolist()


def test_parallel_scheme_starts_the_successor_of_a_fixed_activity_once():
    # A is fixed at 0 and B follows it: B used to be put in the ready list twice, loaded twice
    # and pushed one period later than needed.
    instance = replace(Instance.from_arrays([2, 2, 3], [[1], [1], [1]], [2],
                                            [(0, 1, "FS", 0)], ids=["A", "B", "C"]),
                       fixed=np.array([True, False, False]))
    profile = Profile(instance)
    starts = parallel_sgs(instance, [0, 1, 2], profile)
    assert starts.tolist() == [0, 2, 0]
    assert (profile._base - profile.free)[0, :6].tolist() == [1, 1, 2, 1, 0, 0]
    assert CompiledProfile(instance).parallel(np.array([0, 1, 2])).tolist() == [0, 2, 0]
