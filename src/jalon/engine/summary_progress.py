"""Percent complete of summary tasks, rolled up from their tasks as MS Project does.

MS Project's summary % complete is its subtasks' actual duration over their duration:
``sum(duration x percent) / sum(duration)``, the percent of the tasks below it weighted by
their duration (a 20-day task counts four times a 5-day one; milestones count for nothing; a
task scheduled on its PERT expected time counts for that time).
Jalon weighs the leaf tasks under a summary, at any depth. A summary over milestones only has
no duration to weigh: it takes their plain mean, so that it shows 100 % when they are all done.
A summary's own stored percentage is never used.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

import numpy as np
import numpy.typing as npt

__all__ = ["summary_percent_complete", "weighted_percent_complete"]

Key = TypeVar("Key", bound=Hashable)


def weighted_percent_complete(percent: npt.ArrayLike, duration: npt.ArrayLike) -> float:
    """The percent complete (0-100) of tasks taken together: their percent weighted by their
    duration (any unit), or their plain mean when none has a duration. 0 for no task."""
    percent = np.asarray(percent, dtype=np.float64)
    weight = np.asarray(duration, dtype=np.float64)
    if not percent.size:
        return 0.0
    total = weight.sum()
    return float(percent @ weight / total) if total > 0 else float(percent.mean())


def summary_percent_complete(
    tasks: Iterable[tuple[Key, Key | None, float, float]],
) -> dict[Key, float]:
    """Each summary's percent complete (0-100), by :func:`weighted_percent_complete` over the
    leaf tasks below it.

    ``tasks`` are ``(id, parent id or None, duration, percent complete)``; a summary is a task
    that is some task's parent. Tasks whose parent is not among them are top-level tasks.
    """
    rows = list(tasks)
    known = {ident for ident, _, _, _ in rows}
    parent_of = {ident: parent for ident, parent, _, _ in rows if parent in known}
    summaries = set(parent_of.values())
    below: dict[Key, list[tuple[float, float]]] = {ident: [] for ident in summaries}
    for ident, parent, duration, percent in rows:
        if ident in summaries:
            continue
        node = parent
        while node is not None and node in below:
            below[node].append((percent, duration))
            node = parent_of.get(node)
    return {
        ident: weighted_percent_complete([p for p, _ in leaves], [d for _, d in leaves])
        for ident, leaves in below.items()
    }
