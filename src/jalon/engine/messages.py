"""The engine's error messages: a stable code and an English template each, declared once.

The engine raises :class:`jalon.errors.ValidationFailed` (or :class:`~jalon.errors.CycleError`)
with one of these, called with its parameters; the door that shows it translates the template
into the reader's language and fills the parameters in (:mod:`jalon.i18n`). Activities and
resources are given as :class:`~jalon.i18n.Ref` so that the platform can show its own names
(WBS code and name) instead of the engine's ids.

Messages about one thing are written as :data:`ABOUT` ``(owner=..., problem=...)``: the owner
(:data:`ACTIVITY`, :data:`LINK`, :data:`PLAN`...) then what is wrong with it, so that a problem
reads the same whatever it belongs to. Field names (``duration``, ``lag``...) are those of the
engine's objects and of the Jalon file: a message naming one (``%(field)s``) shows English readers
the name as they write it, and others its label in their language beside it (« durée
(duration) »), from :data:`FIELDS`.
"""

from __future__ import annotations

from typing import Final

from jalon.i18n import Field, Message, MessageCode, Param, Ref, gettext_noop

FIELDS: Final[dict[str, str]] = {
    "actual_finish": gettext_noop("actual finish"),
    "actual_start": gettext_noop("actual start"),
    "after": gettext_noop("starts after"),
    "amount": gettext_noop("amount"),
    "balance": gettext_noop("balance rules"),
    "band": gettext_noop("band"),
    "budget": gettext_noop("budget"),
    "candidates": gettext_noop("candidates"),
    "constraint_date": gettext_noop("constraint date"),
    "constraint_type": gettext_noop("constraint type"),
    "cost": gettext_noop("cost"),
    "cost_per_use": gettext_noop("cost per use"),
    "deadline": gettext_noop("deadline"),
    "decimals": gettext_noop("decimals"),
    "delay": gettext_noop("delay"),
    "delay_percent": gettext_noop("delay percentage"),
    "distribution": gettext_noop("distribution"),
    "duration": gettext_noop("duration"),
    "excludes": gettext_noop("excluded candidates"),
    "finish_variance": gettext_noop("finish variance"),
    "fixed": gettext_noop("fixed cost"),
    "fixed_cost": gettext_noop("fixed cost"),
    "holidays": gettext_noop("holidays"),
    "hours_per_day": gettext_noop("hours per day"),
    "key": gettext_noop("key"),
    "lag": gettext_noop("lag"),
    "lag_unit": gettext_noop("lag unit"),
    "locked": gettext_noop("locked decision"),
    "manager_eac": gettext_noop("manager's estimate at completion"),
    "mandatory": gettext_noop("mandatory"),
    "max_count": gettext_noop("maximum count"),
    "max_share": gettext_noop("maximum share"),
    "method": gettext_noop("method"),
    "min_count": gettext_noop("minimum count"),
    "min_share": gettext_noop("minimum share"),
    "most_likely": gettext_noop("most likely duration"),
    "optimistic": gettext_noop("optimistic duration"),
    "percent_complete": gettext_noop("percent complete"),
    "period": gettext_noop("period"),
    "pessimistic": gettext_noop("pessimistic duration"),
    "population": gettext_noop("population"),
    "predecessor": gettext_noop("predecessor"),
    "probability": gettext_noop("probability"),
    "rate": gettext_noop("rate"),
    "requires": gettext_noop("required candidates"),
    "schedules": gettext_noop("schedules"),
    "search": gettext_noop("search"),
    "standard_rate": gettext_noop("standard rate"),
    "start": gettext_noop("start"),
    "status_date": gettext_noop("status date"),
    "successor": gettext_noop("successor"),
    "type": gettext_noop("type"),
    "unit": gettext_noop("unit"),
    "units": gettext_noop("units"),
    "value": gettext_noop("value"),
    "work": gettext_noop("work"),
    "working_days": gettext_noop("working days"),
}
"""What users call each field a message may name (``%(field)s``), in English, by its name."""


class _NamingAField(MessageCode):
    """A message whose ``%(field)s`` names a field of :data:`FIELDS`: given the field's name, it
    holds it as a :class:`~jalon.i18n.Field` with its label (a name without a label, such as an
    earned-value figure ``BAC``, stays as it is)."""

    def __call__(self, **params: Param) -> Message:
        name = params.get("field")
        if isinstance(name, str) and name in FIELDS:
            params["field"] = Field(name, FIELDS[name])
        return super().__call__(**params)


