"""Jalon's scheduling engine: calendars, networks, CPM and PERT.

Pure Python and numpy: it imports nothing from Django and does no I/O. Build a
:class:`Plan` of :class:`Activity` and :class:`Link` objects and call :func:`schedule`::

    from jalon.engine import Activity, Link, Plan, schedule

    plan = Plan("demo", [Activity("A", duration=3), Activity("B", duration=2)],
                [Link("A", "B")])
    result = schedule(plan)
    result.finish            # 5.0 working days
    result.critical_path     # ['A', 'B']

See ``docs/scheduling.md`` for the conventions.
"""

from jalon.engine.baseline import (
    ActivityVariance,
    BaselineComparison,
    BaselineEntry,
    compare_to_baseline,
)
from jalon.engine.calendar import Timeline, WorkCalendar
from jalon.engine.cpm import CRITICAL_TOLERANCE, ArraySchedule, schedule, schedule_arrays
from jalon.engine.earned_schedule import EsResult, earned_schedule
from jalon.engine.earned_value import EvmResult, earned_value
from jalon.engine.holidays import easter_sunday, french_public_holidays, public_holidays
from jalon.engine.model import (
    CONSTRAINT_TYPES,
    LAG_UNITS,
    LINK_TYPES,
    Activity,
    Link,
    Plan,
    scheduled_duration,
)
from jalon.engine.montecarlo import (
    DurationDistribution,
    OutcomeDistribution,
    RiskEvent,
    SimulationResult,
    TaskCost,
    simulate,
)
from jalon.engine.pert import PertResult
from jalon.engine.portfolio import SEPARATOR, schedule_many
from jalon.engine.results import ActivityResult, Schedule
from jalon.engine.summary_progress import summary_percent_complete

__all__ = [
    "CONSTRAINT_TYPES",
    "CRITICAL_TOLERANCE",
    "LAG_UNITS",
    "LINK_TYPES",
    "SEPARATOR",
    "Activity",
    "ActivityResult",
    "ActivityVariance",
    "ArraySchedule",
    "BaselineComparison",
    "BaselineEntry",
    "Link",
    "Plan",
    "PertResult",
    "Schedule",
    "Timeline",
    "WorkCalendar",
    "compare_to_baseline",
    "easter_sunday",
    "french_public_holidays",
    "public_holidays",
    "schedule",
    "scheduled_duration",
    "schedule_arrays",
    "schedule_many",
    "summary_percent_complete",
    "EvmResult",
    "earned_value",
    "EsResult",
    "earned_schedule",
    "DurationDistribution",
    "OutcomeDistribution",
    "RiskEvent",
    "SimulationResult",
    "TaskCost",
    "simulate",
]
