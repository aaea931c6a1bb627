"""A list's table as a download: the file's type and name, the CSV style of the reader's
language, an unknown format refused."""

from __future__ import annotations

import pytest
from django.utils import translation

from jalon.downloads import CSV_TYPE, XLSX_TYPE, download
from jalon.errors import NotFound
from jalon.io.tables import Column, Kind, Table

TABLE = Table("Risques", [Column("Titre"), Column("Coût", Kind.AMOUNT)],
              [["Fournisseur en retard", 1234.5]])


def test_csv_follows_the_language_of_the_request():
    with translation.override("fr"):
        french = download(TABLE, format="csv", name="PRJ1 Registre des risques")
    with translation.override("en"):
        english = download(TABLE, format="csv", name="PRJ1 Risk register")
    assert french.content.decode("utf-8-sig").splitlines()[1] == "Fournisseur en retard;1234,5"
    assert english.content.decode("utf-8-sig").splitlines()[1] == "Fournisseur en retard,1234.5"
    assert french["Content-Type"] == CSV_TYPE


def test_the_file_is_an_attachment_named_after_the_list():
    response = download(TABLE, format="xlsx", name="PRJ1 Registre des risques (été)")
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == \
        'attachment; filename="prj1-registre-des-risques-ete.xlsx"'
    assert response.content.startswith(b"PK")  # a zip: an XLSX workbook


def test_an_unknown_format_is_not_found():
    with pytest.raises(NotFound):
        download(TABLE, format="pdf", name="x")