# --- owners and composition -------------------------------------------------------------------
ABOUT = MessageCode("engine.about", gettext_noop("%(owner)s: %(problem)s"))
ACTIVITY = MessageCode("engine.activity", gettext_noop("Activity %(task)s"))
LINK = MessageCode("engine.link", gettext_noop("Link %(predecessor)s → %(successor)s (%(type)s)"))
PLAN = MessageCode("engine.plan", gettext_noop("Plan %(plan)s"))
RESOURCE = MessageCode("engine.resource", gettext_noop("Resource %(resource)s"))
RISK = MessageCode("engine.risk", gettext_noop("Risk %(risk)s"))
CORRELATION = MessageCode("engine.correlation",
                          gettext_noop("Correlation %(first)s ~ %(second)s"))
PROJECT = MessageCode("engine.project", gettext_noop("Project %(project)s"))
TASK_COST = MessageCode("engine.task_cost", gettext_noop("Task cost"))

# --- values -----------------------------------------------------------------------------------
NOT_ONE_OF = _NamingAField("engine.not_one_of",
                           gettext_noop("%(field)s must be one of %(choices)s, not %(value)s."))
NOT_FINITE = _NamingAField("engine.not_finite",
                           gettext_noop("%(field)s must be a finite number, not %(value)s."))
NEGATIVE = _NamingAField("engine.negative",
                         gettext_noop("%(field)s must not be negative (got %(value)s)."))
BELOW = _NamingAField("engine.below",
                      gettext_noop("%(field)s must not be below %(minimum)s (got %(value)s)."))
NOT_TIME = _NamingAField(
    "engine.not_time",
    gettext_noop("%(field)s must be a date or a number of working days, not %(value)s."))
TOO_LONG = _NamingAField(
    "engine.too_long",
    gettext_noop("%(field)s must not exceed %(limit)s days either way (got %(value)s): a plan "
                 "that long runs past the dates Jalon can schedule."))
UNSUPPORTED_DATE = _NamingAField(
    "engine.unsupported_date",
    gettext_noop("%(field)s must be from %(first)s to %(last)s (got %(value)s)."))
NOT_DATES = _NamingAField("engine.not_dates",
                          gettext_noop("%(field)s must contain dates, not %(value)s."))
DATE_NEEDS_START = MessageCode("engine.date_needs_start",
                               gettext_noop("A date needs a plan start date."))
DUE_NEEDS_START = MessageCode("engine.due_needs_start",
                              gettext_noop("A due date needs a plan start date; give a number "
                                           "of working days instead."))

# --- activities, links, plans -----------------------------------------------------------------
ACTIVITY_ID = MessageCode("plan.activity_id",
                          gettext_noop("Activity id must be a non-empty string, not %(value)s."))
LINK_END = _NamingAField("plan.link_end",
                         gettext_noop("%(field)s must be a non-empty activity id."))
ESTIMATE_INCOMPLETE = MessageCode(
    "plan.estimate_incomplete",
    gettext_noop("a three-point estimate needs optimistic, most_likely and pessimistic "
                 "together."))
ESTIMATE_ORDER = MessageCode(
    "plan.estimate_order",
    gettext_noop("estimates must satisfy optimistic <= most_likely <= pessimistic (got "
                 "%(optimistic)s, %(most_likely)s, %(pessimistic)s)."))
CONSTRAINT_NEEDS_DATE = MessageCode(
    "plan.constraint_needs_date",
    gettext_noop("constraint %(constraint)s needs a constraint_date."))
CONSTRAINT_TAKES_NO_DATE = MessageCode(
    "plan.constraint_takes_no_date",
    gettext_noop("constraint %(constraint)s takes no constraint_date."))
PERCENT_COMPLETE = MessageCode(
    "plan.percent_complete",
    gettext_noop("percent_complete must be between 0 and 100 (got %(value)s)."))
FINISH_WITHOUT_START = MessageCode("plan.finish_without_start",
                                   gettext_noop("an actual_finish needs an actual_start."))
FINISH_BEFORE_START = MessageCode("plan.finish_before_start",
                                  gettext_noop("actual_finish is before actual_start."))
PARENT_NOT_ID = MessageCode("plan.parent_not_id", gettext_noop("parent must be an activity id."))
OWN_PARENT = MessageCode("plan.own_parent",
                         gettext_noop("an activity cannot be its own parent."))
MILESTONE_DURATION = MessageCode(
    "plan.milestone_duration", gettext_noop("a milestone has zero duration (got %(duration)s)."))
PRIORITY = MessageCode(
    "plan.priority",
    gettext_noop("priority must be an integer from 0 to 1000 (got %(value)s)."))
CALENDAR_TYPE = MessageCode(
    "plan.calendar_type", gettext_noop("calendar must be a WorkCalendar or None, not %(value)s."))
