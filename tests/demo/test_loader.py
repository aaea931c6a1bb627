"""The demo portfolio: what it holds, that it is consistent, and that loading it is repeatable."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q

from jalon.calendars.models import Calendar
from jalon.demo.catalogue import PORTFOLIO_CODE, STATUS_DATE
from jalon.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo
from jalon.demo.progress import BASELINE_NAME
from jalon.errors import ValidationFailed
from jalon.planning.models import Baseline, Dependency, Task
from jalon.planning.scheduling import project_schedule
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.services import portfolio_delete
from jalon.resources.models import Assignment, Resource

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

STARTED = (Project.Status.IN_PROGRESS, Project.Status.ON_HOLD, Project.Status.CLOSED)


def demo_projects():
    return Project.objects.filter(portfolio__code=PORTFOLIO_CODE)


def demo_tasks():
    return Task.objects.filter(project__portfolio__code=PORTFOLIO_CODE)


def leaves(queryset):
    return queryset.annotate(n=Count("children")).filter(n=0)


def fingerprint() -> list[tuple]:
    """Everything a user would see change if a reload were not identical."""
    tasks = demo_tasks().order_by("project__code", "wbs_code").values_list(
        "project__code", "wbs_code", "name", "duration", "constraint_type", "constraint_date",
        "percent_complete", "actual_start", "actual_finish",
    )
    links = Dependency.objects.filter(successor__project__portfolio__code=PORTFOLIO_CODE).values_list(
        "predecessor__project__code", "predecessor__wbs_code", "successor__project__code",
        "successor__wbs_code", "type", "lag",
    ).order_by("successor__project__code", "successor__wbs_code", "predecessor__wbs_code")
    work = Assignment.objects.filter(task__project__portfolio__code=PORTFOLIO_CODE).values_list(
        "task__project__code", "task__wbs_code", "resource__code", "units", "work",
    ).order_by("task__project__code", "task__wbs_code", "resource__code")
    return [*tasks, *links, *work]


def test_the_summary_counts_what_was_loaded(demo):
    assert demo is not None and "projects" in demo
    assert f"{demo_tasks().count()} tasks" in demo


def test_the_portfolio_has_programmes_in_three_sectors_and_projects_outside_them(demo):
    portfolio = Portfolio.objects.get(code=PORTFOLIO_CODE)
    names = set(Programme.objects.filter(portfolio=portfolio).values_list("name", flat=True))
    assert {"Transformation numérique", "Nouveau siège de Lyon", "Usine 4.0"} <= names
    assert demo_projects().count() >= 12
    assert demo_projects().filter(programme__isnull=True).count() >= 1
    assert portfolio.objectives.count() >= 3
    assert all(p.objectives.exists() for p in demo_projects())


def test_every_lifecycle_state_appears(demo):
    states = set(demo_projects().values_list("status", flat=True))
    assert states == set(Project.Status.values)


def test_projects_are_described_like_a_pmo_would(demo):
    # the projects approved from the 2027 proposals (jalon.demo.intake) are not planned yet
    for project in demo_projects().filter(proposal__isnull=True).select_related(
            "project_manager"):
        assert project.code and project.sponsor and project.methodology, project.code
        assert project.project_manager is not None, project.code
        assert project.currency == "EUR"
        assert project.planned_start.year == 2026
        assert project.calendar.public_holidays == "FR" or project.calendar.base.public_holidays == "FR"
    methodologies = " ".join(demo_projects().values_list("methodology", flat=True))
    assert {"PMBOK", "PRINCE2", "AgilePM"} <= set(methodologies.replace("(", " ").split())
    assert len(set(demo_projects().values_list("priority", flat=True))) > 5


def test_the_plans_are_large_and_varied(demo):
    tasks = demo_tasks()
    assert tasks.count() >= 300
    assert tasks.filter(parent__isnull=True).count() >= 30  # phases
    assert tasks.filter(parent__parent__isnull=False).exists()  # three outline levels
    assert tasks.filter(is_milestone=True, name__startswith="Jalon : validation du cahier").exists()
    assert tasks.filter(optimistic__isnull=False).count() >= 10
    assert tasks.filter(constraint_type="SNET").exists()
    assert tasks.filter(constraint_type="FNLT").exists()
    assert tasks.filter(deadline__isnull=False).count() >= 3
    assert not tasks.filter(is_milestone=True, duration__gt=0).exists()


def test_links_use_every_type_with_leads_and_lags_and_cross_projects(demo):
    links = Dependency.objects.filter(successor__project__portfolio__code=PORTFOLIO_CODE)
    assert set(links.values_list("type", flat=True)) == {"FS", "SS", "FF", "SF"}
    assert links.filter(lag__gt=0).count() >= 10
    assert links.filter(lag__lt=0).count() >= 3
    assert links.exclude(predecessor__project=F("successor__project")).count() >= 2
    assert not links.filter(Q(predecessor__children__isnull=False)
                            | Q(successor__children__isnull=False)).exists()


def test_the_pool_has_people_equipment_and_material_on_calendars(demo):
    pool = Resource.objects.filter(code__startswith="AUR-")
    assert pool.count() >= 25
    kinds = dict(pool.values_list("kind").annotate(n=Count("id")))
    assert kinds["person"] >= 20 and kinds["equipment"] >= 1 and kinds["material"] >= 1
    assert not pool.filter(standard_rate=0).exists()
    skills = set(pool.values_list("skills__name", flat=True))
    assert {"Chef de projet", "Développeur", "Architecte", "Conducteur de travaux",
            "Ingénieur méthodes"} <= skills
    part_time = pool.get(calendar__isnull=False)
    assert part_time.calendar.working_weekdays == [0, 1, 2, 3]
    factory = Calendar.objects.get(name__contains="Usine")
    assert factory.exceptions.filter(name="Fermeture estivale", start=date(2026, 8, 3)).exists()
    assert demo_projects().filter(calendar=factory).count() >= 3


def test_most_work_tasks_have_assignments(demo):
    work = leaves(demo_tasks().filter(is_milestone=False))
    assigned = work.filter(assignments__isnull=False).distinct().count()
    assert assigned >= 0.85 * work.count()
    assert not Assignment.objects.filter(task__is_milestone=True).exists()
    people = Assignment.objects.filter(resource__kind="person", task__project__portfolio__code=PORTFOLIO_CODE)
    assert not people.filter(work=0).exists()
    material = Assignment.objects.filter(resource__kind="material")
    assert material.exists() and not material.filter(work=0).exists()  # quantities consumed


def test_started_projects_have_a_baseline_a_status_date_and_progress(demo):
    for project in demo_projects():
        if project.status not in STARTED:
            assert project.status_date is None and not project.baselines.exists(), project.code
            assert not project.tasks.filter(percent_complete__gt=0).exists(), project.code
            continue
        baseline = Baseline.objects.get(project=project, name=BASELINE_NAME)
        assert baseline.tasks.count() == project.tasks.count()
        assert project.status_date is not None and project.status_date <= STATUS_DATE
        assert project.tasks.filter(percent_complete__gt=0).exists(), project.code
        started = project.tasks.filter(actual_start__isnull=False)
        assert not started.filter(actual_start__gt=project.status_date).exists()
        assert not started.filter(actual_finish__gt=project.status_date).exists()
        # Actuals follow the baselined plan: progress was recorded after the baseline.
        planned = {row.task_id: row for row in baseline.tasks.all()}
        for task in started:
            assert task.actual_start == planned[task.pk].start, task
        if project.status == Project.Status.CLOSED:
            assert not leaves(project.tasks.all()).exclude(percent_complete=100).exists()
    in_progress = demo_tasks().filter(percent_complete__gt=0, percent_complete__lt=100)
    assert in_progress.count() >= 5
    assert not in_progress.filter(actual_finish__isnull=False).exists()


def test_every_project_schedules(demo):
    # the projects approved from the 2027 proposals have no plan yet
    for project in demo_projects().filter(proposal__isnull=True):
        schedule = project_schedule(project)
        assert schedule.start is not None and schedule.finish is not None, project.code
        assert schedule.finish > schedule.start
        assert len(schedule.tasks) == project.tasks.count()


def test_every_demo_user_logs_in_with_the_demo_password(demo):
    users = get_user_model().objects.filter(username__in=[name for name, _ in DEMO_USERS])
    assert users.count() == len(DEMO_USERS) >= 6
    assert users.first().check_password(DEMO_PASSWORD)
    assert len(set(users.values_list("password", flat=True))) == 1
    assert all(user.first_name and user.last_name for user in users)
    assert users.get(username="pmo").is_superuser


def test_loading_again_does_nothing(demo):
    before = fingerprint()
    assert load_demo() is None
    assert fingerprint() == before


def test_force_replaces_the_demo_with_the_same_data(demo):
    before = fingerprint()
    projects_before = set(demo_projects().values_list("pk", flat=True))
    assert load_demo(force=True) is not None
    assert Portfolio.objects.filter(code=PORTFOLIO_CODE).count() == 1
    assert not projects_before & set(demo_projects().values_list("pk", flat=True))
    assert fingerprint() == before


def test_a_demo_portfolio_a_user_moved_to_the_trash_is_loaded_afresh(demo):
    pmo = get_user_model().objects.get(username="pmo")
    portfolio_delete(actor=pmo, portfolio=Portfolio.objects.get(code=PORTFOLIO_CODE))
    assert not Portfolio.objects.filter(code=PORTFOLIO_CODE).exists()
    assert load_demo() is not None  # its code, still taken in the trash, does not block it
    assert Portfolio.all_objects.filter(code=PORTFOLIO_CODE).count() == 1
    assert Portfolio.objects.filter(code=PORTFOLIO_CODE).exists()


def test_the_demo_refuses_to_take_over_a_login_it_did_not_create(demo):
    get_user_model().objects.filter(username="equipe").update(email="antoine@ailleurs.example")
    with pytest.raises(ValidationFailed, match="equipe"):
        load_demo(force=True)
