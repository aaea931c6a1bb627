"""Comparing two schedules of the same plan, computed two ways."""

from __future__ import annotations

import numpy as np

from jalon.engine import Schedule


def assert_same_schedule(swept: Schedule | list[str], levelled: Schedule | list[str]) -> None:
    """Both computations gave the same schedule, value for value (or named the same cycle)."""
    if isinstance(swept, list) or isinstance(levelled, list):
        assert swept == levelled  # both found the same cycle
        return
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float", "critical", "is_summary", "percent_complete"):
        np.testing.assert_array_equal(getattr(swept, name), getattr(levelled, name), name)
    for got, expected in zip(swept.driving_links, levelled.driving_links, strict=True):
        np.testing.assert_array_equal(got, expected)
    assert (swept.start, swept.finish) == (levelled.start, levelled.finish)
    assert swept.critical_path == levelled.critical_path
    assert swept.critical_paths == levelled.critical_paths
    for name in ("start_dates", "finish_dates", "late_start_dates", "late_finish_dates"):
        if getattr(levelled, name) is None:
            assert getattr(swept, name) is None
        else:
            np.testing.assert_array_equal(getattr(swept, name), getattr(levelled, name), name)
    assert (swept.pert is None) == (levelled.pert is None)
    if swept.pert is not None:
        assert swept.pert.expected_duration == levelled.pert.expected_duration
        assert swept.pert.variance == levelled.pert.variance
        assert swept.pert.critical_path == levelled.pert.critical_path