NOT_ACTIVITY = MessageCode(
    "plan.not_activity", gettext_noop("activities must be Activity objects, not %(value)s."))
DUPLICATE_ACTIVITY = MessageCode("plan.duplicate_activity",
                                 gettext_noop("duplicate activity id %(task)s."))
UNKNOWN_END = _NamingAField("plan.unknown_end", gettext_noop("unknown %(field)s %(task)s."))
START_NOT_DATE = MessageCode("plan.start_not_date",
                             gettext_noop("start must be a date, not %(value)s."))
UNKNOWN_PARENT = MessageCode("plan.unknown_parent", gettext_noop("unknown parent %(task)s."))
PARENT_LOOP = MessageCode("plan.parent_loop", gettext_noop("the parent tree loops (%(loop)s)."))
SUMMARY_CONSTRAINT = MessageCode(
    "plan.summary_constraint",
    gettext_noop("a summary takes only ASAP, SNET or FNLT constraints, not %(constraint)s."))
SUMMARY_LINKED = MessageCode(
    "plan.summary_linked",
    gettext_noop("%(summary)s is a summary of %(task)s; a summary cannot be linked to its own "
                 "activities."))
STATUS_NEEDS_START = MessageCode("plan.status_needs_start",
                                 gettext_noop("a status date needs a plan start date."))
DATE_WITHOUT_START = _NamingAField(
    "plan.date_without_start",
    gettext_noop("%(field)s is a date but the plan has no start date; give the plan a start or "
                 "use working days."))
CYCLE = MessageCode("plan.cycle", gettext_noop("Dependency cycle: %(cycle)s"))
DISTINCT_PLAN_NAMES = MessageCode("plan.distinct_names",
                                  gettext_noop("Plans scheduled together need distinct names."))
MIXED_START = MessageCode(
    "plan.mixed_start",
    gettext_noop("Plans scheduled together must all have a start date, or none."))
UNKNOWN_PLAN_ACTIVITY = MessageCode(
    "plan.unknown_plan_activity",
    gettext_noop("unknown activity %(task)s (write '<plan name>%(separator)s<activity id>')."))

# --- calendars --------------------------------------------------------------------------------
NO_WORKING_WEEKDAY = MessageCode("calendar.no_working_weekday",
                                 gettext_noop("A calendar needs at least one working weekday."))
WEEKDAY = MessageCode("calendar.weekday",
                      gettext_noop("Working weekdays are 0 (Monday) to 6 (Sunday), not %(value)s."))
HOURS_PER_DAY = MessageCode("calendar.hours_per_day",
                            gettext_noop("Hours per day must be a number in (0, 24], not "
                                         "%(value)s."))
UNKNOWN_HOLIDAYS = MessageCode(
    "calendar.unknown_holidays",
    gettext_noop("Unknown public holiday set %(value)s (known: %(known)s)."))
HOLIDAY_AND_WORKING = MessageCode(
    "calendar.holiday_and_working",
    gettext_noop("Dates listed both as holidays and as working days: %(dates)s."))
BEYOND_CALENDAR = MessageCode(
    "calendar.beyond",
    gettext_noop("The schedule reaches beyond the year %(year)s, the limit of this calendar."))
HOLIDAY_YEARS = MessageCode(
    "calendar.holiday_years",
    gettext_noop("Public holidays are known for the years %(first)s-%(last)s, not %(year)s."))

# --- CPM arrays, baselines, PERT --------------------------------------------------------------
DURATIONS = MessageCode("cpm.durations",
                        gettext_noop("durations must be finite, non-negative numbers."))
LINK_ARRAYS = MessageCode("cpm.link_arrays",
                          gettext_noop("link arrays must all have the same length."))
LINK_INDICES = MessageCode("cpm.link_indices", gettext_noop("link indices must lie in 0..n-1."))
LINK_CODES = MessageCode("cpm.link_codes",
                         gettext_noop("link type codes are 0 (FS) to 3 (SF)."))
BASELINE_UNKNOWN = MessageCode("baseline.unknown",
                               gettext_noop("Baseline names unknown activities: %(tasks)s."))
BASELINE_NEEDS_DATES = MessageCode("baseline.needs_dates",
                                   gettext_noop("A baseline date needs a schedule with dates."))

# --- earned value, earned schedule, KPIs, costs -----------------------------------------------
NOT_AMOUNT = _NamingAField("evm.not_amount", gettext_noop("%(field)s must be a finite amount."))
NEGATIVE_AMOUNT = _NamingAField("evm.negative_amount",
                                gettext_noop("%(field)s must not be negative."))
NOT_FINITE_POSITIVE = _NamingAField("evm.not_finite_positive",
                                    gettext_noop("%(field)s must be a finite number >= 0."))
