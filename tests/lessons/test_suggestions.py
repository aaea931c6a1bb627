"""Suggested lessons: words and tags in common rank a lesson higher, useful marks raise it, a
project's own lessons and lessons of projects the reader cannot see never show."""

from __future__ import annotations

import pytest

from jalon.lessons import services
from jalon.lessons.suggestions import suggested_lessons
from tests.factories import ProjectFactory


@pytest.mark.django_db
def test_words_and_tags_in_common_rank_a_lesson_above_an_unrelated_one(pmo, fresh, sibling,
                                                                       record):
    unrelated = record(sibling, title="Formation des utilisateurs",
                       what_happened="Les ateliers de formation CRM ont manqué de salles.",
                       category="resources", method="agilepm")
    related = record(sibling, title="Parking souterrain et béton",
                     what_happened="Le béton du parking souterrain a pris du retard en hiver.",
                     recommendation="Commander le béton de l'immeuble tôt.",
                     category="schedule", method="prince2",
                     phase=fresh.phases.first().key)
    suggestions = suggested_lessons(user=pmo, project=fresh)
    assert [s.lesson for s in suggestions][:2] == [related, unrelated] or \
        [s.lesson for s in suggestions] == [related]
    best = suggestions[0]
    assert best.score > 0.3 and "béton" in " ".join(best.words).replace("beton", "béton")
    assert any("PRINCE2" in tag for tag in best.tags)


@pytest.mark.django_db
def test_useful_marks_change_the_order(pmo, fresh, sibling, record):
    first = record(sibling, title="Plan de sondage", what_happened="Sondages du terrain.",
                   method="prince2")
    second = record(sibling, title="Plan de levage", what_happened="Levage des poutres.",
                    method="prince2")
    assert [s.lesson for s in suggested_lessons(user=pmo, project=fresh)] == [first, second]
    services.useful_mark(actor=pmo, lesson=second, project=fresh)
    after = suggested_lessons(user=pmo, project=fresh)
    assert [s.lesson for s in after] == [second, first]
    assert after[0].marked and after[0].useful_count == 1


@pytest.mark.django_db
def test_own_and_invisible_lessons_are_never_suggested(pmo, fresh, record, programme):
    from tests.conftest import _user_with

    record(fresh, title="Béton de l'immeuble", what_happened="Béton en retard.")
    hidden = ProjectFactory(name="Projet confidentiel")
    record(hidden, title="Béton de parking souterrain", what_happened="Béton en retard.",
           method="prince2")
    reader = _user_with("project_manager", fresh)
    assert suggested_lessons(user=reader, project=fresh) == []
    assert [s.lesson.project for s in suggested_lessons(user=pmo, project=fresh)] == [hidden]
