"""A portfolio of N generated projects beside the demo, to measure Jalon at scale.

``jalon load-demo --scale N`` loads the demo (its users and calendars) when it is missing, then
this portfolio, ``SCALE``: N projects of about a hundred tasks each (eight phases under summary
tasks, finish-to-start chains with start-to-start and finish-to-finish links, one project in
ten linked to its neighbour), a pool of N/2 people with skills (some part-time, on the demo's
part-time calendar), assignments, a baseline and progress at the demo's status date for the
started projects, budget lines, a year of approved timesheets, monthly actual costs and risks.

Everything is written in bulk (``bulk_create`` in batches), not through the services: at
N = 1,000 that is some 100,000 tasks, which the services (a cycle check and a renumbering per
task) would take hours to store. What the services guarantee is kept by construction: links go
from a lower task (or project) to a higher one, so there is no cycle; WBS codes and positions
are written as ``planning.services.renumber`` would; every project has its inputs version, moved
past the state the schedules were first computed from. No history rows are written for
generated data (the audit trail records what people change). The stored results — schedules,
earned value and the loading — are computed before the command returns, so the first reader
does not wait for a thousand of them.

The same seed gives the same portfolio.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from jalon.accounts.models import Role, RoleGrant
from jalon.calendars.models import Calendar
from jalon.demo import pool as demo_pool
from jalon.demo.catalogue import STATUS_DATE
from jalon.engine.holidays import public_holidays
from jalon.finance.evm import pool_loading, project_performances
from jalon.finance.models import BudgetLine, CostEntry
from jalon.planning.models import Baseline, BaselineTask, Dependency, Task
from jalon.planning.selectors import schedules_for
from jalon.portfolios.models import InputsVersion, Portfolio, Programme, Project
from jalon.resources.loading import project_segments
from jalon.resources.models import Assignment, Resource, Skill
from jalon.risks.models import Risk
from jalon.timesheets.models import TimesheetEntry

__all__ = ["PORTFOLIO_CODE", "RESOURCE_PREFIX", "load_scale", "remove_scale"]

PORTFOLIO_CODE = "SCALE"
RESOURCE_PREFIX = "SCL-"
SEED = 2026
BATCH = 2000
PHASES = ("Cadrage", "Conception", "Réalisation", "Intégration", "Recette", "Formation",
          "Déploiement", "Clôture")
WORK_PER_PHASE = 10  # work tasks per phase, then the phase's closing milestone
PROJECTS_PER_PROGRAMME = 20
TEAM = 12  # people a programme draws from
HOURS_PER_DAY = Decimal("7")
BASELINE_NAME = "Référence initiale"
FIRST_START = date(2025, 6, 2)
LAST_START = date(2026, 12, 7)
SKILLS = ("Chef de projet", "Analyste métier", "Architecte", "Développeur", "Testeur",
          "Ingénieur d'exploitation", "Data scientist", "Expert cybersécurité", "Designer UX",
          "Formateur", "Acheteur", "Ingénieur méthodes")
FIRST_NAMES = ("Alice", "Bruno", "Chantal", "David", "Emma", "François", "Gaëlle", "Henri",
               "Isabelle", "Jules", "Karine", "Louis", "Marion", "Noé", "Océane", "Paul",
               "Quentin", "Rose", "Samuel", "Tania", "Ulysse", "Valérie", "William", "Yasmine")
LAST_NAMES = ("Arnaud", "Barbier", "Colin", "Dupuis", "Étienne", "Fleury", "Gaillard", "Hubert",
              "Imbert", "Joly", "Klein", "Lemaire", "Marchand", "Noël", "Olivier", "Perrot",
              "Renaud", "Schmitt", "Tessier", "Vidal")
SUBJECTS = ("Refonte du portail", "Migration ERP", "Entrepôt de données", "Ligne d'assemblage",
            "Rénovation énergétique", "Application mobile", "Cybersécurité des sites",
            "Dématérialisation des factures", "Nouvel atelier", "Plateforme logistique",
            "Conformité RGPD", "Télémaintenance")
SITES = ("Lyon", "Nantes", "Lille", "Bordeaux", "Strasbourg", "Rennes", "Toulouse", "Dijon",
         "Grenoble", "Marseille")
RISKS = (("Retard du fournisseur", Risk.Category.EXTERNAL),
         ("Départ d'un expert clé", Risk.Category.HR),
         ("Dépassement du budget d'intégration", Risk.Category.FINANCIAL),
         ("Performances insuffisantes", Risk.Category.TECHNICAL),
         ("Évolution réglementaire", Risk.Category.LEGAL),
         ("Indisponibilité des utilisateurs clés", Risk.Category.OPERATIONAL))
CENT = Decimal("0.01")

M = TypeVar("M", bound=models.Model)


@dataclass
class _Plan:
    """One generated project while it is built: its tasks in WBS order, and its figures."""

    project: Project
    pace: float  # progress against the plan at the status date (below 1: late)
    cost_factor: Decimal  # actual cost over earned value (above 1: over budget)
    team: list[Resource]
    tasks: list[Task] = field(default_factory=list)
    milestones: list[Task] = field(default_factory=list)  # each phase's closing milestone
    firsts: list[Task] = field(default_factory=list)  # each phase's first work task


def _bulk(model: type[M], rows: Sequence[M]) -> list[M]:
    """Insert ``rows`` in batches; their primary keys are set (PostgreSQL, SQLite 3.35+)."""
    return model._default_manager.bulk_create(rows, batch_size=BATCH)


def _money(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def scale_loaded() -> bool:
    return Portfolio.objects.filter(code=PORTFOLIO_CODE).exists()


def remove_scale() -> None:
    """Delete a generated portfolio and its pool (bypassing the services, as the demo does:
    they refuse to delete resources in use)."""
    resources = Resource.objects.filter(code__startswith=RESOURCE_PREFIX)
    TimesheetEntry.objects.filter(resource__in=resources).delete()
    Project.objects.filter(portfolio__code=PORTFOLIO_CODE).delete()
    Portfolio.objects.filter(code=PORTFOLIO_CODE).delete()
    Assignment.objects.filter(resource__in=resources).delete()
    resources.delete()


def load_scale(*, projects: int, seed: int = SEED) -> str:
    """Replace the generated portfolio by one of ``projects`` projects; the demo (its users and
    calendars) must be loaded. Returns a one-line summary with the time it took."""
    if projects < 1:
        raise ValueError("The number of projects must be at least 1.")
    started = time.perf_counter()
    with transaction.atomic():
        remove_scale()
        counts = _Generator(projects=projects, rng=random.Random(seed)).run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner must see the new sizes (loader.py)
            cursor.execute("ANALYZE")
    computing = time.perf_counter()
    _compute_results()
    done = time.perf_counter()
    # Printed by the CLI, whose messages are in English.
    return (f"{counts['projects']} projects, {counts['tasks']} tasks, {counts['links']} links, "
            f"{counts['resources']} resources, {counts['assignments']} assignments, "
            f"{counts['timesheets']} timesheet entries, {counts['costs']} cost entries, "
            f"{counts['risks']} risks written in {computing - started:.1f} s; "
            f"stored results computed in {done - computing:.1f} s.")


def _compute_results() -> None:
    """Compute and store every generated project's schedule, loading and earned value, in
    batches (each its own transaction), so that no page computes them on a first visit. The
    earned value reads the whole pool's loading (for its over-allocation figure): once, after
    every project's loading is stored."""
    ids = list(Project.objects.filter(portfolio__code=PORTFOLIO_CODE).order_by("pk")
               .values_list("pk", flat=True))
    batches = [ids[first:first + 100] for first in range(0, len(ids), 100)]
    for batch in batches:
        with transaction.atomic():
            projects = list(Project.objects.filter(pk__in=batch))
            schedules_for(projects)
            project_segments(projects)
    pool = pool_loading()
    for batch in batches:
        with transaction.atomic():
            project_performances(Project.objects.filter(pk__in=batch)
                                 .select_related("portfolio", "programme"), pool=pool)