PV_EMPTY = MessageCode("evm.pv_empty",
                       gettext_noop("The planned value curve needs at least one period."))
PV_AMOUNTS = MessageCode("evm.pv_amounts",
                         gettext_noop("The planned value curve must hold finite amounts >= 0."))
PV_NOTHING = MessageCode("evm.pv_nothing",
                         gettext_noop("The planned value curve plans nothing (its final value "
                                      "is 0)."))
PV_DECREASES = MessageCode(
    "evm.pv_decreases",
    gettext_noop("The planned value curve is cumulative and must not decrease (period "
                 "%(period)s)."))
PV_TIMES = MessageCode(
    "evm.pv_times",
    gettext_noop("The times of the planned value curve must be one per amount, after 0 and "
                 "increasing."))
PLANNED_DURATION = MessageCode(
    "evm.planned_duration",
    gettext_noop("The planned duration must be a positive number of periods."))
THRESHOLDS_FINITE = MessageCode("kpi.thresholds_finite",
                                gettext_noop("Thresholds must be finite numbers."))
AMBER_SIDE = MessageCode("kpi.amber_side",
                         gettext_noop("The amber threshold is on the wrong side of the green "
                                      "one."))
ASSIGNMENT_TASK = MessageCode("cost.assignment_task",
                              gettext_noop("An assignment refers to a task that does not exist."))
PERCENT_RANGE = MessageCode("cost.percent_range",
                            gettext_noop("Percent complete must be between 0 and 100."))
PERIOD_UNIT = MessageCode("cost.period_unit",
                          gettext_noop("The period must be one of %(choices)s, not %(value)s."))
OUTLINE_LOOP = MessageCode("cost.outline_loop", gettext_noop("The outline has a loop."))
CURVE_VALUES = MessageCode("rollup.curve_values",
                           gettext_noop("A monthly curve needs one value per month end."))
MONTH_ENDS = MessageCode("rollup.month_ends", gettext_noop("The month ends must increase."))
NO_CURVE = MessageCode("rollup.no_curve", gettext_noop("There is no curve to combine."))

# --- levelling --------------------------------------------------------------------------------
RESOURCE_ID = MessageCode("levelling.resource_id",
                          gettext_noop("Resource id must be a non-empty string, not %(value)s."))
CAPACITY = MessageCode("levelling.capacity",
                       gettext_noop("capacity must be a number >= 0, not %(value)s."))
CHANGE_PERIOD = MessageCode(
    "levelling.change_period",
    gettext_noop("capacity changes are keyed by a period >= 0, not %(value)s."))
CHANGE_CAPACITY = MessageCode(
    "levelling.change_capacity",
    gettext_noop("capacity from period %(period)s must be a number >= 0, not %(value)s."))
NOT_PLAN = MessageCode("levelling.not_plan", gettext_noop("plan must be a Plan, not %(value)s."))
NOT_RESOURCE = MessageCode("levelling.not_resource",
                           gettext_noop("resources must be Resource objects, not %(value)s."))
DUPLICATE_RESOURCE = MessageCode("levelling.duplicate_resource",
                                 gettext_noop("Duplicate resource id %(resource)s."))
DEMAND_UNKNOWN_ACTIVITY = MessageCode("levelling.demand_unknown_activity",
                                      gettext_noop("Demand for unknown activity %(task)s."))
DEMAND_UNKNOWN_RESOURCE = MessageCode(
    "levelling.demand_unknown_resource",
    gettext_noop("demand on unknown resource %(resource)s."))
DEMAND_AMOUNT = MessageCode(
    "levelling.demand_amount",
    gettext_noop("demand on %(resource)s must be a number >= 0, not %(value)s."))
DEMAND_OVER_CAPACITY = MessageCode(
    "levelling.demand_over_capacity",
    gettext_noop("Activity %(task)s needs %(units)s units of %(resource)s, which has only "
                 "%(capacity)s: it could never run."))
UNKNOWN_FIXED = MessageCode("levelling.unknown_fixed",
                            gettext_noop("Unknown fixed activity %(task)s."))
FIXED_START = MessageCode("levelling.fixed_start",
                          gettext_noop("a fixed start is a period >= 0, not %(value)s."))
PROJECT_UNKNOWN_ACTIVITY = MessageCode(
    "levelling.project_unknown_activity",
    gettext_noop("project_of names unknown activity %(task)s."))
PROJECT_NAME = MessageCode("levelling.project_name", gettext_noop("project must be a name."))
PROJECT_PRIORITY = MessageCode("levelling.project_priority",
                               gettext_noop("priority must be an integer, not %(value)s."))
