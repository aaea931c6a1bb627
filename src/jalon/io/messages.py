"""The file formats' error messages: a stable code and an English template each, declared once.

A :class:`~jalon.io.errors.FileFormatError` says where (:data:`AT`: the file, :data:`LINE`, the
element, :data:`FIELD`) and what (one of the messages below, or the engine's when a file breaks
an engine rule); the door that shows it renders both in the reader's language (see
:mod:`jalon.i18n`). The elements of a Jalon file (:data:`TASK`, :data:`RISK_NUMBER`...) are
translated; MS Project XML and PSPLIB elements (``Task UID 12``, ``PRECEDENCE RELATIONS``) are the
file's own words and stay as they are. Keys and field names stay in English: they are written so
in the file.
"""

from __future__ import annotations

from jalon.i18n import MessageCode, gettext_noop

# --- where --------------------------------------------------------------------------------------
AT = MessageCode("file.at", gettext_noop("%(place)s: %(problem)s"))
LINE = MessageCode("file.line", gettext_noop("line %(line)s"))
FIELD = MessageCode("file.field", gettext_noop("field %(field)s"))

# --- elements of a Jalon file -------------------------------------------------------------------
PROJECT = MessageCode("file.project", gettext_noop("project"))
CALENDAR = MessageCode("file.calendar", gettext_noop("calendar"))
CALENDAR_NUMBER = MessageCode("file.calendar_number", gettext_noop("calendar #%(number)s"))
CALENDAR_ID = MessageCode("file.calendar_id", gettext_noop("calendar %(calendar)s"))
TASK_NUMBER = MessageCode("file.task_number", gettext_noop("task #%(number)s"))
TASK = MessageCode("file.task", gettext_noop("task %(task)s"))
LINK_NUMBER = MessageCode("file.link_number", gettext_noop("link #%(number)s"))
RESOURCE_NUMBER = MessageCode("file.resource_number", gettext_noop("resource #%(number)s"))
RESOURCE = MessageCode("file.resource", gettext_noop("resource %(resource)s"))
ASSIGNMENT_NUMBER = MessageCode("file.assignment_number", gettext_noop("assignment #%(number)s"))
RISK_NUMBER = MessageCode("file.risk_number", gettext_noop("risk #%(number)s"))
RISK = MessageCode("file.risk", gettext_noop("risk %(risk)s"))
BASELINES = MessageCode("file.baselines", gettext_noop("baselines"))
BASELINE = MessageCode("file.baseline", gettext_noop("baseline %(baseline)s"))
BASELINE_TASK = MessageCode("file.baseline_task",
                            gettext_noop("baseline %(baseline)s task %(task)s"))

# --- reading any file ---------------------------------------------------------------------------
NO_SUCH_FILE = MessageCode("file.no_such_file", gettext_noop("no such file."))
CANNOT_READ = MessageCode("file.cannot_read", gettext_noop("cannot be read (%(reason)s)."))
CANNOT_WRITE = MessageCode("file.cannot_write", gettext_noop("cannot be written (%(reason)s)."))
WRITES = MessageCode("file.writes",
                     gettext_noop("Jalon writes .json, .yaml, .yml and .xml (MSPDI) files."))
INVALID_JSON = MessageCode("file.invalid_json",
                           gettext_noop("invalid JSON: %(reason)s (column %(column)s)."))
INVALID_YAML = MessageCode("file.invalid_yaml", gettext_noop("invalid YAML: %(reason)s."))
TOO_DEEP = MessageCode("file.too_deep", gettext_noop(
    "lists and objects nest more than %(depth)s levels deep: this is not a Jalon file."))

# --- values -------------------------------------------------------------------------------------
NOT_NUMBER = MessageCode("file.not_number", gettext_noop("must be a number, not %(value)s."))
AT_LEAST = MessageCode("file.at_least",
                       gettext_noop("must be at least %(minimum)s (got %(value)s)."))
NOT_DATE = MessageCode("file.not_date",
                       gettext_noop("must be a date such as 2026-01-05, not %(value)s."))
NOT_TEXT = MessageCode("file.not_text", gettext_noop("must be text, not %(value)s."))
NOT_OBJECT = MessageCode("file.not_object", gettext_noop("must be an object, not %(type)s."))
NOT_LIST = MessageCode("file.not_list", gettext_noop("must be a list, not %(type)s."))
NOT_FLAG = MessageCode("file.not_flag", gettext_noop("must be true or false, not %(value)s."))
CONSTRAINT_TYPE = MessageCode(
    "file.constraint_type",
    gettext_noop("constraint type must be one of %(choices)s, not %(value)s."))
LINK_TYPE = MessageCode("file.link_type",
                        gettext_noop("link type must be one of %(choices)s, not %(value)s."))
