"""The file commands' own error messages (bad options), declared like the engine's.

They are printed with :func:`jalon.cli.errors.report`, in the user's language.
"""

from __future__ import annotations

from jalon.i18n import MessageCode, gettext_noop

ERROR = MessageCode("cli.error", gettext_noop("Error: %(problem)s"))
OPTION_DATE = MessageCode(
    "cli.option_date",
    gettext_noop("%(option)s must be a date such as 2026-03-31 (the plan has a start date), not "
                 "%(value)s."))
OPTION_DAYS = MessageCode(
    "cli.option_days",
    gettext_noop("%(option)s must be a number of working days (the plan has no start date), "
                 "not %(value)s."))
OPTION_DAYS_POSITIVE = MessageCode(
    "cli.option_days_positive",
    gettext_noop("%(option)s must be a number of working days >= 0 (the plan has no start "
                 "date), not %(value)s."))
STATUS_NEEDED = MessageCode("cli.status_needed",
                            gettext_noop("--status-date is needed (the file has no status "
                                         "date)."))
NO_BASELINE = MessageCode("cli.no_baseline",
                          gettext_noop("no baseline named %(baseline)s (baselines: %(known)s)."))
NO_BASELINES = MessageCode("cli.no_baselines",
                           gettext_noop("no baseline named %(baseline)s (the file has none)."))
ITERATIONS = MessageCode("cli.iterations",
                         gettext_noop("--iterations must be at least 2 (got %(value)s)."))
BUDGET_NUMBER = MessageCode("cli.budget_number", gettext_noop("--budget must be a number."))
BUDGET_NEEDS_COSTS = MessageCode(
    "cli.budget_needs_costs",
    gettext_noop("--budget needs costs: assign resources with rates or give risks a cost."))
PV_CURVE = MessageCode(
    "cli.pv_curve",
    gettext_noop("--pv-curve must be numbers separated by commas, such as 10,30,60,100, not "
                 "%(value)s."))
FILE_OR_FIGURES = MessageCode(
    "cli.file_or_figures",
    gettext_noop("give either a project FILE or the calculator figures (--bac --pv --ev --ac), "
                 "not both."))
MISSING_FIGURES = MessageCode(
    "cli.missing_figures",
    gettext_noop("missing %(options)s: give a project FILE, or all of --bac --pv --ev --ac."))
CURVE_AND_AT = MessageCode("cli.curve_and_at", gettext_noop("--pv-curve and --at go together."))