LINKS_CYCLE = MessageCode("levelling.links_cycle",
                          gettext_noop("The links form a cycle; schedule the plan to find it."))
PRIORITY_RULE = MessageCode("levelling.priority_rule",
                            gettext_noop("Unknown priority rule %(value)s; use one of "
                                         "%(choices)s."))
AT_LEAST = _NamingAField("levelling.at_least",
                         gettext_noop("%(field)s must be at least %(minimum)s."))
SCHEMES = MessageCode("levelling.schemes",
                      gettext_noop("Give at least one rule and schemes among serial and "
                                   "parallel."))
TIME_LIMIT = MessageCode("levelling.time_limit",
                         gettext_noop("time_limit must be positive (seconds)."))

# --- Monte Carlo simulation -------------------------------------------------------------------
DISTRIBUTION_PARAMS = MessageCode(
    "simulation.distribution_params",
    gettext_noop("a %(kind)s distribution needs %(count)s finite numbers (got %(value)s)."))
DISTRIBUTION_ORDER = MessageCode(
    "simulation.distribution_order",
    gettext_noop("a %(kind)s distribution needs 0 <= low <= mode <= high (got %(low)s, "
                 "%(mode)s, %(high)s)."))
PERT_LAMBDA = MessageCode("simulation.pert_lambda",
                          gettext_noop("the PERT lambda must be positive."))
UNIFORM_ORDER = MessageCode(
    "simulation.uniform_order",
    gettext_noop("a uniform distribution needs 0 <= low <= high (got %(low)s, %(high)s)."))
NORMAL_STD = MessageCode(
    "simulation.normal_std",
    gettext_noop("a normal distribution needs std >= 0 (got mean %(mean)s, std %(std)s)."))
LOGNORMAL_PARAMS = MessageCode(
    "simulation.lognormal_params",
    gettext_noop("a lognormal distribution needs std >= 0 and mean > 0 (got mean %(mean)s, "
                 "std %(std)s)."))
FIXED_NEGATIVE = MessageCode("simulation.fixed_negative",
                             gettext_noop("a duration must not be negative (got %(value)s)."))
SUMMARY_UNCERTAIN = MessageCode(
    "simulation.summary_uncertain",
    gettext_noop("Task %(task)s is a summary: it cannot have a distribution or a cost."))
UNKNOWN_UNCERTAIN = MessageCode(
    "simulation.unknown_uncertain",
    gettext_noop("Task %(task)s is not a task of the plan: it cannot have a distribution or a "
                 "cost."))
DUPLICATE_RISK = MessageCode("simulation.duplicate_risk", gettext_noop("duplicate risk id."))
RISK_ON_SUMMARY = MessageCode("simulation.risk_on_summary",
                              gettext_noop("task %(task)s is a summary."))
RISK_UNKNOWN_TASK = MessageCode("simulation.risk_unknown_task",
                                gettext_noop("task %(task)s is not a task of the plan."))
NOT_TASK_OF_PLAN = MessageCode("simulation.not_task_of_plan",
                               gettext_noop("%(task)s is not a task of the plan."))
FIXED_DURATION = MessageCode("simulation.fixed_duration",
                             gettext_noop("task %(task)s has a fixed duration."))
RISK_ID = MessageCode("simulation.risk_id",
                      gettext_noop("Risk id must be a non-empty string, not %(value)s."))
PROBABILITY = MessageCode("simulation.probability",
                          gettext_noop("probability must lie between 0 and 1 (got %(value)s)."))
RISK_TASKS = MessageCode("simulation.risk_tasks",
                         gettext_noop("tasks must be task ids, not %(value)s."))
DELAYS = MessageCode("simulation.delays",
                     gettext_noop("delays must map task ids to (delay, delay_percent), not "
                                  "%(value)s."))
DELAY_KEYS = MessageCode("simulation.delay_keys",
                         gettext_noop("delays must be keyed by task ids, not %(value)s."))
DELAY_PAIR = MessageCode(
    "simulation.delay_pair",
    gettext_noop("the delay of task %(task)s must be a pair (delay, delay_percent), not "
                 "%(value)s."))
SELF_CORRELATION = MessageCode("simulation.self_correlation",
                               gettext_noop("a task cannot be correlated with itself."))
RHO = MessageCode("simulation.rho", gettext_noop("rho must lie in [-1, 1] (got %(value)s)."))
CORRELATIONS_INCONSISTENT = MessageCode(
    "simulation.correlations_inconsistent",
    gettext_noop("The correlations between %(tasks)s are inconsistent (the matrix is not "
                 "positive definite); lower some of them."))
ITERATIONS = MessageCode(
    "simulation.iterations",
    gettext_noop("iterations must be an integer of at least 2 (got %(value)s)."))
