"""The methodologies a new project may follow, provided by the governance app above this one.

A project created with ``methodology`` set to a pack's key (``prince2``...) gets its phases, stage
gates, WBS skeleton, documents, roles and starter risks from the pack. Creating projects is this
app's service, shared by the page, the API and the imports, but the packs live in governance,
which imports portfolios and never the reverse: so, as with ``figures``, governance registers
what it offers when it starts (``provide`` in its ``AppConfig.ready``) and the service asks here.
With nobody providing, a methodology is only a label (docs/decisions/project-methodology.md).
The same way, a new project may start from one of its portfolio's saved project templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jalon.portfolios.models import Portfolio, Project


@dataclass(frozen=True)
class Methods:
    """``choices(portfolio)``: the (key, name) pairs a new project of the portfolio may follow;
    ``start(actor=, project=)``: set the new project up from the pack its methodology names;
    ``templates(portfolio)``: the (id, name) pairs of the portfolio's project templates;
    ``from_template(actor=, project=, template=)``: set the new project up from one of them."""

    choices: Callable[[Portfolio], list[tuple[str, str]]]
    start: Callable[..., object]
    templates: Callable[[Portfolio], list[tuple[int, str]]] = lambda portfolio: []
    from_template: Callable[..., object] | None = None


_provided: list[Methods] = []


def provide(methods: Methods) -> None:
    """Register the methodologies (once, when the providing app starts)."""
    _provided[:] = [methods]


def choices(portfolio: Portfolio) -> list[tuple[str, str]]:
    """The methodologies a new project of ``portfolio`` may follow (none when nobody provides)."""
    return _provided[0].choices(portfolio) if _provided else []


def templates(portfolio: Portfolio) -> list[tuple[int, str]]:
    """The project templates a new project of ``portfolio`` may start from."""
    return _provided[0].templates(portfolio) if _provided else []


def start(*, actor: Any, project: Project, template: int | None = None) -> None:
    """Set a new project up from ``template`` (a project template's id) when given, else from
    the methodology it names, when that is a pack's key."""
    if template is not None and _provided and _provided[0].from_template is not None:
        _provided[0].from_template(actor=actor, project=project, template=template)
    elif _provided and project.methodology and (  # none named: no pack to read
            project.methodology in dict(choices(project.portfolio))):
        _provided[0].start(actor=actor, project=project)
