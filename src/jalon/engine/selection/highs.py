"""Solving a selection model with HiGHS (through highspy): a whole model or some of its rules.

While it solves, HiGHS calls back (its MIP interrupt callback, many times a second): every
:data:`REPORT_EVERY` seconds the search reports the share of its time limit spent with the best
value and bound so far, and stops when the listener says so.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

import highspy
import numpy as np
import numpy.typing as npt

from jalon.engine.selection.model import Model
from jalon.engine.selection.progress import Stage

__all__ = ["REPORT_EVERY", "Helper", "Outcome", "new_highs", "solve_highs"]

REPORT_EVERY = 0.5
"""Seconds between two progress reports of a solve."""

def new_highs() -> highspy.Highs:
    """A silent HiGHS instance (HiGHS still prints its banner when the first one is made:
    the command line points standard output elsewhere while it solves)."""
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    return highs


class Helper(Protocol):
    """A heuristic beside HiGHS (:mod:`.local_search`, :mod:`.genetic_rows`): it is offered
    HiGHS's selections and holds its best, handed to HiGHS when better than HiGHS's own."""

    @property
    def best(self) -> npt.NDArray[np.bool_] | None: ...

    @property
    def best_value(self) -> float: ...

    def offer(self, x: npt.NDArray[np.float64]) -> None: ...


@dataclass(frozen=True)
class Outcome:
    """What a solve found: ``status`` is ``optimal``, ``feasible`` (a solution, not proven
    best), ``infeasible`` or ``unknown`` (no solution and no proof within the time limit)."""

    status: str
    x: npt.NDArray[np.float64] | None
    objective: float | None
    bound: float | None


def solve_highs(model: Model, *, rules: Collection[int] | None = None, time_limit: float,
                maximise: bool = True, require: Sequence[int] = (),
                hint: npt.NDArray[np.float64] | None = None,
                report: Stage | None = None, helper: Helper | None = None) -> Outcome:
    """Solve ``model`` keeping only ``rules`` (indices in ``model.rules``; all when ``None``).

    ``maximise=False`` only looks for a feasible selection (the conflict finder's question);
    ``require`` lists candidates (indices) that must be selected; ``hint`` is a feasible 0-1
    vector to start from; ``report`` hears the share of ``time_limit`` spent, the best value
    and the bound as the solve goes, and interrupts it by answering ``False``; ``helper`` is
    offered each selection HiGHS finds and hands back better ones while it solves.
    """
    kept = [row for row in model.rows if rules is None or row[4] < 0 or row[4] in rules]
    for c in require:
        columns = model.columns_of(c)
        kept.append((columns, np.ones(len(columns)), 1.0, highspy.kHighsInf, -1))
    n = model.columns
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(kept)
    lp.col_cost_ = model.value if maximise else np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.array([max(row[2], -highspy.kHighsInf) for row in kept], dtype=float)
    lp.row_upper_ = np.array([min(row[3], highspy.kHighsInf) for row in kept], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lengths = np.array([len(row[0]) for row in kept], dtype=np.int64)
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    lp.a_matrix_.index_ = (np.concatenate([row[0] for row in kept]).astype(np.int32)
                           if kept else np.zeros(0, dtype=np.int32))
    lp.a_matrix_.value_ = (np.concatenate([row[1] for row in kept]).astype(float)
                           if kept else np.zeros(0))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    lp.sense_ = highspy.ObjSense.kMaximize
    highs = new_highs()
    highs.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    highs.setOptionValue("mip_rel_gap", 1e-9)
    highs.passModel(lp)
    if hint is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(map(float, hint))
        solution.value_valid = True
        highs.setSolution(solution)
    if report is not None:
        _listen(highs, report, time_limit)
    if helper is not None:
        _exchange(highs, helper)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    has_solution = info.primal_solution_status == 2
    x = np.round(np.asarray(highs.getSolution().col_value, dtype=float)) if has_solution else None
    if status == highspy.HighsModelStatus.kInfeasible:
        return Outcome("infeasible", None, None, None)
    if x is None:
        return Outcome("unknown", None, None, None)
    objective = float(model.value @ x) if maximise else 0.0
    bound = float(info.mip_dual_bound) if maximise else 0.0
    if status == highspy.HighsModelStatus.kOptimal:
        return Outcome("optimal", x, objective, objective)
    return Outcome("feasible", x, objective, max(bound, objective))


def _listen(highs: highspy.Highs, report: Stage, time_limit: float) -> None:
    """Report through ``report`` from HiGHS's MIP callback every :data:`REPORT_EVERY`
    seconds; interrupt the solve when it answers ``False``."""
    last = -math.inf

    def heard(event: highspy.HighsCallbackEvent) -> None:
        nonlocal last
        now = float(event.data_out.running_time)
        if now - last < REPORT_EVERY:
            return
        last = now
        if not report(now / time_limit, float(event.data_out.mip_primal_bound),
                      float(event.data_out.mip_dual_bound)):
            event.interrupt()

    highs.cbMipInterrupt.subscribe(heard)


def _exchange(highs: highspy.Highs, helper: Helper) -> None:
    """Offer ``helper`` each improving selection HiGHS finds; when HiGHS asks for a user
    solution, give it the helper's best if that is better than its own."""

    def found(event: highspy.HighsCallbackEvent) -> None:
        helper.offer(np.asarray(event.data_out.mip_solution, dtype=float))

    def asked(event: highspy.HighsCallbackEvent) -> None:
        best, value = helper.best, helper.best_value
        if best is not None and event.data_in is not None \
                and value > float(event.data_out.mip_primal_bound) + 1e-6:
            event.data_in.setSolution(best.astype(float))
            event.data_in.user_has_solution = True

    highs.cbMipImprovingSolution.subscribe(found)
    highs.cbMipUserSolution.subscribe(asked)
