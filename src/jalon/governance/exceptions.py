"""Management by exception (PRINCE2): the writes of tolerances and of the exceptions raised when
the forecast breaks one. Each write is a transaction and checks the actor's rights first.

The check (:func:`exceptions_check`) takes the live measures of ``governance.tolerances`` and
opens an exception for each broken tolerance that has none open, notifying the project's board
and its manager, who writes the exception report; the board's decision resolves it. It runs in
the task queue (``governance.tasks``): every 15 minutes for every active project, and for one
project right after its tolerances change. Nothing is written when a page is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from jalon.accounts import permissions as perms
from jalon.accounts.models import Role
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance import packs
from jalon.governance.models import (
    PortfolioTolerances,
    ProjectRole,
    ProjectTolerances,
    ToleranceException,
    Tolerances,
)
from jalon.governance.services import can_decide
from jalon.governance.tasks import check_projects
from jalon.governance.tolerances import Reading, measure_readings
from jalon.notifications.services import notifications_resolve, notify
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Portfolio, Project
from jalon.validation import validate

Measure = ToleranceException.Measure
Decision = ToleranceException.Decision

#: What the board and the manager read when a tolerance breaks (no amount: the text is stored,
#: and the board's members do not all see money).
RAISED: dict[str, str] = {
    Measure.TIME: gettext_noop("%(project)s: the forecast finish is %(days)s days after the "
                               "approved finish, beyond the time tolerance."),
    Measure.TIME_P80: gettext_noop("%(project)s: the Monte Carlo P80 finish is %(days)s days "
                                   "after the approved finish, beyond the time tolerance."),
    Measure.COST: gettext_noop("%(project)s: the estimate at completion passes the budget "
                               "beyond the cost tolerance."),
    Measure.SCOPE: gettext_noop("%(project)s: the tasks of the plan have changed beyond the "
                                "scope tolerance."),
    Measure.RISK: gettext_noop("%(project)s: an open risk scores %(score)s, beyond the risk "
                               "tolerance."),
}
REPORTED = gettext_noop("%(project)s: the exception report on “%(tolerance)s” is ready for the "
                        "board's decision.")
#: The parts of an exception report, as a refusal names them.
REPORT_PARTS = {"cause": gettext_lazy("cause"), "consequences": gettext_lazy("consequences"),
                "options": gettext_lazy("options"),
                "recommendation": gettext_lazy("recommendation")}
KIND = "tolerance_exception"
INACTIVE = (Project.Status.CLOSED, Project.Status.CANCELLED)


def ref_of(exception: ToleranceException) -> str:
    """What the exception's "to do" notifications are filed under."""
    return f"exception:{exception.pk}"


# --- tolerances ------------------------------------------------------------------------------

def can_set_tolerances(user: Any, target: Portfolio | Project) -> bool:
    """PMO administrators and portfolio managers reaching the portfolio or project."""
    return perms.is_superuser(user) or bool(
        perms.roles_on(user, target) & {Role.PMO_ADMIN, Role.PORTFOLIO_MANAGER})


def _require_set(actor: Any, target: Portfolio | Project) -> None:
    perms.require_view(actor, target)
    if not can_set_tolerances(actor, target):
        raise PermissionDenied(_("Only the PMO and portfolio managers set tolerances."))


def _assign(record: Tolerances, values: dict[str, Any]) -> None:
    """Set every tolerance field from ``values`` (None or absent: inherited)."""
    for name in packs.TOLERANCE_FIELDS:
        value = values.get(name)
        if value is not None:
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                raise ValidationFailed(_("Give a number."), field=name) from None
            if value < 0:
                raise ValidationFailed(_("A tolerance cannot be negative."), field=name)
            if name in {"time_days", "risk_score"} and value != value.to_integral_value():
                raise ValidationFailed(_("Give a whole number."), field=name)
            value = int(value) if name in {"time_days", "risk_score"} else value
        setattr(record, name, value)
    validate(record)
    record.save()


def _check_later(projects: Iterable[Project]) -> None:
    """Check the projects in the task queue once the transaction commits."""
    ids = sorted(p.pk for p in projects)
    if ids:
        transaction.on_commit(lambda: check_projects.enqueue(ids))


@transaction.atomic
def tolerances_set(*, actor: Any, project: Project, **values: Any) -> ProjectTolerances:
    """Set the project's own tolerances (``packs.TOLERANCE_FIELDS``; None inherits the
    portfolio's, then the pack's); the project is checked against them right after."""
    _require_set(actor, project)
    record = ProjectTolerances.objects.filter(project=project).first() or ProjectTolerances(
        project=project)
    _assign(record, values)
    _check_later([project])
    return record


@transaction.atomic
def portfolio_tolerances_set(*, actor: Any, portfolio: Portfolio,
                             **values: Any) -> PortfolioTolerances:
    """Set the portfolio's default tolerances (None inherits the pack's); its projects are
    checked against them right after."""
    _require_set(actor, portfolio)
    record = PortfolioTolerances.objects.filter(portfolio=portfolio).first() or \
        PortfolioTolerances(portfolio=portfolio)
    _assign(record, values)
    _check_later(portfolio.projects.exclude(status__in=INACTIVE))
    return record


# --- exceptions raised by the check ------------------------------------------------------------

