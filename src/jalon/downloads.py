"""A list exported as a file to download, XLSX or CSV: the one answer of every export, from a
page (``?format=xlsx``) or from the API (``GET .../export?format=csv``).

Each app writes its lists' rows as the page shows them (its ``exports.py``, a
:class:`jalon.io.tables.Table` with the page's translated headers); this module only turns the
table into a file: :func:`jalon.io.tables.xlsx_bytes`, or CSV in the style of the reader's
language (``;`` and decimal commas in French, as Excel in French expects; ``,`` and points in
English), UTF-8 with a byte order mark. Both neutralise formulas.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.accounts.people import name_of
from jalon.errors import NotFound
from jalon.io.tables import Table, csv_bytes, csv_style, xlsx_bytes

ExportFormat = Literal["xlsx", "csv"]
FORMATS: tuple[ExportFormat, ...] = ("xlsx", "csv")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def download(table: Table, *, format: str, name: str) -> HttpResponse:  # noqa: A002
    """``table`` as an attachment named ``name`` (made safe for a file name) in ``format``.

    An unknown format is a NotFound (a page's 404; the API's parameter refuses it first).
    """
    if format == "xlsx":
        content, content_type = xlsx_bytes(table), XLSX_TYPE
    elif format == "csv":
        content, content_type = csv_bytes(table, csv_style(get_language() or "en")), CSV_TYPE
    else:
        raise NotFound(_("Export as XLSX or CSV."))
    response = HttpResponse(content, content_type=content_type)
    # an attachment always has a header (None is only for an inline file without a name)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{slugify(name) or 'export'}.{format}") or "attachment"
    return response


# --- cells that several lists share, written as their pages write them ---------------------

def person(user: Any) -> str | None:
    """A user's full name, else their user name; an empty cell for nobody."""
    return name_of(user) or None


class CostsShown:
    """Whether ``user`` sees the money of a project (``permissions.can_see_costs``), asked once
    per project: a list across projects gives the costs only of those whose money he sees."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.known: dict[int, bool] = {}

    def __call__(self, project: Any) -> bool:
        if project.pk not in self.known:
            self.known[project.pk] = permissions.can_see_costs(self.user, project)
        return self.known[project.pk]


def yes_no(value: bool) -> str:
    """A yes/no column, as a word of the reader's language (a filter keeps to one word)."""
    return _("yes") if value else _("no")
