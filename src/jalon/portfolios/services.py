"""Writes to the portfolio structure, each in a transaction, each checking the actor's rights."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.portfolios import after_change, methods, trash
from jalon.portfolios.concurrency import lock_current, save_changed
from jalon.portfolios.models import (
    InputsVersion,
    Portfolio,
    Programme,
    Project,
    StrategicObjective,
)
from jalon.validation import assign_fields, validate

PORTFOLIO_FIELDS = {"code", "name", "description"}
PROGRAMME_FIELDS = {"code", "name", "description", "manager"}
OBJECTIVE_FIELDS = {"code", "name", "description", "weight"}
PROJECT_FIELDS = {
    "code", "name", "description", "programme", "sponsor", "project_manager", "status",
    "priority", "methodology", "planned_start", "status_date", "currency", "calendar",
    "retained_logic", "constraints_before_start",
}


@transaction.atomic
def portfolio_create(*, actor: Any, code: str, name: str, description: str = "") -> Portfolio:
    if not perms.can_create_portfolio(actor):
        raise PermissionDenied(_("Only PMO administrators may create portfolios."))
    portfolio = Portfolio(code=code, name=name, description=description)
    validate(portfolio)
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolio_update(*, actor: Any, portfolio: Portfolio, **changes: Any) -> Portfolio:
    perms.require_change(actor, portfolio)
    assign_fields(portfolio, changes, PORTFOLIO_FIELDS)
    validate(portfolio)
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolio_delete(*, actor: Any, portfolio: Portfolio) -> None:
    """Move the portfolio to the trash with its programmes and projects
    (:mod:`jalon.portfolios.trash`)."""
    if not perms.can_create_portfolio(actor):
        raise PermissionDenied(_("Only PMO administrators may delete portfolios."))
    inputs_changed(projects=trash.move_to_trash(actor=actor, obj=portfolio))


@transaction.atomic
def programme_create(*, actor: Any, portfolio: Portfolio, code: str, name: str,
                     description: str = "", manager: Any = None) -> Programme:
    perms.require_change(actor, portfolio)
    programme = Programme(portfolio=portfolio, code=code, name=name, description=description,
                          manager=manager)
    validate(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, **changes: Any) -> Programme:
    perms.require_change(actor, programme)
    assign_fields(programme, changes, PROGRAMME_FIELDS)
    validate(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_delete(*, actor: Any, programme: Programme) -> None:
    """Move the programme to the trash with its projects (:mod:`jalon.portfolios.trash`)."""
    perms.require_change(actor, programme.portfolio)
    inputs_changed(projects=trash.move_to_trash(actor=actor, obj=programme))


@transaction.atomic
def objective_create(*, actor: Any, portfolio: Portfolio, code: str, name: str,
                     description: str = "", weight: int = 1) -> StrategicObjective:
    perms.require_change(actor, portfolio)
    objective = StrategicObjective(portfolio=portfolio, code=code, name=name,
                                   description=description, weight=weight)
    validate(objective)
    objective.save()
    return objective


@transaction.atomic
def objective_update(*, actor: Any, objective: StrategicObjective, **changes: Any) -> StrategicObjective:
    perms.require_change(actor, objective.portfolio)
    assign_fields(objective, changes, OBJECTIVE_FIELDS)
    validate(objective)
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, actor: Any, objective: StrategicObjective) -> None:
    perms.require_change(actor, objective.portfolio)
    objective.delete()


def _check_objectives(project: Project, objectives: list[StrategicObjective]) -> None:
    for objective in objectives:
        if objective.portfolio_id != project.portfolio_id:
            raise ValidationFailed(
                _("Objective %(code)s belongs to another portfolio.") % {"code": objective.code},
                field="objectives",
            )


@transaction.atomic
def project_create(*, actor: Any, portfolio: Portfolio | None = None,
                   programme: Programme | None = None, code: str, name: str,
                   objectives: list[StrategicObjective] | None = None,
                   template: int | None = None, **fields: Any) -> Project:
    """Create a project in a programme, or directly in a portfolio.

    The actor must manage the programme (or the portfolio). ``fields`` are any of
    :data:`PROJECT_FIELDS`. A ``methodology`` that is a pack's key sets the project up from
    the pack, a ``template`` (a project template's id) from the template
    (``jalon.portfolios.methods``).
    """
    if programme is None and portfolio is None:
        raise ValidationFailed(_("Give a portfolio or a programme."), field="portfolio")
    if programme is not None:
        if portfolio is not None and programme.portfolio_id != portfolio.pk:
            raise ValidationFailed(_("The programme belongs to another portfolio."), field="programme")
        portfolio = programme.portfolio
        perms.require_change(actor, programme)
    else:
        perms.require_change(actor, portfolio)
    assert portfolio is not None
    project = Project(portfolio=portfolio, programme=programme, code=code, name=name)
    assign_fields(project, fields, PROJECT_FIELDS - {"programme"})
    validate(project)
    project.save()
    if objectives:
        _check_objectives(project, objectives)
        project.objectives.set(objectives)
    methods.start(actor=actor, project=project, template=template)
    return project


def _check_move(actor: Any, project: Project, programme: Programme | None) -> None:
    """Refuse moving ``project`` into ``programme`` (None: out of its programme) unless
    ``actor`` manages both where it is and where it goes: a project manager may not take her
    project away from the programme manager who answers for it."""
    if programme is not None and programme.portfolio_id != project.portfolio_id:
        raise ValidationFailed(_("The programme belongs to another portfolio."),
                               field="programme")
    for container in (project.programme or project.portfolio, programme or project.portfolio):
        if not perms.can_change(actor, container):
            raise PermissionDenied(_("Only the managers of its programme or portfolio may "
                                     "move a project to another programme or out of one."))


@transaction.atomic
def project_update(*, actor: Any, project: Project, version: int | None = None,
                   objectives: list[StrategicObjective] | None = None, **changes: Any) -> Project:
    """Change the project's fields given (the others keep their stored value); ``version``, the
    one the editor read, is refused when older than the project's (StaleVersion,
    :mod:`jalon.portfolios.concurrency`)."""
    perms.require_change(actor, project)
    if "programme" in changes and changes["programme"] != project.programme:
        _check_move(actor, project, changes["programme"])
    before = lock_current(project, version=version)
    assign_fields(project, changes, PROJECT_FIELDS)
    validate(project)
    save_changed(project, before)
    if objectives is not None:
        _check_objectives(project, objectives)
        project.objectives.set(objectives)
    inputs_changed(projects=[project])
    return project


def require_project_deletable(*, actor: Any, project: Project) -> None:
    """Refuse unless ``actor`` manages the project's programme (or its portfolio when it has
    none): the project's own manager may not delete it."""
    perms.require_view(actor, project)
    if not perms.can_change(actor, project.programme or project.portfolio):
        raise PermissionDenied(_("Only the programme or portfolio managers may delete a project."))