NOTHING_TO_SIMULATE = MessageCode("simulation.nothing",
                                  gettext_noop("The plan has no task to simulate."))
CONFIDENCE = _NamingAField(
    "simulation.confidence",
    gettext_noop("%(field)s must lie between 0 and 1 (got %(value)s); P80 is 0.8."))
NO_COSTS = MessageCode("simulation.no_costs",
                       gettext_noop("The plan has no costs: no budget probability."))
# --- costs, performance and KPIs ------------------------------------------------------------------
CALENDAR = MessageCode("engine.calendar", gettext_noop("The calendar"))
MANAGER_EAC = MessageCode("engine.manager_eac", gettext_noop("The manager's estimate"))
KPI = MessageCode("engine.kpi", gettext_noop("KPI %(kpi)s"))
ASSIGNMENT = MessageCode("engine.assignment", gettext_noop("Assignment on task %(task)s"))
ACTUAL_COST = MessageCode("engine.actual_cost", gettext_noop("An actual cost"))
FINITE_AMOUNT = _NamingAField(
    "engine.finite_amount",
    gettext_noop("%(field)s must be a finite number >= 0, not %(value)s."))
ASSIGNMENT_UNKNOWN_TASK = MessageCode("cost.assignment_unknown_task",
                                      gettext_noop("An assignment names an unknown task %(task)s."))
FIXED_COST_UNKNOWN_TASK = MessageCode("cost.fixed_cost_unknown_task",
                                      gettext_noop("A fixed cost names an unknown task %(task)s."))
ACTUAL_COST_UNKNOWN_TASK = MessageCode(
    "performance.actual_cost_unknown_task",
    gettext_noop("An actual cost names an unknown task %(task)s."))
DATED_COST_NEEDS_CALENDAR = MessageCode(
    "performance.dated_cost_needs_calendar",
    gettext_noop("A dated actual cost needs a calendar (a project start)."))
STATUS_KIND = MessageCode(
    "performance.status_kind",
    gettext_noop("The status is a date when the project has a start, a number of working days "
                 "when it has none."))
KPI_KEY = _NamingAField("kpi.key",
                        gettext_noop("%(field)s must be lower case letters, digits and "
                                     "underscores."))
KPI_DEFAULTS = MessageCode("kpi.defaults",
                           gettext_noop("its default thresholds are out of its range."))
KPI_DUPLICATE = MessageCode("kpi.duplicate", gettext_noop("Two KPIs have the key %(kpi)s."))
KPI_DIMENSION = MessageCode("kpi.dimension", gettext_noop("unknown dimension %(dimension)s."))
KPI_SHARED_DIRECTION = MessageCode(
    "kpi.shared_direction",
    gettext_noop("it shares the thresholds of %(other)s but not their direction."))

CANCELLED = MessageCode("simulation.cancelled",
                        gettext_noop("Simulation cancelled after %(done)s of %(total)s "
                                     "iterations."))

# --- portfolio selection ----------------------------------------------------------------------
CANDIDATE = MessageCode("selection.candidate", gettext_noop("Candidate %(candidate)s"))
BALANCE_RULE = MessageCode("selection.balance_rule",
                           gettext_noop("Balance rule #%(number)s (%(category)s)"))
PERIODS = MessageCode("selection.periods",
                      gettext_noop("periods must be a whole number of at least 1, not %(value)s."))
NO_LIMITS = MessageCode("selection.no_limits",
                        gettext_noop("limits must name at least one resource."))
LIMIT_LENGTH = MessageCode(
    "selection.limit_length",
    gettext_noop("the limit of %(resource)s has %(count)s values; give one number, or one per "
                 "period (%(periods)s)."))
LIMIT_VALUE = MessageCode(
    "selection.limit_value",
    gettext_noop("the limit of %(resource)s must be numbers >= 0, not %(value)s."))
CANDIDATE_ID = MessageCode("selection.candidate_id",
                           gettext_noop("Candidate id must be a non-empty string, not %(value)s."))
DUPLICATE_CANDIDATE = MessageCode("selection.duplicate_candidate",
                                  gettext_noop("Duplicate candidate id %(candidate)s."))
NO_CANDIDATES = MessageCode("selection.no_candidates",
                            gettext_noop("There is no candidate to select."))
USE_UNKNOWN_RESOURCE = MessageCode(
    "selection.use_unknown_resource",
    gettext_noop("uses %(resource)s, which has no limit (the limits name %(known)s)."))
USE_AMOUNT = MessageCode(
    "selection.use_amount",
    gettext_noop("its use of %(resource)s must be numbers >= 0, not %(value)s."))
