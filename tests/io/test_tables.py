"""Tables for a spreadsheet: typed XLSX cells, CSV in the reader's style, no formula ever runs."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jalon.io.tables import (
    ENGLISH,
    FRENCH,
    Column,
    Kind,
    Table,
    csv_bytes,
    csv_style,
    neutralised,
    xlsx_bytes,
)

ATTACKS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def table(*rows: list) -> Table:
    return Table("Tasks", [Column("Name"), Column("Cost", Kind.AMOUNT), Column("Start", Kind.DATE),
                           Column("Done", Kind.PERCENT), Column("Days", Kind.NUMBER)], list(rows))


@pytest.mark.parametrize("text", ATTACKS)
def test_a_text_a_spreadsheet_would_run_is_prefixed(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ["Excavate", "4.3 Recette", "", "a=b", "'quoted"])
def test_other_text_is_kept(text):
    assert neutralised(text) == text


def test_csv_neutralises_every_attack_and_keeps_negative_numbers_as_numbers():
    content = csv_bytes(table(*[[attack, Decimal("-1500.50"), None, 0, -2.5]
                                for attack in ATTACKS]))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + attack for attack in ATTACKS]
    assert {row[1] for row in rows[1:]} == {"-1500.50"}
    assert {row[4] for row in rows[1:]} == {"-2.5"}


def test_csv_starts_with_a_byte_order_mark_so_that_excel_reads_the_accents():
    content = csv_bytes(Table("Tâches", [Column("Début")], [["Réception"]]))
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == "Début\r\nRéception\r\n"


def test_french_csv_uses_semicolons_and_decimal_commas_english_commas_and_points():
    rows = table(["Pose, dalle", Decimal("1234.5"), date(2026, 3, 31), 45, 2.25])
    assert csv_bytes(rows, FRENCH).decode("utf-8-sig").splitlines()[1] == \
        'Pose, dalle;1234,5;2026-03-31;45;2,25'
    assert csv_bytes(rows, ENGLISH).decode("utf-8-sig").splitlines()[1] == \
        '"Pose, dalle",1234.5,2026-03-31,45,2.25'


def test_the_style_follows_the_language():
    assert csv_style("fr") is FRENCH
    assert csv_style("fr-ca") is FRENCH
    assert csv_style("en") is ENGLISH


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_xlsx_cells_are_typed_numbers_dates_and_text_with_formats():
    sheet = read_xlsx(xlsx_bytes(table(["Excavate", Decimal("-1500.50"), date(2026, 3, 31), 45,
                                        2.5], ["Lay", None, None, 100, 1])))
    name, cost, start, done, days = sheet[2]
    assert (name.value, name.data_type) == ("Excavate", "s")
    assert (cost.value, cost.data_type, cost.number_format) == (-1500.5, "n", "#,##0.00")
    assert isinstance(start.value, datetime) and start.value.date() == date(2026, 3, 31)
    assert start.is_date
    assert (done.value, done.number_format) == (45, '0" %"')
    assert days.value == 2.5
    assert [c.value for c in sheet[3]] == ["Lay", None, None, 100, 1]


def test_xlsx_never_writes_a_formula_and_keeps_the_text_as_it_is():
    sheet = read_xlsx(xlsx_bytes(table(*[[attack, -1, None, None, None] for attack in ATTACKS])))
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ATTACKS
    assert {c.data_type for c in cells} == {"s"}
    # Excel's quote prefix: the cell stays text even when someone edits it
    assert all(c.quotePrefix for c in cells)
    assert {row[1].value for row in sheet.iter_rows(min_row=2)} == {-1}


def test_xlsx_freezes_the_header_filters_the_table_and_sizes_the_columns():
    sheet = read_xlsx(xlsx_bytes(table(["A long task name of forty characters, ok", 1, None, 0,
                                        0])))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E2"
    assert sheet["A1"].font.bold
    assert [c.value for c in sheet[1]] == ["Name", "Cost", "Start", "Done", "Days"]
    assert sheet.column_dimensions["A"].width == 42
    assert sheet.title == "Tasks"


def test_a_sheet_title_excel_refuses_is_cleaned():
    sheet = read_xlsx(xlsx_bytes(Table("Risks: 2026/03 [draft] of the big project",
                                       [Column("Name")], [])))
    assert sheet.title == "Risks  2026 03  draft  of the b"


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="Row 1 has 1 values for 2 columns"):
        Table("T", [Column("A"), Column("B")], [["only one"]])
