"""The engine's levelling explanations as translated sentences.

The engine gives each reason a kind and named fields (``jalon.engine.levelling.TEMPLATES``
holds its English sentences, in periods); here the same sentences are written with dates and
translated. ``SENTENCES`` must cover every kind of ``TEMPLATES`` (a test checks it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SENTENCES = {
    "resource": gettext_lazy(
        "%(activity)s is delayed from %(could_start)s to %(start)s: on %(period)s, %(resource)s "
        "has a capacity of %(capacity)s, with %(used)s already taken by %(competing)s; "
        "%(activity)s needs %(needed)s."),
    "predecessor": gettext_lazy(
        "%(activity)s is delayed from %(early_start)s to %(could_start)s because its "
        "predecessor %(predecessor)s was delayed (%(link)s link)."),
    "capped": gettext_lazy(
        "%(activity)s needs %(needed)s of %(resource)s, which never has more than "
        "%(capacity)s: it is levelled as taking all of %(resource)s for its planned duration; "
        "the rest remains over-allocated."),
}

LINKS = {
    "FS": gettext_lazy("finish-to-start"),
    "SS": gettext_lazy("start-to-start"),
    "FF": gettext_lazy("finish-to-finish"),
    "SF": gettext_lazy("start-to-finish"),
}


def _units(value: float) -> str:
    value = float(value)
    return number_format(int(value) if value.is_integer() else round(value, 3))


def _day(value: str | None) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def sentence(reason: dict[str, Any]) -> str:
    """One stored reason (see ``levelling_preview.preview``) as a sentence in the active language."""
    fields = {
        "activity": reason["activity"],
        "early_start": _day(reason.get("early_start")),
        "could_start": _day(reason.get("could_start")),
        "start": _day(reason.get("start")),
        "period": _day(reason.get("period")),
        "resource": reason.get("resource", ""),
        "capacity": _units(reason.get("capacity", 0)),
        "used": _units(reason.get("used", 0)),
        "needed": _units(reason.get("needed", 0)),
        "competing": get_text_list(list(reason.get("competing", [])), _("and")),
        "predecessor": reason.get("predecessor", ""),
        "link": str(LINKS.get(reason.get("link", ""), reason.get("link", ""))),
    }
    return str(SENTENCES[reason["kind"]]) % fields
