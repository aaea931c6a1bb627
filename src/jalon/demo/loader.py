"""Load the demo portfolio — the fictional Groupe Aurore — in one transaction, through the services.

The data are fixed (French names, 2026 dates); the only randomness, the jitter of progress, comes
from a seeded generator, so every load gives the same portfolio. ``jalon load-demo`` and
``jalon demo`` call :func:`load_demo`.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

from django.db import connection, transaction

from jalon.accounts.history import acting_as
from jalon.calendars.models import Calendar
from jalon.demo import (
    catalogue,
    changes,
    documents,
    finance,
    governance,
    intake,
    lessons,
    pool,
    progress,
    raid,
    risks,
    status_reports,
    timesheets,
    tolerances,
    users,
)
from jalon.demo.plans import PLANS
from jalon.demo.wbs import RESOURCE_PREFIX, BuiltPlan, PlanBuilder, link_across
from jalon.errors import ValidationFailed
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.resources.models import Assignment, Resource
from jalon.timesheets.models import TimesheetEntry

DEMO_PASSWORD = users.DEMO_PASSWORD
DEMO_USERS = users.DEMO_USERS

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "demo_loaded", "load_demo"]


def demo_loaded() -> bool:
    return Portfolio.objects.filter(code=catalogue.PORTFOLIO_CODE).exists()


def load_demo(force: bool = False) -> str | None:
    """Load the demo portfolio, its users, calendars and resources.

    Does nothing and returns None when the demo portfolio is already there, unless ``force``:
    then the demo's data (its portfolio, users, calendars and ``AUR-`` resources) are deleted and
    loaded afresh. Returns a one-line summary of what was loaded.

    Raises
    ------
    ValidationFailed
        When a login the demo needs (``pmo``...) belongs to a user the demo did not create.
    """
    started = time.perf_counter()
    with transaction.atomic(), ExitStack() as acting:
        if demo_loaded() and not force:
            return None
        foreign = users.foreign_users()
        if foreign:
            raise ValidationFailed(
                f"The demo needs the logins {', '.join(foreign)}, which belong to other users.",
                field="username",
            )
        remove_demo()
        counts = _load(acting)
        _refresh_statistics()
    seconds = time.perf_counter() - started
    # Printed by the CLI, whose messages are in English.
    return (
        f"{counts['projects']} projects ({counts['programmes']} programmes), "
        f"{counts['tasks']} tasks, {counts['links']} links, {counts['resources']} resources, "
        f"{counts['assignments']} assignments, {counts['risks']} risks, {counts['users']} users "
        f"in {seconds:.1f} s."
    )


def _refresh_statistics() -> None:
    """Give PostgreSQL's planner the sizes of the tables just filled. Until autovacuum comes by,
    it would take them for the empty tables it last saw and join the demo's tasks and links by
    nested loops: seconds a query where milliseconds do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def remove_demo() -> None:
    """Delete whatever the demo loaded before, including leftovers of a partly deleted demo.

    This bypasses the services on purpose: they refuse to delete resources in use or projects
    with plans, and the demo must be replaceable whatever users did to it since.
    """
    # all_objects: a demo portfolio or project a user moved to the trash goes too, or its code
    # would block loading the demo afresh.
    Project.all_objects.filter(portfolio__code=catalogue.PORTFOLIO_CODE).delete()
    Programme.all_objects.filter(portfolio__code=catalogue.PORTFOLIO_CODE).delete()
    Portfolio.all_objects.filter(code=catalogue.PORTFOLIO_CODE).delete()
    demo_resources = Resource.objects.filter(code__startswith=RESOURCE_PREFIX)
    Assignment.objects.filter(resource__in=demo_resources).delete()
    TimesheetEntry.objects.filter(resource__in=demo_resources).delete()
    demo_resources.delete()
    calendars = Calendar.objects.filter(name__in=pool.CALENDAR_NAMES)
    Calendar.objects.filter(base__in=calendars).exclude(pk__in=calendars).update(base=None)
    for name in pool.CALENDAR_NAMES:  # derived calendars before their base
        Calendar.objects.filter(name=name).delete()
    users.demo_users_present().delete()


def _load(acting: ExitStack) -> dict[str, Any]:
    people = users.create_users()
    actor = people["pmo"]  # a superuser: every service below accepts it
    acting.enter_context(acting_as(actor))  # whom the audit trail names for the demo's changes
    calendars = pool.create_calendars(actor=actor)
    resources = pool.create_resources(actor=actor, calendars=calendars, users=people)

    portfolio = portfolios.portfolio_create(actor=actor, code=catalogue.PORTFOLIO_CODE,
                                            name=catalogue.PORTFOLIO_NAME,
                                            description=catalogue.PORTFOLIO_DESCRIPTION)
    objectives = {
        code: portfolios.objective_create(actor=actor, portfolio=portfolio, code=code,
                                          name=name, description=description, weight=weight)
        for code, name, description, weight in catalogue.OBJECTIVES
    }
    programmes: dict[str, Programme] = {
        code: portfolios.programme_create(actor=actor, portfolio=portfolio, code=code, name=name,
                                          description=description, manager=people[manager])
        for code, name, description, manager in catalogue.PROGRAMMES
    }
    projects: dict[str, Project] = {}
    plans: dict[str, BuiltPlan] = {}
    for spec in catalogue.PROJECTS:
        project = portfolios.project_create(
            actor=actor,
            portfolio=portfolio,
            programme=programmes[spec.programme] if spec.programme else None,
            code=spec.code,
            name=spec.name,
            description=spec.description,
            objectives=[objectives[code] for code in spec.objectives],
            sponsor=spec.sponsor,
            project_manager=people[spec.manager],
            status=spec.status,
            priority=spec.priority,
            methodology=spec.methodology,
            planned_start=spec.start,
            currency="EUR",
            calendar=calendars[spec.calendar],
        )
        projects[spec.code] = project
        plans[spec.code] = PlanBuilder(actor=actor, project=project,
                                       resources=resources).build(PLANS[spec.code])
    cross_links = link_across(actor=actor, plans=plans)

    rng = progress.new_generator()
    for spec in catalogue.PROJECTS:
        if spec.started:
            progress.record_progress(actor=actor, project=projects[spec.code], spec=spec,
                                     rng=rng)

    users.grant_roles(users=people, portfolio=portfolio, programmes=programmes,
                      projects=projects)
    timesheets.load(people=people, projects=projects)
    finance.load(actor=actor, portfolio=portfolio, projects=projects)
    risk_count = risks.load(actor=actor, projects=projects, people=people)
    governance.load(actor=actor, projects=projects, people=people)
    documents.load(projects=projects, people=people)
    changes.load(projects=projects, people=people)
    tolerances.load(actor=actor, portfolio=portfolio, projects=projects)
    status_reports.load(people=people, projects=projects)
    intake.load(actor=actor, portfolio=portfolio, people=people)
    raid.load(actor=actor, projects=projects, people=people)
    lessons.load(actor=actor, projects=projects, people=people)
    return {
        "projects": len(projects),
        "programmes": len(programmes),
        "tasks": sum(plan.task_count for plan in plans.values()),
        "links": sum(plan.link_count for plan in plans.values()) + cross_links,
        "resources": len(resources),
        "assignments": sum(plan.assignment_count for plan in plans.values()),
        "users": len(people),
        "risks": risk_count,
    }