START_PERIOD = MessageCode(
    "selection.start_period",
    gettext_noop("start periods must be whole numbers >= 0, not %(value)s."))
NO_START_FITS = MessageCode(
    "selection.no_start_fits",
    gettext_noop("its profile lasts %(duration)s periods and ends within the %(periods)s "
                 "periods from none of its allowed starts (%(starts)s)."))
NO_START_AFTER = MessageCode(
    "selection.no_start_after",
    gettext_noop("it cannot start after %(project)s finishes (period %(finish)s) and end within "
                 "the %(periods)s periods from any of its allowed starts (%(starts)s)."))
WAITS_FOR_PERIOD = MessageCode(
    "selection.waits_for_period",
    gettext_noop("waits_for must map each project to the period it finishes in (a whole "
                 "number), not %(value)s."))
UNKNOWN_CANDIDATE = MessageCode(
    "selection.unknown_candidate",
    gettext_noop("%(field)s names unknown candidate %(candidate)s."))
SELF_REFERENCE = MessageCode("selection.self_reference",
                             gettext_noop("%(field)s names the candidate itself."))
FLAG = MessageCode("selection.flag",
                   gettext_noop("%(field)s must be true or false, not %(value)s."))
SHARE = MessageCode("selection.share",
                    gettext_noop("%(field)s must lie between 0 and 1 (got %(value)s)."))
SHARE_NEEDS_RESOURCE = MessageCode("selection.share_needs_resource",
                                   gettext_noop("a share needs the resource it is a share of."))
UNKNOWN_RESOURCE = MessageCode(
    "selection.unknown_resource",
    gettext_noop("unknown resource %(resource)s (the limits name %(known)s)."))
COUNT = MessageCode("selection.count",
                    gettext_noop("%(field)s must be a whole number >= 0, not %(value)s."))
BALANCE_EMPTY = MessageCode(
    "selection.balance_empty",
    gettext_noop("give at least one of min_share, max_share, min_count and max_count."))
BALANCE_ORDER = MessageCode(
    "selection.balance_order",
    gettext_noop("%(low_field)s (%(low)s) is above %(high_field)s (%(high)s)."))
CATEGORY = MessageCode("selection.category",
                       gettext_noop("category must be a non-empty name, not %(value)s."))
POINTS = MessageCode("selection.points",
                     gettext_noop("The frontier needs at least %(minimum)s points, not %(value)s."))

# why a candidate is left out, and what it would take
LOCKED_OUT = MessageCode("selection.locked_out",
                         gettext_noop("%(candidate)s is locked out by a decision."))
EXCLUDED_BY = MessageCode(
    "selection.excluded_by",
    gettext_noop("%(candidate)s and %(other)s exclude each other, and %(other)s is selected."))
REQUIRES_MISSING = MessageCode(
    "selection.requires_missing",
    gettext_noop("%(candidate)s requires %(other)s, which is not selected."))
AFTER_TOO_LATE = MessageCode(
    "selection.after_too_late",
    gettext_noop("%(candidate)s must start after %(other)s ends (period %(period)s), later than "
                 "its allowed starts."))
BALANCE_BLOCKS = MessageCode(
    "selection.balance_blocks",
    gettext_noop("With %(candidate)s, the selection would break %(rule)s."))
SHORT_OF = MessageCode(
    "selection.short_of",
    gettext_noop("Starting in period %(start)s, %(candidate)s needs more than is left: "
                 "%(shortfalls)s."))
SHORTFALL = MessageCode(
    "selection.shortfall",
    gettext_noop("%(resource)s in period %(period)s (needs %(needed)s, %(left)s left)"))
FITS_IF = MessageCode("selection.fits_if",
                      gettext_noop("It fits if %(increases)s."))
INCREASE = MessageCode("selection.increase",
                       gettext_noop("%(resource)s in period %(period)s grows by %(amount)s"))
INSTEAD_OF = MessageCode(
    "selection.instead_of",
    gettext_noop("The best selection with %(candidate)s, in place of %(others)s, is worth "
                 "%(value)s (%(loss)s less)."))
NEVER_FITS = MessageCode(
    "selection.never_fits",
    gettext_noop("No selection that keeps every limit and rule can include %(candidate)s."))
NO_VALUE = MessageCode("selection.no_value",
                       gettext_noop("%(candidate)s adds no value (its value is 0)."))
WAITS_FOR = MessageCode(
    "selection.waits_for",
    gettext_noop("%(candidate)s starts in period %(period)s at the earliest: after %(project)s "
                 "finishes."))
SEARCH_STOPPED = MessageCode(
    "selection.search_stopped",
    gettext_noop("%(candidate)s fits beside the selection; the search stopped before it could "
                 "prove whether it belongs in the best one."))

