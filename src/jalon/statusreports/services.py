"""Writes to status reports: a portfolio's cadence, starting a report for a period, the
project manager's commentary, and the life cycle draft → submitted → (returned → submitted)
→ published. Each in one transaction, each checking the actor's rights first
(``jalon.statusreports.permissions``). Publishing freezes the figures in the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed
from jalon.portfolios.models import Portfolio, Project
from jalon.statusreports import permissions as rules
from jalon.statusreports import selectors
from jalon.statusreports.models import Cadence, ReportingSettings, StatusReport
from jalon.statusreports.periods import period_of
from jalon.statusreports.prefill import prefill, trends
from jalon.validation import assign_fields, validate
from jalon.web.charts import short_date

COMMENTARY_FIELDS = {"achievements", "next_period", "help_needed"}
State = StatusReport.State


@dataclass(frozen=True)
class Step:
    """An action on a report: the states it leaves from, the one it leads to, and whether it is
    the PMO's (else the project's managers')."""

    sources: frozenset[str]
    target: str
    review: bool


STEPS: dict[str, Step] = {
    "submit": Step(frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, review=False),
    "return": Step(frozenset({State.SUBMITTED}), State.RETURNED, review=True),
    "publish": Step(frozenset({State.SUBMITTED}), State.PUBLISHED, review=True),
}


def _who(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def cadence_set(*, actor: Any, portfolio: Portfolio, cadence: str) -> ReportingSettings:
    """Set how often the projects of ``portfolio`` report (``weekly`` or ``monthly``); the
    reports already started keep their period."""
    rules.require_cadence(actor, portfolio)
    if cadence not in Cadence.values:
        raise ValidationFailed(_("Unknown cadence: %(cadence)s.") % {"cadence": cadence},
                               field="cadence")
    settings, _created = ReportingSettings.objects.update_or_create(
        portfolio=portfolio, defaults={"cadence": cadence})
    return settings


@transaction.atomic
def report_create(*, actor: Any, project: Project, day: date | None = None,
                  **commentary: str) -> StatusReport:
    """Start the report of ``project`` for the period (of its portfolio's cadence) holding
    ``day`` — by default its status date, else today — as a draft; ``commentary`` gives any of
    :data:`COMMENTARY_FIELDS`."""
    rules.require_start(actor, project)
    cadence = selectors.cadence_of(project.portfolio)
    start, end = period_of(day or project.status_date or timezone.localdate(), cadence)
    existing = StatusReport.objects.filter(project=project, period_start=start).first()
    if existing is not None:
        raise ValidationFailed(
            _("%(project)s already has a status report for the period from %(start)s to "
              "%(end)s.") % {"project": project.code, "start": short_date(start),
                             "end": short_date(end)}, field="day")
    report = StatusReport(project=project, cadence=cadence, period_start=start,
                          period_end=end, created_by=_who(actor))
    assign_fields(report, commentary, COMMENTARY_FIELDS)
    validate(report)
    report.save()
    return report


@transaction.atomic
def report_update(*, actor: Any, report: StatusReport, **changes: str) -> StatusReport:
    """Change the commentary (any of :data:`COMMENTARY_FIELDS`) of a draft or returned
    report."""
    rules.require_write(actor, report)
    if not report.is_open:
        raise ValidationFailed(
            _("The status report is %(state)s: its commentary no longer changes.")
            % {"state": report.get_state_display().lower()})
    assign_fields(report, changes, COMMENTARY_FIELDS)
    validate(report)
    report.save()
    return report


def allowed_actions(user: Any, report: StatusReport) -> list[str]:
    """The transitions ``user`` may make now (keys of :data:`STEPS`)."""
    return [action for action, step in STEPS.items() if report.state in step.sources
            and (rules.can_review(user, report) if step.review
                 else rules.can_write(user, report.project))]


@transaction.atomic
def report_transition(*, actor: Any, report: StatusReport, action: str,
                      comments: str = "") -> StatusReport:
    """Move ``report`` by ``action``: ``submit`` (the project's managers), ``return`` with the
    PMO's ``comments`` (required) or ``publish`` (the PMO, not the one who submitted it).
    Publishing freezes the figures as they are now, with their trend since the previous
    published report."""
    step = STEPS.get(action)
    if step is None:
        raise ValidationFailed(_("Unknown action: %(action)s.") % {"action": action},
                               field="action")
    # read the state again under a lock: two reviewers at once publish once
    report.state = StatusReport.objects.select_for_update().values_list(
        "state", flat=True).get(pk=report.pk)
    if step.review:
        rules.require_review(actor, report)
    else:
        rules.require_write(actor, report)
    if report.state not in step.sources:
        raise ValidationFailed(
            _("The status report is “%(state)s”: it cannot become “%(target)s”.")
            % {"state": report.get_state_display(), "target": State(step.target).label},
            field="action")
    comments = comments.strip()
    if action == "return" and not comments:
        raise ValidationFailed(_("Say what the project manager should change."),
                               field="comments")
    now = timezone.now()
    if action == "submit":
        report.submitted_by, report.submitted_at = _who(actor), now
    else:
        report.reviewed_by = _who(actor)
        if comments:
            report.review_comments = comments
    if action == "publish":
        report.snapshot = _frozen(report)
        frozen_at = report.snapshot["status_date"]
        report.status_date = date.fromisoformat(frozen_at) if frozen_at else None
        report.published_at = now
    report.state = step.target
    report.save()
    return report


def _frozen(report: StatusReport) -> dict[str, Any]:
    figures = prefill(report.project, period_start=report.period_start,
                      period_end=report.period_end)
    previous = selectors.previous_published(report)
    figures["trend"] = trends(figures["rag"], previous.snapshot["rag"]
                              if previous is not None and previous.snapshot else None)
    return figures
