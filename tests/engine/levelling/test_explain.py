"""Explanations name real conflicts; resource loading finds over-allocations."""

from __future__ import annotations

import numpy as np
import pytest

from jalon.engine import Activity, Link, Plan
from jalon.engine.levelling import (
    TEMPLATES,
    LevellingProblem,
    Resource,
    compile_problem,
    level,
    over_allocations,
    resource_loading,
)
from jalon.io.psplib import read_psplib

from .conftest import random_instance
from .test_problem import psplib_problem


def crew_problem() -> LevellingProblem:
    plan = Plan("house", [Activity("W", "Wiring", duration=3),
                          Activity("P", "Plumbing", duration=2),
                          Activity("F", "Finishing", duration=1)],
                [Link("P", "F")])
    return LevellingProblem(plan, [Resource("crew", 2, name="Electricians")],
                            {"W": {"crew": 2}, "P": {"crew": 1}, "F": {"crew": 1}})


def test_loading_and_over_allocation_of_the_cpm_schedule():
    instance = compile_problem(crew_problem())
    loading = resource_loading(instance, instance.early_start)
    assert loading.demand[0].tolist() == [3, 3, 3]
    [over] = over_allocations(instance, instance.early_start)
    assert (over.resource, over.first, over.last, over.excess) == ("crew", 0, 2, 1.0)
    assert set(over.activities) == {"W", "P", "F"}


def test_a_moved_activity_is_explained_in_words():
    result = level(crew_problem(), method="optimal", time_limit=5)
    # wiring takes the whole crew for 3 days; plumbing then finishing need 3 more
    assert result.makespan == 6 and result.over_allocations == []
    moved = {e.activity for e in result.explanations}
    assert moved == {i for i, s in result.starts.items()
                     if s > result.instance.early_start[result.instance.index[i]]}
    resource = [e for e in result.explanations if e.kind == "resource"]
    assert resource
    sentence = resource[0].message
    assert "Electricians" in sentence and "day" in sentence
    assert set(resource[0].fields) >= {"activity", "resource", "period", "competing"}
    assert all("{" + key + "}" in TEMPLATES["resource"]
               for key in ("activity", "resource", "competing"))


def assert_explanations_are_real(instance, starts, explanations):
    finish = starts + instance.duration
    explained = {e.activity for e in explanations}
    moved = {instance.ids[j] for j in np.flatnonzero(starts > instance.early_start)}
    assert moved == explained
    for e in explanations:
        j = instance.index[e.activity]
        if e.kind == "resource":
            r = instance.resource_ids.index(e.resource)
            window = range(e.could_start, e.could_start + int(instance.duration[j]))
            assert e.period in window
            assert e.competing
            for other in e.competing:
                k = instance.index[other]
                assert instance.demand[k, r] > 0
                # the competitor holds the resource in the period the activity needed it
                assert starts[k] <= e.period < finish[k]
            assert e.used + e.needed > e.capacity
        else:
            k = instance.index[e.predecessor]
            assert starts[k] > instance.early_start[k]  # the predecessor moved too
            assert e.could_start > e.early_start


def test_j301_1_explanations_name_competitors_in_the_original_window(j301_1):
    problem = psplib_problem(read_psplib(j301_1))
    result = level(problem, method="optimal", time_limit=20)
    instance = result.instance
    starts = result.start_array
    assert_explanations_are_real(instance, starts, result.explanations)
    direct = [e for e in result.explanations if e.kind == "resource"
              and e.could_start == e.early_start]
    assert direct
    for e in direct:  # the competitors overlap the activity's CPM window on that resource
        j = instance.index[e.activity]
        early, d = int(instance.early_start[j]), int(instance.duration[j])
        for other in e.competing:
            k = instance.index[other]
            assert starts[k] < early + d and starts[k] + instance.duration[k] > early


@pytest.mark.parametrize("seed", range(6))
def test_explanations_on_random_instances(seed):
    instance = random_instance(np.random.default_rng(seed), 10, link_density=0.2)
    result = level(instance, schedules=50, seed=seed)
    assert_explanations_are_real(instance, result.start_array, result.explanations)