# the rules an infeasible problem holds in conflict
MANDATORY_RULE = MessageCode("selection.mandatory_rule",
                             gettext_noop("%(candidate)s is mandatory"))
LOCKED_IN_RULE = MessageCode("selection.locked_in_rule",
                             gettext_noop("%(candidate)s is locked in"))
LOCKED_OUT_RULE = MessageCode("selection.locked_out_rule",
                              gettext_noop("%(candidate)s is locked out"))
LIMIT_RULE = MessageCode("selection.limit_rule",
                         gettext_noop("the limit of %(resource)s in period %(period)s "
                                      "(%(limit)s)"))
TOTAL_LIMIT_RULE = MessageCode("selection.total_limit_rule",
                               gettext_noop("the limit of %(resource)s over the horizon "
                                            "(%(limit)s)"))
REQUIRES_RULE = MessageCode("selection.requires_rule",
                            gettext_noop("%(candidate)s requires %(other)s"))
EXCLUDES_RULE = MessageCode("selection.excludes_rule",
                            gettext_noop("%(candidate)s and %(other)s exclude each other"))
AFTER_RULE = MessageCode("selection.after_rule",
                         gettext_noop("%(candidate)s starts after %(other)s ends"))
MIN_SHARE_RULE = MessageCode(
    "selection.min_share_rule",
    gettext_noop("%(category)s takes at least %(share)s of the selection's %(resource)s"))
MAX_SHARE_RULE = MessageCode(
    "selection.max_share_rule",
    gettext_noop("%(category)s takes at most %(share)s of the selection's %(resource)s"))
MIN_COUNT_RULE = MessageCode("selection.min_count_rule",
                             gettext_noop("at least %(count)s selected in %(category)s"))
MAX_COUNT_RULE = MessageCode("selection.max_count_rule",
                             gettext_noop("at most %(count)s selected in %(category)s"))
CONFLICT = MessageCode("selection.conflict",
                       gettext_noop("No selection satisfies these rules together: %(rules)s."))

# --- AHP --------------------------------------------------------------------------------------
AHP_CRITERIA = MessageCode(
    "ahp.criteria",
    gettext_noop("Criteria must be distinct, non-empty names; got %(value)s."))
AHP_TOO_MANY = MessageCode(
    "ahp.too_many",
    gettext_noop("AHP compares at most %(maximum)s criteria (Saaty's random indices), not "
                 "%(count)s."))
AHP_SHAPE = MessageCode(
    "ahp.shape",
    gettext_noop("The matrix must have one row and one column per criterion (%(count)s), not "
                 "%(shape)s."))
AHP_CELL = MessageCode("ahp.cell",
                       gettext_noop("Row %(row)s, column %(column)s: %(problem)s"))
AHP_RANGE = MessageCode(
    "ahp.range",
    gettext_noop("a judgement must lie between 1/9 and 9, not %(value)s."))
AHP_DIAGONAL = MessageCode("ahp.diagonal",
                           gettext_noop("a criterion compared with itself is 1, not %(value)s."))
AHP_RECIPROCAL = MessageCode(
    "ahp.reciprocal",
    gettext_noop("%(value)s is not the reciprocal of %(mirror)s (row %(column)s, column "
                 "%(row)s); their product must be 1."))



def activity(ident: str) -> Message:
    """The owner "Activity 'A'" of a message about the activity ``ident``."""
    return ACTIVITY(task=Ref.task(ident))


def link(predecessor: str, successor: str, kind: object) -> Message:
    """The owner "Link 'A' → 'B' (FS)" of a message about a link."""
    return LINK(predecessor=Ref.task(predecessor), successor=Ref.task(successor),
                type=str(kind))


def correlation(first: str, second: str) -> Message:
    """The owner "Correlation 'A' ~ 'B'" of a message about a correlation between two tasks."""
    return CORRELATION(first=Ref.task(first), second=Ref.task(second))

# --- scoring of proposals (jalon.engine.scoring) ---------------------------------------------------
SCORING_MISSING = MessageCode("scoring.missing",
                              gettext_noop("No level given for: %(criteria)s."))
SCORING_NO_WEIGHT = MessageCode(
    "scoring.no_weight",
    gettext_noop("The criteria's weights sum to zero: give at least one criterion a weight."))
SCORING_FORMULA_TERM = MessageCode(
    "scoring.formula_term",
    gettext_noop("The model's formula needs a criterion for: %(terms)s."))
SCORING_ZERO_SIZE = MessageCode(
    "scoring.zero_size",
    gettext_noop("The job size or effort is zero: the score would be infinite."))
