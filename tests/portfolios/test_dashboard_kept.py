"""The dashboard's tree of projects is kept between visits: a change shows at once, each reader
gets the tree of the projects he sees and of his language."""

from __future__ import annotations

import pytest

from jalon.portfolios import services
from tests.kept_pages import fresh, page
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # the version: digested by PostgreSQL


def test_a_renamed_project_shows_at_once(pmo, project):
    client = signed_in(pmo, language="en")
    before = page(client, "/")
    assert page(client, "/") == before  # the second visit: the kept tree
    services.project_update(actor=pmo, project=project, name="Renamed at once")
    shown = page(client, "/")
    assert "Renamed at once" in shown
    assert shown == fresh(client, "/")


def test_a_new_project_shows_at_once(pmo, project):
    client = signed_in(pmo, language="en")
    page(client, "/")
    services.project_create(actor=pmo, programme=project.programme, code="NEW-1",
                            name="Created at once")
    shown = page(client, "/")
    assert "Created at once" in shown and "2 projects in your portfolios" in shown
    assert shown == fresh(client, "/")


def test_a_reader_who_sees_fewer_projects_never_gets_the_others_tree(pmo, manager, project,
                                                                      other_project):
    assert other_project.code in page(signed_in(pmo, language="en"), "/")
    html = page(signed_in(manager, language="en"), "/")
    assert project.code in html and other_project.code not in html


def test_french_and_english_readers_each_get_their_language(pmo, project):
    french = page(signed_in(pmo, language="fr"), "/")
    english = page(signed_in(pmo, language="en"), "/")
    assert "Project manager" in english and "Project manager" not in french
    assert french == fresh(signed_in(pmo, language="fr"), "/")