@transaction.atomic
def project_delete(*, actor: Any, project: Project, version: int | None = None) -> None:
    """Move a project to the trash with its plan (:mod:`jalon.portfolios.trash`). Only those
    who manage its programme or portfolio may; refused (StaleVersion) when ``version``, the one
    the editor read, is no longer the project's."""
    require_project_deletable(actor=actor, project=project)
    lock_current(project, version=version)
    inputs_changed(projects=trash.move_to_trash(actor=actor, obj=project))


# --- the trash ----------------------------------------------------------------------------------

def _require_trash(actor: Any) -> None:
    if not perms.is_pmo_admin(actor):
        raise PermissionDenied(_("Only PMO administrators may manage the trash."))


@transaction.atomic
def trash_restore(*, actor: Any, kind: str, pk: Any) -> Portfolio | Programme | Project:
    """Bring the ``kind`` (portfolio, programme, project) ``pk`` back from the trash with what
    went with it. A programme or project whose portfolio or programme is still in the trash is
    refused: restore that one first (it brings back what went with it)."""
    _require_trash(actor)
    obj = trash.in_trash(kind, pk)
    parent = trash.parent_in_trash(obj)
    if isinstance(parent, Programme):
        raise ValidationFailed(_("“%(name)s” belongs to the programme “%(parent)s”, which is in "
                                 "the trash too: restore the programme first.")
                               % {"name": obj, "parent": parent})
    if parent is not None:
        raise ValidationFailed(_("“%(name)s” belongs to the portfolio “%(parent)s”, which is in "
                                 "the trash too: restore the portfolio first.")
                               % {"name": obj, "parent": parent})
    inputs_changed(projects=trash.bring_back(obj))
    return obj


@transaction.atomic
def trash_delete(*, actor: Any, kind: str, pk: Any) -> None:
    """Delete for good the ``kind`` ``pk`` in the trash, with everything under it."""
    _require_trash(actor)
    trash.destroy(trash.in_trash(kind, pk))


def trash_purge(*, now: datetime | None = None) -> int:
    """Delete for good what has been in the trash longer than ``settings.JALON_TRASH_DAYS``
    (as of ``now``), one object at a time so that no transaction grows with the trash; returns
    how many objects were deleted (a portfolio counts once with what went with it)."""
    before = trash.expired(now)
    purged = 0
    for model in trash.KINDS.values():  # portfolios first: their projects go with them
        while (obj := model.all_objects.filter(deleted_at__lt=before).first()) is not None:
            with transaction.atomic():
                trash.destroy(obj)
            purged += 1
    return purged


# --- stored results -------------------------------------------------------------------------------

def inputs_changed(*, projects: Iterable[Project | int] = (), everything: bool = False) -> None:
    """Say that what the figures of ``projects`` (objects or ids) are computed from has changed:
    their stored results will be computed again when next read (``jalon.portfolios.results``).

    Every service that changes a project's plan, costs, time or risks calls this in its own
    transaction; ``everything`` is for what every project shares (a calendar, the pool). Once
    the change commits, the apps listening hear of the projects (:mod:`.after_change`).
    """
    if everything:
        ids = set(Project.objects.values_list("pk", flat=True))
    else:
        ids = {p if isinstance(p, int) else p.pk for p in projects}
    if ids:
        InputsVersion.objects.bulk_create([InputsVersion(project_id=pk) for pk in ids],
                                          ignore_conflicts=True)
        InputsVersion.objects.filter(project_id__in=ids).update(version=F("version") + 1)
        if not everything:  # a calendar or the pool: the periodic checks see to every project
            after_change.changed(ids)

