"""The demo's RAID logs and lessons: decision logs on the headquarters and the ERP, lessons of
several projects, and construction lessons suggested to the fit-out project, which has none."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jalon.lessons.models import Lesson
from jalon.lessons.suggestions import suggested_lessons
from jalon.portfolios.models import Project
from jalon.raid.models import Assumption, Decision, ExternalDependency

pytestmark = pytest.mark.django_db


def test_decision_logs_assumptions_and_dependencies(demo):
    lyon = Decision.objects.filter(project__code="LYON-CONST")
    assert lyon.count() == 4 and Decision.objects.filter(project__code="NUM-ERP").count() == 2
    superseded = lyon.get(status="superseded")
    assert superseded.superseded_by.title == "Fondations sur pieux forés"
    assert lyon.get(title__startswith="Charpente").risks.exists()
    assert Assumption.objects.filter(project__code__in=["LYON-CONST", "NUM-ERP"]).count() == 3
    assert ExternalDependency.objects.filter(other_project__code="LYON-AMENAG").exists()


def test_lessons_are_suggested_to_the_fit_out_project(demo):
    assert Lesson.objects.count() >= 12
    assert Lesson.objects.filter(gate__isnull=False).exists()
    fit_out = Project.objects.get(code="LYON-AMENAG")
    assert not Lesson.objects.filter(project=fit_out).exists()
    site = get_user_model().objects.get(username="chef.chantier")
    suggestions = suggested_lessons(user=site, project=fit_out)
    assert len(suggestions) == 5
    assert {s.lesson.sector for s in suggestions} == {"construction"}
    assert suggestions[0].lesson.title == "Béton des pieux commandé trop tard"
    assert suggestions[0].marked
