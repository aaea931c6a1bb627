"""Resource levelling: the shortest schedule that keeps every resource within its capacity.

Data -> model -> ``level()`` -> result::

    from jalon.engine.levelling import LevellingProblem, Resource, level

    problem = LevellingProblem(plan, [Resource("crew", capacity=2)],
                               demands={"A": {"crew": 2}, "B": {"crew": 1}})
    result = level(problem, method="optimal", time_limit=10)
    result.makespan, result.status, result.lower_bound
    result.starts["B"]                    # levelled start, periods (working days) from 0
    [e.message for e in result.explanations]

Time is discrete: durations and lags are rounded up to whole periods (working days). Two
methods: ``"heuristic"`` (serial/parallel schemes, priority rules, randomised multi-pass
sampling, double justification, a genetic algorithm; compiled with numba) and ``"optimal"`` (OR-Tools CP-SAT in
:mod:`jalon.engine.levelling.cpsat`, imported only when chosen, warm-started from the heuristic).
See ``docs/scheduling.md``, "Resource levelling".
"""

from jalon.engine.levelling.explain import TEMPLATES, Explanation, explain
from jalon.engine.levelling.heuristic import PRIORITY_RULES, HeuristicRun, solve_heuristic
from jalon.engine.levelling.instance import Instance, compile_problem, whole_periods
from jalon.engine.levelling.loading import (
    OverAllocation,
    ResourceLoading,
    over_allocations,
    resource_loading,
)
from jalon.engine.levelling.problem import LevellingProblem, Resource
from jalon.engine.levelling.sgs import justify, parallel_sgs, serial_sgs
from jalon.engine.levelling.solve import METHODS, LevellingResult, level

__all__ = [
    "METHODS",
    "PRIORITY_RULES",
    "TEMPLATES",
    "Explanation",
    "HeuristicRun",
    "Instance",
    "LevellingProblem",
    "LevellingResult",
    "OverAllocation",
    "Resource",
    "ResourceLoading",
    "compile_problem",
    "explain",
    "justify",
    "level",
    "over_allocations",
    "parallel_sgs",
    "resource_loading",
    "serial_sgs",
    "solve_heuristic",
    "whole_periods",
]
