"""A published status report's commentary reaches the report packs; a draft's does not."""

from __future__ import annotations

import datetime

from django.utils import translation

from jalon.reporting.content import pack_content
from jalon.statusreports import services


def test_the_pack_prints_the_published_commentary_only(under_way, manager, pmo):
    project = under_way["project"]
    report = services.report_create(actor=manager, project=project,
                                    achievements="Foundations poured",
                                    help_needed="A second crane")
    scope = project
    with translation.override("en"):
        assert pack_content(user=pmo, scope=scope).commentary == []  # a draft is not shown
        services.report_transition(actor=manager, report=report, action="submit")
        services.report_transition(actor=pmo, report=report, action="publish")
        [printed] = pack_content(user=pmo, scope=scope).commentary
    assert printed.project == project.code
    assert printed.text == "Achievements: Foundations poured\nHelp needed: A second crane"
    before = pack_content(user=pmo, scope=scope, status_date=datetime.date(2025, 2, 28))
    assert before.commentary == []  # the March report is not yet in a February pack
