"""Reading an exported list back, as a spreadsheet would: the XLSX's cells, the CSV's fields."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from jalon.downloads import CSV_TYPE, XLSX_TYPE


def xlsx_sheet(response):
    """The sheet of an XLSX download (checked to be one)."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response) -> list[list]:
    """The values of an XLSX download, header row first."""
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]


def csv_rows(response, delimiter: str = ";") -> list[list[str]]:
    """The fields of a CSV download (``;`` as in French unless told), header row first."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == CSV_TYPE
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def column(rows: list[list], header: str) -> list:
    """The values under ``header``, without the header."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