LAG_UNIT = MessageCode("file.lag_unit",
                       gettext_noop("lag_unit must be days or edays, not %(value)s."))
DISTRIBUTION_TYPE = MessageCode(
    "file.distribution_type",
    gettext_noop("distribution type must be one of %(choices)s, not %(value)s."))
RESOURCE_KIND = MessageCode("file.resource_kind",
                            gettext_noop("kind must be one of %(choices)s, not %(value)s."))
PROJECT_STATUS = MessageCode("file.project_status",
                             gettext_noop("status must be one of %(choices)s, not %(value)s."))
UNKNOWN_KEYS = MessageCode("file.unknown_keys", gettext_noop("unknown keys %(keys)s."))
PRIORITY = MessageCode("file.priority",
                       gettext_noop("must be an integer from 0 to 1000, not %(value)s."))

# --- the Jalon file -----------------------------------------------------------------------------
UNKNOWN_TOP_KEYS = MessageCode("file.unknown_top_keys",
                               gettext_noop("unknown top-level keys %(keys)s."))
PROJECT_NAME = MessageCode("file.project_name", gettext_noop("a project needs a name."))
WEEKDAY = MessageCode(
    "file.weekday",
    gettext_noop("weekdays are 0 (Monday) to 6 (Sunday) or names, not %(value)s."))
COUNTRY = MessageCode("file.country",
                      gettext_noop("must be a country code such as FR, not %(value)s."))
WORKING_TIMES = MessageCode(
    "file.working_times",
    gettext_noop("working times are written like \"08:00-12:00\", not %(value)s."))
NEEDS_ID = MessageCode("file.needs_id", gettext_noop("an id is missing."))
DISTRIBUTION_NEEDS = MessageCode("file.distribution_needs",
                                 gettext_noop("a %(kind)s distribution needs %(name)s."))
DISTRIBUTION_NEEDS_ESTIMATE = MessageCode(
    "file.distribution_needs_estimate",
    gettext_noop("a %(kind)s distribution needs %(name)s (or the task's three-point "
                 "estimate)."))
DISTRIBUTION_ALIAS_TWICE = MessageCode(
    "file.distribution_alias_twice",
    gettext_noop("%(name)s and %(alias)s are the same parameter; give only one."))
RISK_PROBABILITY = MessageCode("file.risk_probability",
                               gettext_noop("a risk needs a probability (0 to 1)."))
UNKNOWN_TASK = MessageCode("file.unknown_task", gettext_noop("unknown task %(task)s."))
RISK_ON_SUMMARY = MessageCode(
    "file.risk_on_summary",
    gettext_noop("task %(task)s is a summary; link the risk to its tasks."))
ASSIGNMENT_NEEDS = MessageCode("file.assignment_needs",
                               gettext_noop("an assignment needs a %(key)s."))
LINK_ENDS = MessageCode("file.link_ends", gettext_noop("a link needs from and to."))
UNKNOWN_CALENDAR = MessageCode("file.unknown_calendar",
                               gettext_noop("unknown calendar %(calendar)s."))
UNKNOWN_RESOURCE = MessageCode("file.unknown_resource",
                               gettext_noop("unknown resource %(resource)s."))
DUPLICATE_TASK = MessageCode("file.duplicate_task", gettext_noop("duplicate task id %(task)s."))
DUPLICATE_RISK = MessageCode("file.duplicate_risk", gettext_noop("duplicate risk id %(risk)s."))
AMOUNT = MessageCode("file.amount",
                     gettext_noop("%(key)s must be an amount >= 0, not %(value)s."))

# --- MS Project XML -----------------------------------------------------------------------------
ENTITIES = MessageCode(
    "mspdi.entities",
    gettext_noop("the file declares a DTD or entities, which MS Project XML never does; "
                 "refused for safety (no entity is expanded)."))
NOT_WELL_FORMED = MessageCode("mspdi.not_well_formed",
                              gettext_noop("not well-formed XML: %(reason)s."))
NOT_MSPDI = MessageCode(
    "mspdi.not_mspdi",
    gettext_noop("not an MS Project XML file (the root element is <%(element)s>, not "
                 "<Project>)."))
WHOLE_NUMBER = MessageCode("mspdi.whole_number",
                           gettext_noop("must be a whole number, not %(value)s."))
DATE_TIME = MessageCode(
    "mspdi.date_time",
    gettext_noop("must be a date-time such as 2026-01-05T08:00:00, not %(value)s."))
DURATION = MessageCode("mspdi.duration",
                       gettext_noop("must be a duration such as PT8H0M0S, not %(value)s."))
