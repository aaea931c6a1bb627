"""The demo's status reports: two published with their figures frozen, one awaiting review."""

from __future__ import annotations

import pytest

from jalon.statusreports.models import StatusReport

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_reports_and_one_awaiting_review(demo):
    states = dict(StatusReport.objects.values_list("project__code", "state"))
    assert states == {"NUM-ERP": "published", "LYON-CONST": "published",
                      "USINE-MES": "submitted"}
    erp = StatusReport.objects.get(project__code="NUM-ERP")
    assert erp.snapshot["status_date"] == "2026-06-15"
    assert erp.snapshot["figures"]["ev"] > 0 and erp.snapshot["rag"]["overall"]
    assert erp.submitted_by.username == "cheffe.projet"
    assert erp.reviewed_by.username == "portefeuille"
