"""Portfolio selection: the candidates of greatest total value within limits and rules.

Data -> model -> ``select()`` -> result::

    from jalon.engine.selection import Candidate, SelectionProblem, select

    problem = SelectionProblem(
        limits={"budget": [300, 300, 250, 250], "dev": 8}, periods=4,
        candidates=[Candidate("CRM", value=60, uses={"budget": [90, 60], "dev": [3, 2]},
                              starts=[0, 1, 2], requires=["ERP"]),
                    Candidate("ERP", value=80, uses={"budget": [150, 100]}, mandatory=True)])
    result = select(problem, time_limit=10)
    result.status, result.objective, result.bound, result.starts
    [(r.id, [str(reason) for reason in r.reasons]) for r in result.rejected]

The optimiser chooses the start period of each selected candidate among its allowed starts.
An infeasible problem is an answer: ``result.status == "infeasible"`` and ``result.conflict``
names the smallest set of rules in conflict. :func:`frontier` gives the optimal value as a
resource's total grows. Both report their progress to an optional callback, which stops them
by answering ``False``. See ``docs/selection.md``.
"""

from jalon.engine.selection.explain import Rejection
from jalon.engine.selection.frontier import Frontier, FrontierPoint, frontier
from jalon.engine.selection.model import Rule
from jalon.engine.selection.problem import (
    BalanceRule,
    Candidate,
    SelectionProblem,
    candidate_ref,
    project_ref,
)
from jalon.engine.selection.progress import ProgressCallback, SearchProgress
from jalon.engine.selection.solve import STATUSES, SelectionResult, select

__all__ = [
    "STATUSES",
    "BalanceRule",
    "Candidate",
    "Frontier",
    "FrontierPoint",
    "ProgressCallback",
    "Rejection",
    "Rule",
    "SearchProgress",
    "SelectionProblem",
    "SelectionResult",
    "candidate_ref",
    "project_ref",
    "frontier",
    "select",
]
