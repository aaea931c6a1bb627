"""factory_boy factories for Jalon's models: small, valid objects with sensible defaults."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from jalon.calendars.models import Calendar
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Portfolio, Programme, Project, StrategicObjective
from jalon.resources.models import Assignment, Resource, Skill


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    code = factory.Sequence(lambda n: f"PF{n}")
    name = factory.Sequence(lambda n: f"Portfolio {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    portfolio = factory.SubFactory(PortfolioFactory)
    code = factory.Sequence(lambda n: f"PG{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    portfolio = factory.SubFactory(PortfolioFactory)
    code = factory.Sequence(lambda n: f"OBJ{n}")
    name = factory.Sequence(lambda n: f"Objective {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    portfolio = factory.SubFactory(PortfolioFactory)
    code = factory.Sequence(lambda n: f"PRJ{n}")
    name = factory.Sequence(lambda n: f"Project {n}")


class CalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Calendar

    name = factory.Sequence(lambda n: f"Calendar {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Task {n}")
    position = factory.Sequence(lambda n: n + 1)
    wbs_code = factory.LazyAttribute(lambda task: str(task.position))
    duration = Decimal("2")


class DependencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependency

    predecessor = factory.SubFactory(TaskFactory)
    successor = factory.SubFactory(TaskFactory, project=factory.SelfAttribute("..predecessor.project"))


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Resource {n}")
    standard_rate = Decimal("50")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    resource = factory.SubFactory(ResourceFactory)
    units = Decimal("1")
    work = Decimal("16")


def _timesheet_day(n: int):
    import datetime

    return datetime.date(2026, 6, 1) + datetime.timedelta(days=n)


class TimesheetEntryFactory(factory.django.DjangoModelFactory):
    """A draft day of time of a resource on a task, at the resource's rate."""

    class Meta:
        model = "timesheets.TimesheetEntry"

    task = factory.SubFactory(TaskFactory)
    resource = factory.SubFactory(ResourceFactory)
    date = factory.Sequence(_timesheet_day)
    hours = Decimal("7")
    rate = factory.LazyAttribute(lambda entry: entry.resource.standard_rate)
