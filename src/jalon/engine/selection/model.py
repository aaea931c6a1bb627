"""The selection problem as a 0-1 linear programme whose rows are grouped by rule.

One binary column per *option*, a candidate starting in one of its possible start periods;
a candidate is selected when one of its options is (``sum_s x[c, s] <= 1``, always on). Every
other row belongs to a :class:`Rule` (a limit in a period, a mandatory flag, a ``requires``...),
so that the conflict finder can switch whole rules on and off (:mod:`.conflict`).

Rows, with ``y[c] = sum_s x[c, s]`` and ``U[c, r]`` the total use of ``r`` by ``c``:

- limit of ``r`` in period ``t``: ``sum_{c, s} use[c, r][t - s] x[c, s] <= limit[r][t]``
  (or, for the frontier, one row over the whole horizon);
- mandatory or locked in: ``y[c] >= 1``; locked out: ``y[c] <= 0``;
- ``c`` requires ``d``: ``y[c] - y[d] <= 0``; ``c`` excludes ``d``: ``y[c] + y[d] <= 1``;
- ``c`` after ``d``: for each start ``s`` of ``c``,
  ``sum_{s'' <= s} x[c, s''] + sum_{s' : s' + duration[d] > s} x[d, s'] <= 1``: each start
  of ``c`` by ``s`` conflicts with each start of ``d`` ending after ``s`` (and two starts of
  one candidate conflict), so the row is a clique of conflicts. Together the rows forbid
  exactly the pairs of starts where ``c`` would begin before ``d`` ends, as the pairwise rows
  ``x[c, s] + sum_{s'} x[d, s'] <= 1`` they contain would, and they are tighter in the linear
  relaxation, which could otherwise spread ``c`` over its starts around ``d``;
- share of a category (set ``K``) in ``r`` at least ``a``:
  ``sum_c (1[c in K] - a) U[c, r] y[c] >= 0`` (at most: ``<= 0``); counts: ``sum_{c in K} y[c]``
  between the bounds.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from jalon.engine import messages as m
from jalon.engine.selection.problem import SelectionProblem, candidate_ref
from jalon.i18n import Message, Ref

__all__ = ["INFINITY", "Model", "Rule", "build_model"]

INFINITY = float("inf")


@dataclass(frozen=True)
class Rule:
    """One rule of a problem, the unit a conflict is made of.

    ``kind`` is ``limit`` (``resource`` in ``period``), ``total`` (``resource`` over the
    horizon), ``mandatory``, ``locked_in``, ``locked_out`` (``candidate``), ``requires``,
    ``excludes``, ``after`` (``candidate`` and ``other``) or ``min_share``, ``max_share``,
    ``min_count``, ``max_count`` (balance rule ``number``, 1-based).
    """

    kind: str
    candidate: str | None = None
    other: str | None = None
    resource: str | None = None
    period: int | None = None
    number: int | None = None
    limit: float | None = None

    def message(self, problem: SelectionProblem) -> Message:
        """The rule in words: "the limit of 'budget' in period 2 (300)"."""
        who = candidate_ref(self.candidate or "")
        other = candidate_ref(self.other or "")
        resource = Ref.resource(self.resource or "")
        if self.kind == "limit":
            return m.LIMIT_RULE(resource=resource, period=self.period or 0,
                                limit=self.limit or 0.0)
        if self.kind == "total":
            return m.TOTAL_LIMIT_RULE(resource=resource, limit=self.limit or 0.0)
        if self.kind in ("mandatory", "locked_in", "locked_out"):
            code = {"mandatory": m.MANDATORY_RULE, "locked_in": m.LOCKED_IN_RULE,
                    "locked_out": m.LOCKED_OUT_RULE}[self.kind]
            return code(candidate=who)
        if self.kind in ("requires", "excludes", "after"):
            code = {"requires": m.REQUIRES_RULE, "excludes": m.EXCLUDES_RULE,
                    "after": m.AFTER_RULE}[self.kind]
            return code(candidate=who, other=other)
        balance = problem.balance[(self.number or 1) - 1]
        if self.kind in ("min_share", "max_share"):
            code = m.MIN_SHARE_RULE if self.kind == "min_share" else m.MAX_SHARE_RULE
            share = balance.min_share if self.kind == "min_share" else balance.max_share
            return code(category=balance.category, share=f"{100 * (share or 0):g} %",
                        resource=Ref.resource(balance.resource or ""))
        code = m.MIN_COUNT_RULE if self.kind == "min_count" else m.MAX_COUNT_RULE
        count = balance.min_count if self.kind == "min_count" else balance.max_count
        return code(category=balance.category, count=count or 0)


@dataclass
class Model:
    """The 0-1 programme of a problem (see the module's docstring for its rows).

    Attributes
    ----------
    candidate, start : ndarray of int
        The candidate (index in ``problem.candidates``) and start period of each column.
    value : ndarray
        Each column's value (its candidate's).
    use : ndarray, shape (columns, resources, periods)
        What each column uses of each resource in each period.
    rows : list of (columns, coefficients, lower, upper, rule)
        Each row as sparse coefficients with its bounds, and the index of its rule in
        ``rules`` (``-1``: the structure, always on).
    rules : list[Rule]
    """

    problem: SelectionProblem
    candidate: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    value: npt.NDArray[np.float64]
    use: npt.NDArray[np.float64]
    rows: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], float, float, int]] = \
        field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.candidate)

    def columns_of(self, index: int) -> npt.NDArray[np.int64]:
        """The columns (options) of the candidate at ``index``."""
        return np.flatnonzero(self.candidate == index)

    def add(self, columns: npt.NDArray[np.int64], coefficients: npt.NDArray[np.float64],
            lower: float, upper: float, rule: Rule | None) -> None:
        number = -1
        if rule is not None:
            if not self.rules or self.rules[-1] != rule:
                self.rules.append(rule)
            number = len(self.rules) - 1
        self.rows.append((columns, coefficients, lower, upper, number))

    def selection(self, x: npt.NDArray[np.float64]) -> dict[int, int]:
        """Candidate index -> start period, for the columns set in ``x``."""
        chosen = np.flatnonzero(x > 0.5)
        return {int(self.candidate[j]): int(self.start[j]) for j in chosen}

    def usage(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """What the columns set in ``x`` use, by resource and period."""
        picked = (x > 0.5).astype(float)
        return np.asarray(np.einsum("j,jrt->rt", picked, self.use), dtype=float)

    def satisfies(self, x: npt.NDArray[np.float64], *, rules: Collection[int] | None = None,
                  tolerance: float = 1e-6) -> bool:
        """Whether the 0-1 vector ``x`` keeps every row (of the given rules, and the
        structure)."""
        for columns, coefficients, lower, upper, rule in self.rows:
            if rules is not None and rule >= 0 and rule not in rules:
                continue
            total = float(coefficients @ x[columns]) if len(columns) else 0.0
            if total < lower - tolerance or total > upper + tolerance:
                return False
        return True


def build_model(problem: SelectionProblem, *,
                horizon_limits: Mapping[str, float] | None = None) -> Model:
    """The 0-1 programme of ``problem``.

    ``horizon_limits`` replaces the per-period limits of the resources it names by one limit
    over the whole horizon (the efficient frontier varies a total budget that way).
    """
    horizon_limits = horizon_limits or {}
    resources = problem.resources
    periods = problem.periods
    candidates = problem.candidates
    pairs = [(c, s) for c, candidate in enumerate(candidates)
             for s in problem.starts_of(candidate)]
    column_candidate = np.array([c for c, _ in pairs], dtype=np.int64)
    column_start = np.array([s for _, s in pairs], dtype=np.int64)
    use = np.zeros((len(pairs), len(resources), periods))
    for j, (c, s) in enumerate(pairs):
        for r, resource in enumerate(resources):
            profile = candidates[c].uses.get(resource, ())
            use[j, r, s:s + len(profile)] = profile
    model = Model(problem, column_candidate, column_start,
                  np.array([candidates[c].value for c, _ in pairs], dtype=float), use)
    options = [model.columns_of(c) for c in range(len(candidates))]
    ones = [np.ones(len(cols)) for cols in options]
    for c in range(len(candidates)):
        model.add(options[c], ones[c], 0.0, 1.0, None)
    _limits(model, horizon_limits)
    for c, candidate in enumerate(candidates):
        if candidate.mandatory:
            model.add(options[c], ones[c], 1.0, INFINITY, Rule("mandatory", candidate.id))
        if candidate.locked is True:
            model.add(options[c], ones[c], 1.0, INFINITY, Rule("locked_in", candidate.id))
        elif candidate.locked is False:
            model.add(options[c], ones[c], -INFINITY, 0.0, Rule("locked_out", candidate.id))
    _links(model, options)
    _balance(model, options)
    return model


def _limits(model: Model, horizon_limits: Mapping[str, float]) -> None:
    problem = model.problem
    for r, resource in enumerate(problem.resources):
        if resource in horizon_limits:
            totals = model.use[:, r, :].sum(axis=1)
            columns = np.flatnonzero(totals)
            model.add(columns, totals[columns], -INFINITY, float(horizon_limits[resource]),
                      Rule("total", resource=resource, limit=float(horizon_limits[resource])))
            continue
        for t, limit in enumerate(problem.limit(resource)):
            columns = np.flatnonzero(model.use[:, r, t])
            if len(columns) == 0 and limit >= 0:
                continue  # nothing competes for it
            model.add(columns, model.use[columns, r, t], -INFINITY, limit,
                      Rule("limit", resource=resource, period=t, limit=limit))


def _links(model: Model, options: list[npt.NDArray[np.int64]]) -> None:
    problem = model.problem
    for c, candidate in enumerate(problem.candidates):
        for other in candidate.requires:
            d = problem.index[other]
            model.add(np.concatenate([options[c], options[d]]),
                      np.concatenate([np.ones(len(options[c])), -np.ones(len(options[d]))]),
                      -INFINITY, 0.0, Rule("requires", candidate.id, other))
        for other in candidate.excludes:
            d = problem.index[other]
            if other in problem.candidates[d].excludes and d < c:
                continue  # written both ways: one row is enough
            both = np.concatenate([options[c], options[d]])
            model.add(both, np.ones(len(both)), -INFINITY, 1.0,
                      Rule("excludes", candidate.id, other))
        for other in candidate.after:
            d = problem.index[other]
            ends = model.start[options[d]] + problem.candidates[d].duration
            rule = Rule("after", candidate.id, other)
            for j in options[c]:
                # the starts of c up to this one, against the starts of d ending after it
                upto = options[c][model.start[options[c]] <= model.start[j]]
                late = options[d][ends > model.start[j]]
                if len(late):
                    columns = np.concatenate([upto, late])
                    model.add(columns, np.ones(len(columns)), -INFINITY, 1.0, rule)


def _balance(model: Model, options: list[npt.NDArray[np.int64]]) -> None:
    problem = model.problem
    category = np.array([problem.candidates[c].category for c in model.candidate], dtype=object)
    for number, rule in enumerate(problem.balance, start=1):
        inside = (category == rule.category).astype(float)
        if rule.resource is not None:
            r = problem.resources.index(rule.resource)
            totals = model.use[:, r, :].sum(axis=1)
            for kind, share in (("min_share", rule.min_share), ("max_share", rule.max_share)):
                if share is None:
                    continue
                coefficients = (inside - share) * totals
                columns = np.flatnonzero(coefficients)
                lower, upper = (0.0, INFINITY) if kind == "min_share" else (-INFINITY, 0.0)
                model.add(columns, coefficients[columns], lower, upper, Rule(kind, number=number))
        columns = np.flatnonzero(inside)
        for kind, count in (("min_count", rule.min_count), ("max_count", rule.max_count)):
            if count is None:
                continue
            lower, upper = (float(count), INFINITY) if kind == "min_count" else (-INFINITY,
                                                                                  float(count))
            model.add(columns, np.ones(len(columns)), lower, upper, Rule(kind, number=number))