POSITIVE = MessageCode("mspdi.positive", gettext_noop("must be positive."))
NEEDS_UID = MessageCode("mspdi.needs_uid", gettext_noop("a UID is missing."))
CONSTRAINT_CODE = MessageCode("mspdi.constraint_code",
                              gettext_noop("unknown constraint type %(code)s (0 to 7)."))
PERCENT = MessageCode("mspdi.percent",
                      gettext_noop("must be between 0 and 100, not %(value)s."))
LINK_CODE = MessageCode("mspdi.link_code",
                        gettext_noop("unknown link type %(code)s (0=FF, 1=FS, 2=SF, 3=SS)."))
WORKING_TIME = MessageCode(
    "mspdi.working_time",
    gettext_noop("working times must be like 08:00:00, not %(first)s-%(last)s."))
TO_BEFORE_FROM = MessageCode("mspdi.to_before_from", gettext_noop("ToDate is before FromDate."))
LONG_EXCEPTION = MessageCode("mspdi.long_exception",
                             gettext_noop("an exception longer than 50 years is not supported."))
DAY_TYPE = MessageCode("mspdi.day_type", gettext_noop("DayType must be 0 to 7, not %(value)s."))
CANNOT_EXPORT = MessageCode("mspdi.cannot_export",
                            gettext_noop("cannot be written as MS Project XML: %(problem)s"))

# --- PSPLIB -------------------------------------------------------------------------------------
NO_SECTION = MessageCode("psplib.no_section",
                         gettext_noop("no %(section)s section: not a PSPLIB .sm file."))
WHOLE_NUMBERS = MessageCode("psplib.whole_numbers",
                            gettext_noop("expected whole numbers, got %(value)s."))
PRECEDENCE_ROW = MessageCode(
    "psplib.precedence_row",
    gettext_noop("expected: job, modes, number of successors, then the successors."))
NO_RESOURCES = MessageCode("psplib.no_resources",
                           gettext_noop("no resource columns (R 1, R 2...)."))
REQUEST_ROW = MessageCode("psplib.request_row",
                          gettext_noop("expected job, mode, duration and %(count)s demands."))
CAPACITIES = MessageCode("psplib.capacities",
                         gettext_noop("one capacity per resource expected."))
NO_DURATION = MessageCode("psplib.no_duration", gettext_noop("no duration for job %(job)s."))
UNKNOWN_SUCCESSOR = MessageCode("psplib.unknown_successor",
                                gettext_noop("job %(job)s has an unknown successor "
                                             "%(successor)s."))

# --- other formats through MPXJ -----------------------------------------------------------------
MPXJ_MISSING = MessageCode(
    "mpxj.missing",
    gettext_noop("reading this format needs the optional MPXJ bridge: install it with "
                 "%(command)s (the mpxj and JPype1 packages) and a Java runtime 11 "
                 "or later (check with `java -version`). Jalon reads .json, .yaml, .xml (MSPDI) "
                 "and .sm without it."))
JAVA_CANNOT_START = MessageCode(
    "mpxj.java_cannot_start",
    gettext_noop("MPXJ is installed but Java cannot start (%(reason)s). %(missing)s"))
MPXJ_CANNOT_READ = MessageCode("mpxj.cannot_read",
                               gettext_noop("MPXJ cannot read this file (%(reason)s)."))
MPXJ_UNKNOWN_FORMAT = MessageCode("mpxj.unknown_format",
                                  gettext_noop("MPXJ does not recognise this file format."))
MPXJ_CANNOT_CONVERT = MessageCode("mpxj.cannot_convert",
                                  gettext_noop("MPXJ cannot convert this file (%(reason)s)."))
MPXJ_CANNOT_SCHEDULE = MessageCode("mpxj.cannot_schedule",
                                   gettext_noop("MPXJ's scheduler refuses this plan (%(reason)s)."))

# --- portfolio selection and AHP files ------------------------------------------------------------
LIMITS = MessageCode("selection_file.limits", gettext_noop("limits"))
CANDIDATE_NUMBER = MessageCode("selection_file.candidate_number",
                               gettext_noop("candidate #%(number)s"))
CANDIDATE = MessageCode("selection_file.candidate", gettext_noop("candidate %(candidate)s"))
BALANCE_NUMBER = MessageCode("selection_file.balance_number",
                             gettext_noop("balance rule #%(number)s"))
MISSING_KEY = MessageCode("selection_file.missing_key", gettext_noop("%(key)s is missing."))
NOT_IDS = MessageCode("selection_file.not_ids",
                      gettext_noop("must be a list of candidate ids, not %(value)s."))
NOT_FRACTION = MessageCode(
    "ahp_file.not_fraction",
    gettext_noop("must be a number or a fraction such as \"1/3\", not %(value)s."))
