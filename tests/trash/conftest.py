"""A project with something of each kind the trash names: tasks, a risk, a document, a budget
line, a timesheet entry."""

from __future__ import annotations

import pytest

from jalon.documents import services as documents
from jalon.documents.uploads import Upload
from jalon.finance.models import BudgetLine
from jalon.risks import services as risks
from tests.factories import TimesheetEntryFactory


@pytest.fixture
def stocked(pmo, project, plan):
    """``project`` (in ``programme`` of ``portfolio``) with 3 tasks, 1 risk, 1 document,
    1 budget line and 2 timesheet entries."""
    risks.risk_create(actor=pmo, project=project, title="Late steel")
    documents.document_create(actor=pmo, scope=project, title="Charter",
                              upload=Upload("charter.txt", b"text"))
    BudgetLine.objects.create(project=project, category="labour", approved=1000)
    TimesheetEntryFactory(task=plan[0])
    TimesheetEntryFactory(task=plan[1])
    return project
