"""A portfolio with its managers, an executive, a project manager inside it, and proposals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.intake import scoring, services
from jalon.intake.models import Proposal
from tests.factories import ObjectiveFactory, SkillFactory, UserFactory


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
