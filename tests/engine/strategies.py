"""Hypothesis strategies shared by the engine's property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

TIMES = st.sampled_from([0.0, 1.0, 2.5, 4.0, 7.0, 12.0, 20.0])
LINK_TYPES = ("FS", "SS", "FF", "SF")
LAGS = (-3.0, -1.0, -0.5, 0.0, 0.0, 0.0, 1.0, 2.5)
CONSTRAINTS = ["ASAP"] * 6 + ["ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]


def activity_fields(draw: Any, *, untouched: int = 1) -> dict[str, Any]:
    """A random activity's fields: a duration or a three-point estimate (sometimes scheduled at
    its PERT time), any constraint, a deadline, and progress at a status date (a percentage, an
    actual start with a percentage, or actual dates); ``untouched`` more chances of no progress."""
    fields: dict[str, Any] = {
        "duration": draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0]))}
    if draw(st.integers(0, 4)) == 0:
        a, m, b = sorted(draw(st.lists(TIMES, min_size=3, max_size=3)))
        fields.update(optimistic=a, most_likely=m, pessimistic=b)
        if draw(st.booleans()):
            fields["duration"] = 0.0  # scheduled at the PERT expected time
    kind = draw(st.sampled_from(CONSTRAINTS))
    fields["constraint_type"] = kind
    if kind not in ("ASAP", "ALAP"):
        fields["constraint_date"] = draw(TIMES)
    if draw(st.integers(0, 4)) == 0:
        fields["deadline"] = draw(TIMES)
    progress = draw(st.integers(0, 3 + untouched))
    if progress == 1:
        fields["percent_complete"] = draw(st.sampled_from([10.0, 50.0, 100.0]))
    elif progress == 2:
        fields["actual_start"] = draw(TIMES)
        fields["percent_complete"] = draw(st.sampled_from([0.0, 25.0, 60.0]))
    elif progress == 3:
        fields["actual_start"] = start = draw(TIMES)
        fields["actual_finish"] = start + draw(st.sampled_from([0.0, 1.0, 3.5]))
    return fields