def approvers_of(project: Project) -> list[Any]:
    """The holders of the project's approving (board) roles."""
    return [r.holder for r in ProjectRole.objects.filter(
        project=project, approver=True).exclude(holder=None).select_related("holder")]


def board_of(project: Project) -> list[Any]:
    """Who hears of an exception: the project's board, and its manager."""
    return [*approvers_of(project), project.project_manager]


def _name(project: Project) -> str:
    return f"{project.code} {project.name}"


def _params(project: Project, reading: Reading) -> dict[str, Any]:
    params: dict[str, Any] = {"project": _name(project)}
    if reading.measure in {Measure.TIME, Measure.TIME_P80}:
        params["days"] = round(reading.value or 0)
    elif reading.measure == Measure.RISK:
        params["score"] = round(reading.value or 0)
    return params


def _raise(project: Project, reading: Reading) -> ToleranceException | None:
    assert reading.value is not None and reading.limit is not None
    try:
        with transaction.atomic():
            exception = ToleranceException.objects.create(
                project=project, measure=reading.measure, measured=reading.value,
                limit=reading.limit)
            notify(recipients=board_of(project), kind=KIND, message=RAISED[reading.measure],
                   params=_params(project, reading), project=project, action=True,
                   url=reverse("tolerance-exception", args=[exception.pk]),
                   ref=ref_of(exception))
    except IntegrityError:  # another worker opened it first
        return None
    return exception


def exceptions_check(*, projects: Iterable[Project]) -> list[ToleranceException]:
    """Measure ``projects`` (closed and cancelled ones left out) against their tolerances and
    open an exception for every broken tolerance that has none open; returns those opened.

    Runs as the system (the task queue), for every project it is given."""
    projects = [p for p in projects if p.status not in INACTIVE]
    if not projects:
        return []
    readings = measure_readings(projects)
    already = set(ToleranceException.objects.filter(
        project__in=projects, resolved_at=None).values_list("project_id", "measure"))
    raised = []
    for project in projects:
        for reading in readings[project.pk]:
            if reading.breached and (project.pk, reading.measure) not in already:
                exception = _raise(project, reading)
                if exception is not None:
                    raised.append(exception)
    return raised


# --- the report and the decision -------------------------------------------------------------

def _require_open(exception: ToleranceException) -> None:
    if not exception.is_open:
        raise ValidationFailed(_("This exception has been resolved."), field="decision")


@transaction.atomic
def exception_report(*, actor: Any, exception: ToleranceException, cause: str,
                     consequences: str, options: str, recommendation: str) -> ToleranceException:
    """The project manager's exception report: cause, consequences, options and the recommended
    one; the board hears that it can decide. Written again while the exception is open."""
    project = exception.project
    perms.require_change(actor, project)
    _require_open(exception)
    texts = {"cause": cause, "consequences": consequences, "options": options,
             "recommendation": recommendation}
    for field, text in texts.items():
        if not text.strip():
            raise ValidationFailed(_("The exception report needs its %(part)s.")
                                   % {"part": REPORT_PARTS[field]}, field=field)
    for field, text in texts.items():
        setattr(exception, field, text.strip())
    exception.reported_by, exception.reported_at = actor, timezone.now()
    exception.save()
    notify(recipients=approvers_of(project), kind=KIND, message=REPORTED, project=project,
           params={"project": _name(project),
                   "tolerance": str(Measure(exception.measure).label)},
           url=reverse("tolerance-exception", args=[exception.pk]))
    return exception


@transaction.atomic
def exception_resolve(*, actor: Any, exception: ToleranceException, decision: str,
                      comment: str,
                      tolerances: dict[str, Any] | None = None) -> ToleranceException:
    """The board's decision on an exception, once reported: accept the new forecast (with new
    project tolerances, ``tolerances``, when given), ask for an exception plan, or close the
    project prematurely (it is closed). The exception is resolved and comes off everyone's
    "to do" list.

    A measure that still breaks its tolerance raises a new exception at the next check: accept
    with tolerances that hold the new forecast, or take a new baseline."""
    project = exception.project
    if not can_decide(actor, project):
        raise PermissionDenied(_("Only the project's board (its gates' approvers) decides on "
                                 "its exceptions."))
    _require_open(exception)
    if decision not in Decision.values:
        raise ValidationFailed(_("Choose: accept the new forecast, ask for an exception plan or "
                                 "close the project prematurely."), field="decision")
    if not exception.reported:
        raise ValidationFailed(_("The project manager has not written the exception report "
                                 "yet."), field="decision")
    if not comment.strip():
        raise ValidationFailed(_("Say why in the comment."), field="comment")
    if tolerances and decision != Decision.ACCEPT:
        raise ValidationFailed(_("Only an accepted forecast comes with new tolerances."),
                               field="tolerances")
    if tolerances:
        record = ProjectTolerances.objects.filter(project=project).first() or ProjectTolerances(
            project=project)
        _assign(record, {**{n: getattr(record, n) for n in packs.TOLERANCE_FIELDS},
                         **tolerances})
    if decision == Decision.PREMATURE_CLOSURE and project.status != Project.Status.CLOSED:
        portfolios.project_update(actor=actor, project=project, status=Project.Status.CLOSED)
    exception.decision, exception.comment = decision, comment.strip()
    exception.decided_by, exception.resolved_at = actor, timezone.now()
    exception.save()
    notifications_resolve(ref=ref_of(exception))
    return exception
