"""How far a selection or a frontier has gone, for whoever waits for it (a run's progress bar),
and how it is told to stop.

The caller gives a callback that takes a :class:`SearchProgress` and answers whether to carry
on; answering ``False`` stops the search at its next look (HiGHS is interrupted, the
explanations and the frontier's next points are skipped) and the result is what was found so
far.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Progress", "ProgressCallback", "SearchProgress", "Stage", "relative_gap"]


@dataclass(frozen=True)
class SearchProgress:
    """Where a search stands.

    ``done`` is the part of the work behind it (0 to 1, mostly time: the search may use its
    whole time limit); ``elapsed`` seconds since it started; ``objective`` the value of the
    best selection found so far and ``bound`` the proven upper bound of the one being solved
    (``None`` until known); ``gap`` between them as :func:`relative_gap` gives it.
    """

    done: float
    elapsed: float
    objective: float | None
    bound: float | None
    gap: float | None


ProgressCallback = Callable[[SearchProgress], bool]
Stage = Callable[[float, "float | None", "float | None"], bool]
"""A part of the work reporting ``(fraction of the part, objective, bound)``; answers whether
to carry on."""


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """``(bound - objective) / objective``: 0 when they meet, ``None`` when undefined."""
    if objective is None or bound is None or not math.isfinite(objective) \
            or not math.isfinite(bound):
        return None
    if bound - objective <= 1e-9 * max(1.0, abs(bound)):
        return 0.0
    return (bound - objective) / objective if objective > 0 else None


class Progress:
    """Reports to ``callback`` (none: nobody listens), remembering a request to stop."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.stopped = False
        self.started = time.monotonic()

    def __call__(self, done: float, objective: float | None = None,
                 bound: float | None = None) -> bool:
        """Report ``done`` (0-1) and the figures known; whether to carry on."""
        if self.stopped or self.callback is None:
            return not self.stopped
        objective, bound = (v if v is not None and math.isfinite(v) else None
                            for v in (objective, bound))
        carry_on = self.callback(SearchProgress(
            min(max(done, 0.0), 1.0), time.monotonic() - self.started, objective, bound,
            relative_gap(objective, bound)))
        self.stopped = not carry_on
        return carry_on

    def stage(self, start: float, span: float) -> Stage | None:
        """A part of the work covering ``start`` to ``start + span`` of the whole (``None``
        when nobody listens, so that the solver skips its callbacks)."""
        if self.callback is None:
            return None

        def report(fraction: float, objective: float | None = None,
                   bound: float | None = None) -> bool:
            return self(start + span * min(max(fraction, 0.0), 1.0), objective, bound)

        return report
