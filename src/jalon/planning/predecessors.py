"""Predecessors written as MS Project writes them: ``3FS+2, 5SS, PRJ2:1.4FF-0.5``.

Each item is a WBS code of the same project, or ``CODE:WBS`` for a task of another project,
then an optional link type (FS when omitted) and an optional lag in working days (decimals
allowed, a leading minus for a lead). Items are separated by commas or semicolons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

LINK_TYPES = ("FS", "SS", "FF", "SF")

_ITEM = re.compile(
    r"""^(?:(?P<code>[A-Za-z0-9][A-Za-z0-9._-]*)\s*:\s*)?
        (?P<wbs>\d+(?:\.\d+)*)
        \s*(?P<type>FS|SS|FF|SF)?
        \s*(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d+)?|\.\d+)\s*(?:d|j|days?|jours?)?)?$""",
    re.IGNORECASE | re.VERBOSE,
)


class PredecessorSyntaxError(ValueError):
    """An item of the predecessors text cannot be read; the message names it."""


@dataclass(frozen=True)
class PredecessorRef:
    """One parsed item: the task it names (by project code and WBS code), link type and lag."""

    project_code: str | None
    wbs: str
    type: str = "FS"
    lag: Decimal = Decimal("0")

    def label(self) -> str:
        return f"{self.project_code}:{self.wbs}" if self.project_code else self.wbs


def parse_predecessors(text: str) -> list[PredecessorRef]:
    """Read the predecessors text; raise PredecessorSyntaxError naming the first bad item."""
    refs: list[PredecessorRef] = []
    for raw in re.split(r"[,;]", text or ""):
        item = raw.strip()
        if not item:
            continue
        match = _ITEM.match(item)
        if match is None:
            raise PredecessorSyntaxError(
                _("“%(item)s” is not a predecessor: write a WBS code (or CODE:WBS), then "
                  "optionally FS, SS, FF or SF and a lag such as +2 or -1.5.") % {"item": item}
            )
        try:
            lag = Decimal(match["lag"]) if match["lag"] else Decimal("0")
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise PredecessorSyntaxError(_("“%(item)s”: the lag is not a number.") % {"item": item}) from None
        if match["sign"] == "-":
            lag = -lag
        refs.append(PredecessorRef(
            project_code=match["code"],
            wbs=match["wbs"],
            type=(match["type"] or "FS").upper(),
            lag=lag,
        ))
    return refs


def _lag_text(lag: Decimal) -> str:
    text = format(lag.normalize(), "f")  # 2.00 -> "2", 20 -> "20" (not "2E+1")
    return f"+{text}" if lag > 0 else text


def link_text(wbs: str, code: str | None, kind: str, lag: Decimal) -> str:
    """One link into a task as its predecessors column shows it (``3``, ``5SS``, ``3FS+2``,
    ``PRJ2:1.4FF-0.5``): the predecessor's WBS code, ``code`` the code of its project when that
    is another project's (else None), the link's type and lag."""
    name = f"{code}:{wbs}" if code is not None else wbs
    lag = Decimal(lag)
    if kind == "FS" and not lag:
        return name
    return f"{name}{kind}{_lag_text(lag) if lag else ''}"


def _parts(link: Any, project_id: int) -> tuple[str, str | None, str, Decimal]:
    """A dependency into a task of project ``project_id`` as :func:`link_text` takes it."""
    predecessor = link.predecessor
    code = predecessor.project.code if predecessor.project_id != project_id else None
    return predecessor.wbs_code, code, link.type, link.lag


def format_link(link: Any, project_id: int) -> str:
    """One dependency as the successor's predecessors column shows it (``3``, ``5SS``, ``3FS+2``)."""
    return link_text(*_parts(link, project_id))


def links_text(links: Iterable[tuple[str, str | None, str, Decimal]]) -> str:
    """The links into one task, each ``(wbs, code, kind, lag)`` as :func:`link_text` takes them,
    as one text: the project's own tasks first in outline order, then other projects' tasks by
    code."""
    def key(link: tuple[str, str | None, str, Decimal]) -> tuple[bool, str, tuple[int, ...]]:
        wbs, code = link[0], link[1]
        return (code is not None, code or "", tuple(int(n) for n in wbs.split(".") if n.isdigit()))

    return ", ".join(link_text(*link) for link in sorted(links, key=key))


def format_links(links: Iterable[Any], project_id: int) -> str:
    """The links into one task of project ``project_id`` as one text: the project's own tasks
    first in outline order, then other projects' tasks by code."""
    return links_text(_parts(link, project_id) for link in links)


def format_predecessors(task: Any) -> str:
    """All the predecessors of ``task`` as one text: the text ``selectors.tasks_in_outline`` read
    with the task (``predecessors_text``), else from its ``predecessor_links``."""
    text = getattr(task, "predecessors_text", None)
    if text is not None:
        return str(text)
    return format_links(task.predecessor_links.all(), task.project_id)
