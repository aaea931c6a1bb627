"""The charter and the business case written from the project's data, opened again with
python-docx: the project's name, its milestones with their scheduled dates, its risks, and the
budget only for those who may see money."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from django.utils import translation

from jalon.documents import services
from jalon.documents.models import Document
from jalon.errors import ValidationFailed
from jalon.governance.models import ProjectDocument
from jalon.risks.services import risk_create
from tests.factories import DependencyFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def described(project, plan, manager):
    """The small plan ending on a milestone, with an approved budget and two risks."""
    project.name, project.description = "New warehouse", "Store twice as many pallets."
    project.save()
    milestone = TaskFactory(project=project, name="Handover", position=4, wbs_code="4",
                            duration=Decimal("0"), is_milestone=True)
    DependencyFactory(predecessor=plan[-1], successor=milestone)
    project.budget_lines.create(category="labour", expenditure="opex", approved=125000)
    risk_create(actor=manager, project=project, title="Late steel delivery", probability=4,
                impact_schedule=4)
    risk_create(actor=manager, project=project, title="Permit refused", probability=1,
                impact_cost=2)
    return project


def _text(document: Document) -> str:
    version = document.versions.get()
    with version.file.open("rb") as handle:
        opened = docx.Document(io.BytesIO(handle.read()))
    cells = [c.text for t in opened.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def test_the_charter_holds_the_projects_figures(described, manager):
    document = services.document_generate(actor=manager, project=described, template="charter")
    assert document.title == "Project charter (PID)" and document.status == "draft"
    assert document.versions.get().filename.endswith("Project charter (PID).docx")
    text = _text(document)
    assert "New warehouse" in text and "Store twice as many pallets." in text
    assert "Handover" in text and "06/03/2025" in text  # the milestone's scheduled day
    assert "07/03/2025" in text  # the planned finish, from the stored schedule
    assert "Late steel delivery" in text and "R1" in text
    assert "125,000 EUR" in text


@pytest.mark.parametrize("template", ["charter", "business_case"])
def test_a_team_member_sees_no_money_in_it(described, member, template):
    text = _text(services.document_generate(actor=member, project=described, template=template))
    assert "Handover" in text and "Late steel delivery" in text
    assert "125" not in text and "EUR" not in text
    assert "Budget" not in text and "Costs" not in text and "Contingency" not in text


def test_written_in_the_readers_language_and_again_as_a_new_version(described, manager):
    with translation.override("fr"):
        document = services.document_generate(actor=manager, project=described,
                                              template="charter")
        assert "Jalons" in _text(document)
    again = services.document_generate(actor=manager, project=described, template="charter",
                                       file_format="pdf")
    assert again.pk == document.pk
    latest = again.versions.order_by("-number").first()
    assert latest.number == 2 and latest.file.open("rb").read(5) == b"%PDF-"


def test_generating_for_a_deliverable_links_the_document(prince2, board):
    business_case = ProjectDocument.objects.get(phase__project=prince2, key="business_case")
    document = services.document_generate(actor=board, project=prince2,
                                          template="business_case", deliverable=business_case)
    assert document.deliverable == business_case and document.title == "Business case"


def test_unknown_templates_and_formats_are_refused(project, manager):
    with pytest.raises(ValidationFailed, match="charter or a business case"):
        services.document_generate(actor=manager, project=project, template="poem")
    with pytest.raises(ValidationFailed, match="DOCX or PDF"):
        services.document_generate(actor=manager, project=project, template="charter",
                                   file_format="exe")
    assert not Document.objects.exists()
