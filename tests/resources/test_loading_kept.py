"""The heat map's HTML is kept between visits: a change shows at once, each reader gets the page
of the projects he sees and of his language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.planning import services as planning
from jalon.resources import services
from tests.factories import AssignmentFactory, ResourceFactory, SkillFactory, TaskFactory
from tests.kept_pages import fresh, page, shows_each_change_at_once
from tests.pages import signed_in
from tests.resources.conftest import MONDAY, build_crowded

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # the version: digested by PostgreSQL

PATH = "/resources/loading/"


@pytest.fixture
def crowded(project):
    return build_crowded(project)


def test_each_change_made_through_the_services_shows_at_once(pmo, crowded):
    client = signed_in(pmo, language="en")
    before = page(client, PATH)
    assert page(client, PATH) == before  # the second visit: the kept page
    assert ">Dora</a>" not in before and ">Masonry</a>" not in before
    dora = ResourceFactory(code="DORA", name="Dora")
    masonry = SkillFactory(name="Masonry")
    changes = [
        ("assignment", lambda: services.assignment_create(actor=pmo, task=crowded["c"],
                                                          resource=dora)),
        ("longer task", lambda: planning.task_update(actor=pmo, task=crowded["b"],
                                                     duration=Decimal("8"))),
        ("skill", lambda: services.resource_update(actor=pmo, resource=crowded["alice"],
                                                   skills=[masonry])),
    ]
    last = shows_each_change_at_once(client, PATH, changes)
    assert ">Dora</a>" in last and ">Masonry</a>" in last


def test_a_reader_who_sees_fewer_projects_never_gets_the_others_page(pmo, manager, crowded,
                                                                    other_project):
    other_project.planned_start = MONDAY
    other_project.save()
    AssignmentFactory(task=TaskFactory(project=other_project, duration=Decimal("2")),
                      resource=ResourceFactory(code="CAROL", name="Carol"))
    assert ">Carol</a>" in page(signed_in(pmo, language="en"), PATH)
    html = page(signed_in(manager, language="en"), PATH)
    assert ">Alice</a>" in html and ">Carol</a>" not in html


def test_french_and_english_readers_each_get_their_language(pmo, crowded):
    french = page(signed_in(pmo, language="fr"), PATH)
    english = page(signed_in(pmo, language="en"), PATH)
    assert "Resource loading" in english and "Resource loading" not in french
    assert french == fresh(signed_in(pmo, language="fr"), PATH)
