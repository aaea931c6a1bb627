"""Budgets, fixed costs and actual costs: rules, rights, and the CSV/XLSX import."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.finance import services
from jalon.finance.models import BudgetLine, CostEntry
from jalon.finance.services import CostImportFailed
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_project_manager_keeps_the_budget_of_her_project(manager, project):
    line = services.budget_line_create(actor=manager, project=project, category="labour",
                                       expenditure="capex", approved=Decimal("50000"),
                                       contingency=Decimal("5000"),
                                       management_reserve=Decimal("2500"))
    services.budget_months_set(actor=manager, line=line, months=[
        (datetime.date(2026, 1, 1), Decimal("20000"), None),
        (datetime.date(2026, 2, 1), Decimal("30000"), Decimal("32000"))])
    assert [m.planned for m in line.months.all()] == [Decimal("20000"), Decimal("30000")]
    services.budget_line_update(actor=manager, line=line, forecast=Decimal("52000"))
    assert BudgetLine.objects.get().forecast == Decimal("52000")


def test_a_month_is_given_by_its_first_day(manager, project):
    line = services.budget_line_create(actor=manager, project=project, category="other")
    with pytest.raises(ValidationFailed) as exc:
        services.budget_months_set(actor=manager, line=line,
                                   months=[(datetime.date(2026, 1, 15), Decimal("1"), None)])
    assert exc.value.field == "month"


def test_executives_and_team_members_read_but_do_not_write(executive, member, project,
                                                           outsider):
    for user in (executive, member):
        with pytest.raises(PermissionDenied):
            services.cost_entry_create(actor=user, project=project, date=datetime.date(2026, 1, 5),
                                       amount=Decimal("10"), category="labour")
    with pytest.raises(NotFound):
        services.cost_entry_create(actor=outsider, project=project, date=datetime.date(2026, 1, 5),
                                   amount=Decimal("10"), category="labour")
    assert not CostEntry.objects.exists()


def test_a_cost_entry_is_positive_and_on_a_task_of_its_project(manager, project):
    with pytest.raises(ValidationFailed) as exc:
        services.cost_entry_create(actor=manager, project=project, date=datetime.date(2026, 1, 5),
                                   amount=Decimal("0"), category="labour")
    assert exc.value.field == "amount"
    with pytest.raises(ValidationFailed) as exc:
        services.cost_entry_create(actor=manager, project=project, date=datetime.date(2026, 1, 5),
                                   amount=Decimal("5"), category="labour", task=TaskFactory())
    assert exc.value.field == "task"


def csv_bytes(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def test_a_good_csv_file_adds_every_row(manager, project):
    TaskFactory(project=project, wbs_code="1.2")
    result = services.cost_entries_import(actor=manager, project=project, name="costs.csv",
                                          content=csv_bytes(
        "Date;Montant;Catégorie;CAPEX/OPEX;Tâche;Libellé",
        "2026-01-31;1 234,50;Main d'œuvre;capex;1.2;Janvier",
        "28/02/2026;100;subcontracting;;;Février"))
    assert result.total == Decimal("1334.50")
    entries = list(CostEntry.objects.order_by("date"))
    assert [(e.category, e.expenditure, e.task and e.task.wbs_code) for e in entries] == [
        ("labour", "capex", "1.2"), ("subcontracting", "opex", None)]
    assert {e.source for e in entries} == {CostEntry.Source.IMPORT}


def test_a_file_with_bad_rows_names_each_and_saves_nothing(manager, project):
    from django.utils import translation

    TaskFactory(project=project, wbs_code="1")
    # In English whatever an earlier test left active (French is the default language).
    with pytest.raises(CostImportFailed) as exc, translation.override("en"):
        services.cost_entries_import(actor=manager, project=project, name="costs.csv",
                                     content=csv_bytes(
            "date,amount,category,task",
            "2026-01-31,100,labour,1",
            "2026-13-01,abc,labour,1",
            "2026-02-01,-5,cheese,9",
            "2026-02-02,10.005,other,"))
    problems = {(p.row, p.column) for p in exc.value.problems}
    assert problems == {(3, "date"), (3, "amount"), (4, "amount"), (4, "category"),
                        (4, "task"), (5, "amount")}
    assert "row 4" in exc.value.errors
    assert not CostEntry.objects.exists()


def test_a_file_without_the_required_columns_is_refused(manager, project):
    with pytest.raises(CostImportFailed) as exc:
        services.cost_entries_import(actor=manager, project=project, name="costs.csv",
                                     content=csv_bytes("when,how much", "2026-01-01,5"))
    assert exc.value.problems[0].row == 1
    assert "amount" in exc.value.problems[0].column


def test_an_xlsx_workbook_is_read_with_its_dates_and_numbers(manager, project):
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "amount", "category", "description"])
    sheet.append([datetime.datetime(2026, 3, 31), 250.5, "Equipment", "Crane"])
    sheet.append([datetime.datetime(2026, 4, 30), "x", "Equipment", "Crane"])
    content = io.BytesIO()
    book.save(content)
    with pytest.raises(CostImportFailed) as exc:
        services.cost_entries_import(actor=manager, project=project, name="costs.xlsx",
                                     content=content.getvalue())
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "amount")]
    sheet.delete_rows(3)
    content = io.BytesIO()
    book.save(content)
    services.cost_entries_import(actor=manager, project=project, name="costs.xlsx",
                                 content=content.getvalue())
    entry = CostEntry.objects.get()
    assert (entry.date, entry.amount, entry.category) == (datetime.date(2026, 3, 31),
                                                          Decimal("250.50"), "equipment")


def test_an_unreadable_file_is_reported_on_row_1(manager, project):
    with pytest.raises(CostImportFailed) as exc:
        services.cost_entries_import(actor=manager, project=project, name="costs.xlsx",
                                     content=b"not a zip")
    assert exc.value.problems[0].row == 1