class _Generator:
    def __init__(self, *, projects: int, rng: random.Random) -> None:
        self.count = projects
        self.rng = rng
        self.pmo = get_user_model().objects.get(username="pmo")
        self.calendar = Calendar.objects.get(name=demo_pool.COMPANY_CALENDAR)
        self.part_time = Calendar.objects.get(name=demo_pool.PART_TIME_CALENDAR)
        self.counts: dict[str, int] = defaultdict(int)

    def run(self) -> dict[str, int]:
        resources = self._pool()
        plans = self._projects(resources)
        self._tasks(plans)
        self._links(plans)
        self._assignments(plans)
        self._versions(plans, version=1)
        started = [plan for plan in plans if plan.project.status == Project.Status.IN_PROGRESS]
        # Baselined as planned, before a status date moves the remaining work past it.
        schedules = schedules_for([plan.project for plan in started])
        costs, work = self._task_costs(plans)
        self._baselines(started, schedules, costs=costs, work=work)
        self._progress(started, schedules)
        for plan in started:
            plan.project.status_date = STATUS_DATE
        Project.objects.filter(pk__in=[plan.project.pk for plan in started]).update(
            status_date=STATUS_DATE)
        self._versions(plans, version=2)  # progress moved the plans the schedules came from
        labour = self._timesheets(started)
        self._money(plans, {plan.project.pk: sum((costs[t.pk] for t in plan.tasks), Decimal("0"))
                            for plan in plans}, labour)
        self._risks(plans)
        RoleGrant.objects.create(user=get_user_model().objects.get(username="portefeuille"),
                                 role=Role.PORTFOLIO_MANAGER, portfolio=plans[0].project.portfolio)
        self.counts["projects"] = len(plans)
        return self.counts

    # -- the pool -----------------------------------------------------------------------------

    def _pool(self) -> list[Resource]:
        existing = set(Skill.objects.filter(name__in=SKILLS).values_list("name", flat=True))
        _bulk(Skill, [Skill(name=name) for name in SKILLS if name not in existing])
        skills = list(Skill.objects.filter(name__in=SKILLS).order_by("name"))
        people = []
        for i in range(max(1, self.count // 2)):
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            part_time = i % 10 == 9
            people.append(Resource(
                code=f"{RESOURCE_PREFIX}{i + 1:04d}", name=name, kind=Resource.Kind.PERSON,
                standard_rate=Decimal(self.rng.randrange(55, 130)),
                capacity=Decimal("0.8") if part_time else Decimal("1"),
                calendar=self.part_time if part_time else None))
        people = _bulk(Resource, people)
        through = Resource.skills.through
        _bulk(through, [through(resource_id=person.pk, skill_id=skill.pk)
                        for person in people
                        for skill in self.rng.sample(skills, self.rng.choice((1, 1, 2)))])
        self.counts["resources"] = len(people)
        return people

    # -- projects and plans -------------------------------------------------------------------

    def _projects(self, people: list[Resource]) -> list[_Plan]:
        portfolio = Portfolio.objects.create(
            code=PORTFOLIO_CODE, name=f"Portefeuille généré ({self.count} projets)",
            description="Données générées pour mesurer Jalon à grande échelle.")
        programmes = _bulk(Programme, [
            Programme(portfolio=portfolio, code=f"SCL-P{i + 1:03d}",
                      name=f"Programme {SITES[i % len(SITES)]} {i + 1}")
            for i in range((self.count + PROJECTS_PER_PROGRAMME - 1) // PROJECTS_PER_PROGRAMME)])
        span = (LAST_START - FIRST_START).days
        rows, plans = [], []
        for i in range(self.count):
            programme = programmes[i // PROJECTS_PER_PROGRAMME]
            start = _working_day(FIRST_START + timedelta(days=span * i // self.count))
            started = start <= STATUS_DATE
            rows.append(Project(
                code=f"SC-{i + 1:04d}", portfolio=portfolio, programme=programme,
                name=f"{SUBJECTS[i % len(SUBJECTS)]} – {SITES[(i // 3) % len(SITES)]} {i + 1}",
                description="Projet généré.", sponsor="Direction générale",
                status=Project.Status.IN_PROGRESS if started else Project.Status.APPROVED,
                priority=self.rng.randrange(100, 900), methodology="PMBOK",
                planned_start=start,
                currency="EUR", calendar=self.calendar))
            first = (i // PROJECTS_PER_PROGRAMME * TEAM) % len(people)
            plans.append(_Plan(
                project=rows[-1], pace=self.rng.uniform(0.8, 1.05),
                cost_factor=Decimal(str(round(self.rng.uniform(0.92, 1.2), 2))),
                team=[people[(first + k) % len(people)]
                      for k in range(min(TEAM, len(people)))]))
        _bulk(Project, rows)
        return plans

    def _tasks(self, plans: list[_Plan]) -> None:
        """Eight phases (summary tasks) of ten work tasks and a milestone, then the project's
        closing milestone; WBS codes and positions as ``planning.services.renumber`` gives."""
        summaries = []
        for plan in plans:
            for number, name in enumerate(PHASES, start=1):
                summaries.append(Task(project=plan.project, position=number,
                                      wbs_code=str(number), name=name, duration=Decimal("0")))
        _bulk(Task, summaries)
        children = []
        for index, plan in enumerate(plans):
            phases = summaries[index * len(PHASES):(index + 1) * len(PHASES)]
            for summary in phases:
                for k in range(1, WORK_PER_PHASE + 1):
                    children.append(Task(
                        project=plan.project, parent=summary, position=k,
                        wbs_code=f"{summary.wbs_code}.{k}", name=f"{summary.name} – lot {k}",
                        duration=Decimal(self.rng.randrange(1, 7))))
                children.append(Task(
                    project=plan.project, parent=summary, position=WORK_PER_PHASE + 1,
                    wbs_code=f"{summary.wbs_code}.{WORK_PER_PHASE + 1}",
                    name=f"{summary.name} terminé", is_milestone=True, duration=Decimal("0")))
            children.append(Task(project=plan.project, position=len(PHASES) + 1,
                                 wbs_code=str(len(PHASES) + 1), name="Projet livré",
                                 is_milestone=True, duration=Decimal("0")))
        _bulk(Task, children)
        size = len(PHASES) * (WORK_PER_PHASE + 1) + 1
        for index, plan in enumerate(plans):
            mine = children[index * size:(index + 1) * size]
            plan.tasks = mine
            plan.firsts = mine[0:-1:WORK_PER_PHASE + 1]
            plan.milestones = mine[WORK_PER_PHASE:-1:WORK_PER_PHASE + 1] + [mine[-1]]
        self.counts["tasks"] = len(summaries) + len(children)

    def _links(self, plans: list[_Plan]) -> None:
        """Within a phase two streams of work in finish-to-start, tied by a start-to-start link
        every third task and a finish-to-finish every fifth; each phase follows the previous
        one's milestone. One project in ten waits (FS + 5 days) for its neighbour's second
        phase. Every link goes from an earlier task to a later one: no cycle."""
        links = []
        link = Dependency
        for index, plan in enumerate(plans):
            previous_milestone: Task | None = None
            for phase in range(len(PHASES)):
                first = phase * (WORK_PER_PHASE + 1)
                work = plan.tasks[first:first + WORK_PER_PHASE]
                milestone = plan.tasks[first + WORK_PER_PHASE]
                for k, task in enumerate(work):
                    if k < 2:
                        if previous_milestone is not None:
                            links.append(link(predecessor=previous_milestone, successor=task))
                    else:
                        links.append(link(predecessor=work[k - 2], successor=task))
                    if k % 3 == 2:
                        links.append(link(predecessor=work[k - 1], successor=task,
                                          type=Dependency.Type.SS, lag=Decimal("1")))
                    elif k % 5 == 4:
                        links.append(link(predecessor=work[k - 1], successor=task,
                                          type=Dependency.Type.FF, lag=Decimal("0")))
                links += [link(predecessor=work[-2], successor=milestone),
                          link(predecessor=work[-1], successor=milestone)]
                previous_milestone = milestone
            links.append(link(predecessor=previous_milestone, successor=plan.tasks[-1]))
            if index % 10 == 1:
                links.append(link(predecessor=plans[index - 1].milestones[1],
                                  successor=plan.firsts[2], lag=Decimal("5")))
        _bulk(Dependency, links)
        self.counts["links"] = len(links)

    def _assignments(self, plans: list[_Plan]) -> None:
        """One person of the programme's team on each work task, a second at half time on one
        in five; work = duration x 7 h x units."""
        rows = []
        for plan in plans:
            for task in plan.tasks:
                if task.is_milestone or task.parent_id is None:
                    continue
                chosen = self.rng.sample(plan.team, min(2, len(plan.team)))
                units = [Decimal("1")] + ([Decimal("0.5")] if self.rng.random() < 0.2 else [])
                for resource, unit in zip(chosen, units, strict=False):
                    rows.append(Assignment(task=task, resource=resource, units=unit,
                                           work=task.duration * HOURS_PER_DAY * unit))
        _bulk(Assignment, rows)
        self.counts["assignments"] = len(rows)

    @staticmethod
    def _versions(plans: list[_Plan], *, version: int) -> None:
        if version == 1:
            _bulk(InputsVersion, [InputsVersion(project=plan.project, version=1)
                                  for plan in plans])
        else:
            InputsVersion.objects.filter(project__in=[p.project for p in plans]).update(
                version=version)

    # -- baselines and progress ---------------------------------------------------------------

    @staticmethod
    def _task_costs(plans: list[_Plan]) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
        """Each task's planned cost (work x rates) and work (hours), by task id."""
        costs: dict[int, Decimal] = defaultdict(Decimal)
        work: dict[int, Decimal] = defaultdict(Decimal)
        for a in (Assignment.objects.filter(task__project__in=[p.project for p in plans])
                  .select_related("resource").only("task_id", "work", "resource__standard_rate")):
            costs[a.task_id] += a.work * a.resource.standard_rate
            work[a.task_id] += a.work
        return costs, work

    def _baselines(self, plans: list[_Plan], schedules: dict[int, Any], *,
                   costs: dict[int, Decimal], work: dict[int, Decimal]) -> None:
        """The plan as scheduled, before progress, as each started project's baseline."""
        baselines = _bulk(Baseline, [Baseline(project=plan.project, name=BASELINE_NAME,
                                              created_by=self.pmo) for plan in plans])
        rows = []
        for plan, baseline in zip(plans, baselines, strict=True):
            schedule = schedules[plan.project.pk]
            for task in plan.tasks:
                dates = schedule.tasks[task.pk]
                rows.append(BaselineTask(
                    baseline=baseline, task=task, wbs_code=task.wbs_code, name=task.name,
                    start=dates.start, finish=dates.finish, work=work[task.pk],
                    duration=task.duration, cost=_money(costs[task.pk])))
            rows += [BaselineTask(baseline=baseline, task=summary, wbs_code=summary.wbs_code,
                                  name=summary.name, start=schedule.tasks[summary.pk].start,
                                  finish=schedule.tasks[summary.pk].finish,
                                  duration=Decimal(str(round(schedule.tasks[summary.pk].duration,
                                                             2))))
                     for summary in self._summaries(plan)]
        _bulk(BaselineTask, rows)

    @staticmethod
    def _summaries(plan: _Plan) -> list[Task]:
        return [task.parent for task in plan.firsts if task.parent is not None]

    def _progress(self, plans: list[_Plan], schedules: dict[int, Any]) -> None:
        """Tasks planned to finish by the status date are done on their planned dates; those
        under way follow the time elapsed times the project's pace (the demo's rule)."""
        changed = []
        for plan in plans:
            schedule = schedules[plan.project.pk]
            for task in plan.tasks:
                dates = schedule.tasks[task.pk]
                if dates.start is None or dates.finish is None or dates.start > STATUS_DATE:
                    continue
                if dates.finish <= STATUS_DATE - timedelta(days=20) or (
                        dates.finish <= STATUS_DATE and plan.pace >= 1):
                    task.percent_complete, task.actual_start = 100, dates.start
                    task.actual_finish = dates.finish
                else:
                    elapsed = (((STATUS_DATE - dates.start).days + 1)
                               / ((dates.finish - dates.start).days + 1))
                    percent = round(100 * min(elapsed, 1) * plan.pace)
                    if percent >= 100:
                        task.percent_complete, task.actual_start = 100, dates.start
                        task.actual_finish = dates.finish
                    else:
                        task.percent_complete = max(5, percent)
                        task.actual_start = dates.start
                changed.append(task)
        Task.objects.bulk_update(changed, ["percent_complete", "actual_start", "actual_finish"],
                                 batch_size=BATCH)

    # -- time, money and risks ----------------------------------------------------------------

    def _timesheets(self, plans: list[_Plan]) -> dict[int, Decimal]:
        """A year of approved time up to the status date: each person, each working day, 7 h
        on one task of theirs under way that day (a submitted week for the last one); returns
        the labour cost by project."""
        first = STATUS_DATE - timedelta(days=365)
        off = {day for year in range(first.year, STATUS_DATE.year + 1)
               for day in public_holidays("FR", year)}
        project_of = {task.pk: plan.project.pk for plan in plans for task in plan.tasks}
        days: dict[int, dict[date, int]] = defaultdict(dict)
        rates: dict[int, Decimal] = {}
        for a in (Assignment.objects.filter(task_id__in=project_of,
                                            task__actual_start__isnull=False)
                  .select_related("task", "resource").order_by("task_id", "resource_id")):
            start = a.task.actual_start
            assert start is not None  # filtered above
            last = min(a.task.actual_finish or STATUS_DATE, STATUS_DATE)
            rates[a.resource_id] = a.resource.standard_rate
            day = max(start, first)
            while day <= last:
                if day.weekday() < 5 and day not in off:
                    days[a.resource_id].setdefault(day, a.task_id)
                day += timedelta(days=1)
        week = STATUS_DATE - timedelta(days=STATUS_DATE.weekday())
        reviewed = timezone.make_aware(datetime.combine(week, clock(9)))
        rows: list[TimesheetEntry] = []
        labour: dict[int, Decimal] = defaultdict(Decimal)
        for resource_id, worked in days.items():
            for day, task_id in worked.items():
                approved = day < week
                rows.append(TimesheetEntry(
                    resource_id=resource_id, task_id=task_id, date=day, hours=HOURS_PER_DAY,
                    rate=rates[resource_id], created_by=self.pmo, submitted_at=reviewed,
                    status=(TimesheetEntry.Status.APPROVED if approved
                            else TimesheetEntry.Status.SUBMITTED),
                    reviewed_by=self.pmo if approved else None,
                    reviewed_at=reviewed if approved else None))
                if approved:
                    labour[project_of[task_id]] += HOURS_PER_DAY * rates[resource_id]
        _bulk(TimesheetEntry, rows)
        self.counts["timesheets"] = len(rows)
        return labour

    def _money(self, plans: list[_Plan], budgets: dict[int, Decimal],
               labour: dict[int, Decimal]) -> None:
        """Budget lines (labour from the baseline, subcontracting at 15 % of it) and, for the
        started projects, monthly subcontracting costs that bring the actual cost to the value
        earned times the project's cost factor."""
        lines, costs = [], []
        for plan in plans:
            project = plan.project
            bac = budgets[project.pk]
            for category, amount in (("labour", bac), ("subcontracting", bac * Decimal("0.15"))):
                lines.append(BudgetLine(
                    project=project, category=category, description="Budget approuvé",
                    approved=_money(amount), contingency=_money(amount * Decimal("0.08")),
                    management_reserve=_money(amount * Decimal("0.05"))))
            if project.status_date is None or project.planned_start is None:
                continue
            earned = sum((Decimal(t.percent_complete) / 100 * t.duration for t in plan.tasks),
                         Decimal("0"))
            planned = sum((t.duration for t in plan.tasks), Decimal("0")) or Decimal("1")
            rest = bac * earned / planned * plan.cost_factor - labour.get(project.pk, 0)
            months = _month_ends(project.planned_start, project.status_date)
            if rest <= len(months):
                continue
            share = _money(rest / len(months))
            costs += [CostEntry(project=project, date=day, amount=share,
                                category="subcontracting", created_by=self.pmo,
                                description=f"Sous-traitance — {day:%m/%Y}") for day in months]
        _bulk(BudgetLine, lines)
        _bulk(CostEntry, costs)
        self.counts["costs"] = len(costs)

    def _risks(self, plans: list[_Plan]) -> None:
        rows = []
        for plan in plans:
            for number, (title, category) in enumerate(self.rng.sample(RISKS, 4), start=1):
                risk = Risk(project=plan.project, number=number, title=title, category=category,
                            owner=self.pmo, probability=self.rng.randint(1, 5),
                            impact_cost=self.rng.randint(1, 5),
                            impact_schedule=self.rng.randint(1, 5),
                            delay_days=self.rng.randrange(0, 20),
                            cost_impact=Decimal(self.rng.randrange(0, 50)) * 1000)
                risk.compute_scores()
                rows.append(risk)
        _bulk(Risk, rows)
        self.counts["risks"] = len(rows)


def _month_ends(first: date, last: date) -> list[date]:
    """The last day of each month from ``first`` to ``last``, ``last`` itself for the last."""
    days: list[date] = []
    day = first
    while True:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = following - timedelta(days=1)
        if end >= last:
            return [*days, last]
        days.append(end)
        day = following


