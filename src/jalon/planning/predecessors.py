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


def format_link(link: Any, project_id: int) -> str:
    """One dependency as the successor's predecessors column shows it (``3``, ``5SS``, ``3FS+2``)."""
    predecessor = link.predecessor
    name = predecessor.wbs_code
    if predecessor.project_id != project_id:
        name = f"{predecessor.project.code}:{name}"
    lag = Decimal(link.lag)
    if link.type == "FS" and not lag:
        return name
    return f"{name}{link.type}{_lag_text(lag) if lag else ''}"


def _outline_key(link: Any, project_id: int) -> tuple[bool, str, tuple[int, ...]]:
    predecessor = link.predecessor
    other = predecessor.project_id != project_id
    numbers = tuple(int(n) for n in predecessor.wbs_code.split(".") if n.isdigit())
    return (other, predecessor.project.code if other else "", numbers)


def format_links(links: Iterable[Any], project_id: int) -> str:
    """The links into one task of project ``project_id`` as one text: the project's own tasks
    first in outline order, then other projects' tasks by code."""
    ordered = sorted(links, key=lambda link: _outline_key(link, project_id))
    return ", ".join(format_link(link, project_id) for link in ordered)


def format_predecessors(task: Any) -> str:
    """All the predecessors of ``task`` (its ``predecessor_links``, prefetched) as one text."""
    return format_links(task.predecessor_links.all(), task.project_id)
