"""Background work of the finance app, for the task queue (``jalon worker``).

Schedule :func:`take_kpi_snapshots` (e.g. from cron with ``enqueue()``, or after a monthly
status date) to keep the KPI history without anyone clicking.
"""

from __future__ import annotations

from django_tasks import task


@task()
def take_kpi_snapshots(portfolio_id: int | None = None) -> int:
    """Snapshot the KPIs of every project (of one portfolio) that has figures; returns how many.

    Runs as the system: no user rights are checked.
    """
    from jalon.finance.services import kpi_snapshots_take
    from jalon.portfolios.models import Project

    projects = Project.objects.select_related("portfolio", "calendar").order_by("code")
    if portfolio_id is not None:
        projects = projects.filter(portfolio_id=portfolio_id)
    return len(kpi_snapshots_take(actor=None, projects=list(projects)))
