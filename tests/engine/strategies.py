"""Hypothesis strategies shared by the engine's property tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from jalon.engine import Activity, Link, Plan, WorkCalendar

TIMES = st.sampled_from([0.0, 1.0, 2.5, 4.0, 7.0, 12.0, 20.0])
LINK_TYPES = ("FS", "SS", "FF", "SF")
LAGS = (-3.0, -1.0, -0.5, 0.0, 0.0, 0.0, 1.0, 2.5)
CONSTRAINTS = ["ASAP"] * 6 + ["ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
TASK_CALENDARS = (
    WorkCalendar(working_weekdays=(0, 1, 2, 3, 4, 5)),  # Saturdays worked
    WorkCalendar(working_weekdays=(0, 1, 2, 3), public_holidays="FR"),
)


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


@st.composite
def plans(draw: Any, *, calendar_arithmetic: bool = False) -> Plan:
    """Valid random plans using every feature the compiled passes handle: summaries, all link
    types, lags and leads, constraints, deadlines, PERT estimates, progress, a dated plan with
    holidays. With ``calendar_arithmetic``, dated plans also get task calendars and lags in
    elapsed days (which the levelled passes run)."""
    size = draw(st.integers(1, 18))
    names = [f"A{i}" for i in range(size)]
    summaries = ["S0", "S1"] if draw(st.booleans()) else []
    parent = {name: draw(st.sampled_from([None, *summaries])) for name in names}
    if summaries:
        parent["S1"] = draw(st.sampled_from([None, "S0"]))
    dated = draw(st.booleans())
    own_calendar = calendar_arithmetic and dated
    activities = []
    for name in names:
        fields = activity_fields(draw, untouched=2)
        if own_calendar and draw(st.integers(0, 3)) == 0:
            fields["calendar"] = draw(st.sampled_from(TASK_CALENDARS))
        activities.append(Activity(name, parent=parent[name], **fields))
    for summary in summaries:
        kind = draw(st.sampled_from(["ASAP", "ASAP", "SNET", "FNLT"]))
        extra = {} if kind == "ASAP" else {"constraint_date": draw(TIMES)}
        activities.append(Activity(summary, constraint_type=kind, parent=parent.get(summary),
                                   **extra))

    def below(summary: str) -> set[str]:
        inside = {n for n, p in parent.items() if p == summary}
        return inside | {leaf for n in inside if n in summaries for leaf in below(n)}

    ids = [a.id for a in activities]
    links = []
    for _ in range(draw(st.integers(0, 3 * size))):
        p, s = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        if p == s or (p in summaries and s in below(p)) or (s in summaries and p in below(s)):
            continue
        if p in names and s in names and names.index(p) > names.index(s):
            p, s = s, p  # leaves link forward; links through summaries may still loop
        unit = draw(st.sampled_from(["days", "days", "edays"])) if own_calendar else "days"
        links.append(Link(p, s, draw(st.sampled_from(LINK_TYPES)), draw(st.sampled_from(LAGS)),
                          unit))
    status = draw(st.sampled_from([None, None, 3.0, 8.5]))
    return Plan("random", activities, links, status_date=status,
                start=date(2027, 3, 1) if dated else None,
                calendar=WorkCalendar(public_holidays="FR") if dated else None)
