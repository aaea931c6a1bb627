"""`jalon report` on the demo, as the issue's done-when check: after the demo is loaded, the
portfolio's pack is written as PDF, PowerPoint and Excel; each file opens with its library,
names every demo project by its code and carries their RAG words, and the workbook holds the
KPIs as numbers."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader
from typer.testing import CliRunner

from jalon.cli.main import app
from jalon.demo.catalogue import PORTFOLIO_CODE
from jalon.demo.loader import load_demo, remove_demo
from jalon.finance.selectors import overall_statuses
from jalon.portfolios.models import Project
from jalon.reporting.sections import rag_word
from jalon.resources.models import Skill

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        skills_before = set(Skill.objects.values_list("pk", flat=True))
        load_demo()
        projects = list(Project.objects.filter(portfolio__code=PORTFOLIO_CODE))
        with translation.override(settings.LANGUAGE_CODE):
            words = {rag_word(status) for status in overall_statuses(projects).values()}
        yield sorted(p.code for p in projects), words
        remove_demo()
        Skill.objects.exclude(pk__in=skills_before).delete()


def _write(tmp_path, fmt: str) -> bytes:
    output = tmp_path / f"pack.{fmt}"
    result = runner.invoke(app, ["report", "portfolio", PORTFOLIO_CODE, "--format", fmt,
                                 "--output", str(output)])
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def _slide_text(data: bytes) -> str:
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_the_pack_names_every_demo_project_with_its_rag_words(demo, tmp_path, fmt):
    codes, words = demo
    data = _write(tmp_path, fmt)
    if fmt == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        text = _slide_text(data)
    assert [code for code in codes if code not in text] == []
    assert {"Rouge", "Orange", "Vert"} <= words  # the demo shows every colour
    assert [word for word in words if word not in text] == []


@pytest.mark.django_db
def test_the_workbook_has_every_project_and_its_kpis_as_numbers(demo, tmp_path):
    codes, words = demo
    book = load_workbook(io.BytesIO(_write(tmp_path, "xlsx")))
    sheet = book["Chiffres clés"]
    headers = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(codes) <= set(rows)
    measured = [rows[code] for code in codes if rows[code]["CPI"] is not None]
    assert measured, "the demo has projects with earned value"
    for row in measured:
        assert all(isinstance(row[key], float | int) for key in ("EV", "PV", "AC", "CPI",
                                                                  "SPI", "EAC", "VAC"))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    rag = book["État RAG"]
    statuses = {value for row in rag.iter_rows(min_row=2, values_only=True) for value in row}
    assert words <= statuses


@pytest.mark.django_db
def test_an_unknown_code_exits_2_naming_it(demo, tmp_path):
    output = tmp_path / "pack.pdf"
    result = runner.invoke(app, ["report", "portfolio", "NOPE", "--format", "pdf",
                                 "--output", str(output)])
    assert result.exit_code == 2
    assert "NOPE" in result.output
    assert not output.exists()
