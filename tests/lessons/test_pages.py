"""The lessons pages: the base, a project's tab with its suggestions, recording at a gate
from the gate review page, in French and English."""

from __future__ import annotations

import pytest

from jalon.lessons.models import Lesson
from tests.factories import ProjectFactory
from tests.pages import signed_in


@pytest.mark.django_db
def test_the_base_searches_only_visible_lessons(member, project, record):
    record(project, title="Retard des livraisons", what_happened="Camions bloqués.")
    record(ProjectFactory(), title="Retard confidentiel", what_happened="Secret.")
    page = signed_in(member, language="en").get("/lessons/?q=retard")
    html = page.content.decode()
    assert page.status_code == 200 and "Retard des livraisons" in html
    assert "confidentiel" not in html and "Lessons learned" in html
    assert "Retours d’expérience" in signed_in(member).get("/lessons/").content.decode()


@pytest.mark.django_db
def test_the_project_tab_shows_suggestions_and_useful_marks(pmo, fresh, sibling, record):
    lesson = record(sibling, title="Béton du parking souterrain",
                    what_happened="Béton livré en retard.", method="prince2")
    c = signed_in(pmo, language="en")
    url = f"/projects/{fresh.pk}/lessons/"
    html = c.get(url).content.decode()
    assert 'aria-current="page">Lessons' in html and f'id="suggested-{lesson.pk}"' in html
    assert "same method (PRINCE2)" in html
    response = c.post(f"/lessons/{lesson.pk}/useful/{fresh.pk}/", {"useful": "on",
                                                                   "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert "Useful ✔ (undo)" in c.get(url).content.decode()
    french = signed_in(pmo).get(url).content.decode()
    assert "Leçons suggérées par d’autres projets" in french


@pytest.mark.django_db
def test_a_lesson_is_recorded_from_the_gate_review(pmo, fresh, sibling, record):
    record(sibling, title="Béton du parking souterrain", what_happened="Béton en retard.",
           method="prince2")
    gate = fresh.phases.first().gate
    c = signed_in(pmo, language="en")
    review = c.get(f"/gates/{gate.pk}/").content.decode()
    assert 'id="gate-lessons"' in review and "Béton du parking souterrain" in review
    assert f"/projects/{fresh.pk}/lessons/new/?gate={gate.pk}" in review
    form = c.get(f"/projects/{fresh.pk}/lessons/new/?gate={gate.pk}").content.decode()
    assert '<option value="prince2" selected>' in form
    assert f'<option value="{gate.pk}" selected>' in form
    response = c.post(f"/projects/{fresh.pk}/lessons/new/?gate={gate.pk}", {
        "title": "Comité trop tardif", "what_happened": "Le comité a siégé après la date.",
        "impact": "negative", "category": "governance", "gate": gate.pk,
        "method": "prince2"})
    assert response.status_code == 302
    lesson = Lesson.objects.get(title="Comité trop tardif")
    assert lesson.gate == gate and lesson.phase == gate.phase.key and lesson.method == "prince2"


@pytest.mark.django_db
def test_members_cannot_record_lessons(member, project):
    c = signed_in(member)
    assert c.get(f"/projects/{project.pk}/lessons/new/").status_code == 403
    assert "lessons/new/" not in c.get(f"/projects/{project.pk}/lessons/").content.decode()


@pytest.mark.django_db
def test_the_base_shows_fifty_lessons_a_page(pmo, project):
    import datetime

    Lesson.objects.bulk_create([
        Lesson(project=project, title=f"Leçon {n:02d}", what_happened="…", category="scope",
               recorded_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
        for n in range(51)])
    c = signed_in(pmo, language="en")
    first = c.get("/lessons/?category=scope").content.decode()
    assert "Leçon 50" in first and "Leçon 00" not in first and "Page 1 of 2" in first
    assert "category=scope&amp;page=2" in first
    assert "Leçon 00" in c.get("/lessons/?category=scope&page=2").content.decode()
