"""Background work of status reports, for the task queue (``jalon worker``): e-mail the
project managers whose report is due. :func:`remind_weekly` sends the reminders every Monday
morning and enqueues its next run; :func:`ensure_reminder_schedule`, called when the worker
starts, starts the chain if no run is waiting (as the KPI snapshots do). The e-mails go through
Django's e-mail backend."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

if TYPE_CHECKING:
    from jalon.portfolios.models import Project


def _recipients(project: Project) -> list[str]:
    """The project's manager (the project's field), else those granted the project manager's
    role on it; only those with an e-mail address."""
    from jalon.accounts.models import Role, RoleGrant

    manager = project.project_manager
    if manager is not None and manager.email:
        return [manager.email]
    grants = RoleGrant.objects.filter(project=project, role=Role.PROJECT_MANAGER,
                                      user__is_active=True).select_related("user")
    return sorted({g.user.email for g in grants if g.user.email})


@task()
def send_due_reminders(today: str | None = None) -> int:
    """E-mail the managers of every project whose status report is due (``selectors.
    due_reports``, as of ``today``, an ISO date, default the current day); returns how many
    e-mails were sent. Runs as the system, in the site's language."""
    from jalon.portfolios.models import Project
    from jalon.statusreports.selectors import due_reports
    from jalon.web.charts import short_date

    day = date.fromisoformat(today) if today else timezone.localdate()
    projects = Project.objects.select_related("portfolio", "project_manager")
    sent = 0
    for due in due_reports(projects=projects, today=day):
        recipients = _recipients(due.project)
        if not recipients:
            continue
        subject = _("Status report due: %(code)s %(name)s") % {
            "code": due.project.code, "name": due.project.name}
        body = _("The status report of %(code)s %(name)s for the period from %(start)s to "
                 "%(end)s has not been submitted yet. Fill it in on the project's Status "
                 "reports tab and submit it to the PMO.") % {
            "code": due.project.code, "name": due.project.name,
            "start": short_date(due.start), "end": short_date(due.end)}
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return sent


REMINDER_TIME = time(8, 0)  # Monday, 08:00 local time


def next_monday_morning(now: datetime) -> datetime:
    """The first Monday at :data:`REMINDER_TIME` after ``now`` (an aware local time)."""
    day = timezone.localtime(now).date()
    day += timedelta(days=(7 - day.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.combine(day, REMINDER_TIME))


def ensure_reminder_schedule() -> bool:
    """Enqueue the weekly reminders for next Monday unless a run waits; returns whether one
    was enqueued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
            task_path=remind_weekly.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        return False
    remind_weekly.using(run_after=next_monday_morning(timezone.now())).enqueue()
    return True


@task()
def remind_weekly() -> int:
    """Send this week's reminders, then schedule next Monday's; returns how many were sent."""
    try:
        return send_due_reminders.call()
    finally:
        remind_weekly.using(run_after=next_monday_morning(timezone.now())).enqueue()
