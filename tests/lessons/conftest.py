"""Lessons of two other projects of the same programme, and a fresh project to suggest to."""

from __future__ import annotations

import pytest

from jalon.lessons import services
from jalon.portfolios import services as portfolios
from tests.factories import ProjectFactory


@pytest.fixture
def record(pmo):
    def make(project, **fields):
        fields.setdefault("title", "Leçon")
        fields.setdefault("what_happened", "Quelque chose est arrivé.")
        fields.setdefault("category", "schedule")
        return services.lesson_create(actor=pmo, project=project, **fields)

    return make


@pytest.fixture
def sibling(programme):
    return ProjectFactory(portfolio=programme.portfolio, programme=programme,
                          name="Construction du siège")


@pytest.fixture
def fresh(pmo, programme):
    """A new PRINCE2 project, with its phases and gates from the pack."""
    return portfolios.project_create(actor=pmo, programme=programme, code="NEW",
                                     name="Nouveau bâtiment de bureaux",
                                     description="Construction d'un immeuble de bureaux en "
                                                 "béton avec parking souterrain",
                                     methodology="prince2")
