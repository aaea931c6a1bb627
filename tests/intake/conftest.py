"""A portfolio with its managers, an executive, a project manager inside it, and proposals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.intake import scenarios, scoring, services
from jalon.intake.models import Proposal
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from tests.factories import (
    AssignmentFactory,
    ObjectiveFactory,
    ProjectFactory,
    ResourceFactory,
    SkillFactory,
    TaskFactory,
    UserFactory,
)


def user_with(role, scope, username):
    user = UserFactory(username=username, first_name=username.capitalize())
    grant_role(actor=None, user=user, role=role, scope=scope)
    return user


@pytest.fixture
def boss(portfolio):
    """The portfolio manager: reviews, decides, keeps the scoring models."""
    return user_with(Role.PORTFOLIO_MANAGER, portfolio, "boss")


@pytest.fixture
def chief(portfolio):
    """An executive of the portfolio: evaluates, decides nothing."""
    return user_with(Role.EXECUTIVE, portfolio, "chief")


@pytest.fixture
def objectives(portfolio):
    return [ObjectiveFactory(portfolio=portfolio, code="GROW", weight=3),
            ObjectiveFactory(portfolio=portfolio, code="SAFE", weight=1)]


@pytest.fixture
def draft(portfolio, manager, objectives):
    """A draft by the project manager of a project of the portfolio, with its estimates."""
    dev = SkillFactory(name="Développeur")
    return services.proposal_create(
        actor=manager, portfolio=portfolio, code="CRM", title="Portail client",
        problem="Les clients appellent.", benefits="Moins d’appels.", category="growth",
        earliest_start=datetime.date(2027, 1, 15), duration=3, objectives=[objectives[0]],
        costs=[services.Cost(0, Decimal("1000"), Decimal("200")),
               services.Cost(2, Decimal("500"), Decimal("0"))],
        efforts=[services.Effort(dev, 0, Decimal("80")), services.Effort(dev, 1, Decimal("40"))])


@pytest.fixture
def reviewed(draft, manager, boss):
    services.proposal_transition(actor=manager, proposal=draft, action="submit")
    return services.proposal_transition(actor=boss, proposal=draft, action="review")


@pytest.fixture
def model(portfolio, boss):
    """Two criteria, value (weight 3) and urgency (weight 1), each on a scale of 1 to 5."""
    model = scoring.scoring_model_create(actor=boss, portfolio=portfolio, name="Valeur")
    for name, weight in (("Value", 3.0), ("Urgency", 1.0)):
        criterion = scoring.criterion_create(actor=boss, model=model, name=name, weight=weight)
        for value in range(1, 6):
            scoring.level_create(actor=boss, criterion=criterion, value=value,
                                 label=f"{name} {value}", description=f"{name} at {value}")
    return model


def level(model, criterion_name, value):
    return model.criteria.get(name=criterion_name).levels.get(value=value)


def evaluate(user, proposal, model, value, urgency):
    return scoring.evaluation_set(actor=user, proposal=proposal, model=model, levels=[
        level(model, "Value", value), level(model, "Urgency", urgency)])


__all__ = ["Proposal", "evaluate", "level", "user_with"]


# --- scenarios ------------------------------------------------------------------------------

JANUARY = datetime.date(2027, 1, 1)


@pytest.fixture
def dev(db):
    skill = SkillFactory(name="Dev")
    ResourceFactory(name="Alice", capacity=Decimal("1")).skills.add(skill)
    return skill


@pytest.fixture
def running(portfolio, dev):
    """A project in progress that loads Alice (Dev) all day for the first week of 2027."""
    project = ProjectFactory(portfolio=portfolio, code="RUN", status=Project.Status.IN_PROGRESS,
                             planned_start=datetime.date(2027, 1, 4))
    task = TaskFactory(project=project, duration=Decimal("5"))
    AssignmentFactory(task=task, resource=dev.resources.get(), units=Decimal("1"),
                      work=Decimal("40"))
    assert Task.objects.filter(project=project).count() == 1
    return project


def propose(manager, boss, portfolio, code, budget, hours, dev, *, start=JANUARY, value=3,
            state="under_review", **fields):
    """A proposal with ``budget`` € in its first month and ``hours`` of Dev, scored by the boss
    (value ``value``, urgency 1), moved to ``state``."""
    proposal = services.proposal_create(
        actor=manager, portfolio=portfolio, code=code, title=f"Projet {code}",
        earliest_start=start, duration=1,
        costs=[services.Cost(0, Decimal(budget), Decimal("0"))],
        efforts=[services.Effort(dev, 0, Decimal(hours))] if hours else [], **fields)
    if state != "draft":
        services.proposal_transition(actor=manager, proposal=proposal, action="submit")
    if state == "under_review":
        services.proposal_transition(actor=boss, proposal=proposal, action="review")
    return proposal


@pytest.fixture
def three(manager, boss, portfolio, model, dev):
    """A (worth (4×3 + 1) / 4 = 3.25, 600 k€), B (2.5, 500 k€), C (1.75, 400 k€, 100 h of
    Dev): with 1000 k€ in January only, the best is A + C (5)."""
    made = {}
    for code, budget, hours, value in (("A", "600000", 0, 4), ("B", "500000", 0, 3),
                                       ("C", "400000", "100", 2)):
        made[code] = propose(manager, boss, portfolio, code, budget, hours, dev)
        evaluate(boss, made[code], model, value, 1)
    return made


@pytest.fixture
def scenario(boss, portfolio, model, three):
    return scenarios.scenario_create(actor=boss, portfolio=portfolio, name="Budget 2027",
                                     first_month=JANUARY, months=3, budget=[1000, 0, 0],
                                     scoring_model=model)
