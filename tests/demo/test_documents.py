"""The demo's libraries: LYON-CONST's PID in three versions, approved and standing for its
deliverable (the gate criterion shows it), an end stage report awaiting the PMO, a business case
written by Jalon, the PMO's charter in the portfolio's library."""

from __future__ import annotations

import io

import docx
import pytest

from jalon.documents.models import Document
from jalon.governance.models import Gate
from jalon.governance.selectors import gate_review
from jalon.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_libraries(demo):
    pid = Document.objects.get(project__code="LYON-CONST", deliverable__key="pid")
    assert pid.status == "approved" and pid.versions.count() == 3
    assert pid.deliverable.status == "approved"
    gate = Gate.objects.get(phase=pid.deliverable.phase)
    evaluation = next(e for c, e in gate_review(gate).criteria if c.rule == "documents_approved")
    assert evaluation.met

    report = Document.objects.get(project__code="LYON-CONST", deliverable__key="end_stage_report")
    assert report.status == "in_review"
    pending = report.versions.get().approvals.get(decision="pending")
    awaited = Notification.objects.get(ref=f"document:{report.pk}:{pending.approver_id}")
    assert awaited.recipient.username == "pmo" and awaited.resolved_at is None

    case = Document.objects.get(project__code="LYON-CONST", template="business_case")
    with case.versions.get().file.open("rb") as handle:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert "Cas d’affaire" in text and "Construction du siège de Gerland" in text

    assert Document.objects.filter(portfolio__isnull=False, title="Charte du PMO").exists()
