"""Timesheets of the demo's team member (``equipe``, Antoine Roux, resource AUR-DEV1) on the
customer portal, through the services and with the users' own rights:

- the week of 1 June 2026, approved by his project manager (``cheffe.projet``);
- the week of 8 June, submitted and awaiting her approval;
- the week of the status date (15 June), a draft he is still filling in.

The amounts are small beside the portal's actual cost (about 2,000 € approved against
100,000 €), so that its cost status stays as the finance demo describes it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.resources.models import Resource
from jalon.timesheets import services

PROJECT = "NUM-CRM"
TEAM_MEMBER = "equipe"
MANAGER = "cheffe.projet"
RESOURCE = "AUR-DEV1"
DASHBOARDS = "3.5.1"      # Tableaux de bord commerciaux (finished on 4 June)
ACCESSIBILITY = "3.6.1"   # Accessibilité et performances (started on 8 June)

# (day, WBS code, hours, note)
APPROVED_WEEK = (
    (date(2026, 6, 1), DASHBOARDS, "7", "Indicateurs de ventes par région"),
    (date(2026, 6, 2), DASHBOARDS, "7", ""),
    (date(2026, 6, 3), DASHBOARDS, "7", "Recette avec la direction commerciale"),
    (date(2026, 6, 4), DASHBOARDS, "7", "Corrections de recette"),
    (date(2026, 6, 5), DASHBOARDS, "3.5", "Mise en production des tableaux de bord"),
)
SUBMITTED_WEEK = (
    (date(2026, 6, 8), ACCESSIBILITY, "7", "Audit RGAA du tunnel de commande"),
    (date(2026, 6, 9), ACCESSIBILITY, "7", ""),
    (date(2026, 6, 10), ACCESSIBILITY, "7", ""),
    (date(2026, 6, 11), ACCESSIBILITY, "7", "Optimisation des temps de chargement"),
    (date(2026, 6, 12), ACCESSIBILITY, "5", ""),
)
DRAFT_WEEK = (
    (date(2026, 6, 15), ACCESSIBILITY, "7", "Contrastes et navigation au clavier"),
)


def load(*, people: dict[str, Any], projects: dict[str, Project]) -> int:
    """Record, submit and approve the demo's time (the roles must be granted); returns the
    number of entries."""
    member, manager = people[TEAM_MEMBER], people[MANAGER]
    resource = Resource.objects.get(code=RESOURCE)
    tasks = {t.wbs_code: t for t in Task.objects.filter(
        project=projects[PROJECT], wbs_code__in=[DASHBOARDS, ACCESSIBILITY])}
    count = 0
    for week in (APPROVED_WEEK, SUBMITTED_WEEK, DRAFT_WEEK):
        for day, wbs, hours, note in week:
            services.timesheet_entry_create(actor=member, resource=resource, task=tasks[wbs],
                                            date=day, hours=Decimal(hours), note=note)
            count += 1
    first = services.timesheet_week_submit(actor=member, resource=resource,
                                           week=APPROVED_WEEK[0][0])
    services.timesheet_week_submit(actor=member, resource=resource, week=SUBMITTED_WEEK[0][0])
    services.timesheet_entries_approve(actor=manager, entries=first)
    return count
