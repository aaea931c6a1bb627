"""The smallest set of rules in conflict, when no selection keeps them all.

A deletion filter over the rules of the model (:class:`~.model.Rule`: a limit in a period, a
mandatory flag, a ``requires``, a balance rule...): starting from every rule, drop each in turn
and keep it dropped when the rest is still infeasible. What remains is infeasible and
*irreducible*: without any one of its rules a selection exists (Chinneck and Dravnieks, 1991).
The allowed starts and "one start per candidate" are the candidates' own definition and always
stay.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from jalon.engine.selection.highs import solve_highs
from jalon.engine.selection.model import Model, Rule

__all__ = ["Conflict", "find_conflict"]

# Rules that force a selection come last: with them tried first, most of the others would be
# dropped early, and each check would then be a large feasible programme rather than a small one.
_FORCING_LAST = {"mandatory": 1, "locked_in": 1, "min_count": 1, "min_share": 1}


@dataclass(frozen=True)
class Conflict:
    """Rules that no selection keeps together; ``minimal`` is ``False`` when the time ran out
    before every rule was tried (the set is still in conflict, perhaps not the smallest)."""

    rules: tuple[Rule, ...]
    minimal: bool


def find_conflict(model: Model, *, time_limit: float) -> Conflict:
    """An irreducible infeasible set of ``model``'s rules (the model must be infeasible)."""
    deadline = time.monotonic() + time_limit
    kept = set(range(len(model.rules)))
    order = sorted(kept, key=lambda i: (_FORCING_LAST.get(model.rules[i].kind, 0), i))
    minimal = True
    for rule in order:
        left = deadline - time.monotonic()
        if left <= 0:
            minimal = False
            break
        trial = kept - {rule}
        outcome = solve_highs(model, rules=trial, time_limit=left, maximise=False)
        if outcome.status == "infeasible":
            kept = trial
        elif outcome.status == "unknown":
            minimal = False
    return Conflict(tuple(model.rules[i] for i in sorted(kept)), minimal)
