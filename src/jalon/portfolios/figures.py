"""Figures of projects that the apps above compute, for the pages of this one.

The portfolio pages list projects with their dates, but the dates come from the plans, which the
planning app holds above this one (it imports portfolios, never the reverse). So these pages ask
for a figure by name — ``figures_of("schedule", projects)`` — and the app that computes it
registers how, when it starts (``provide`` in its ``AppConfig.ready``). A figure nobody provides
is simply absent, and the pages show a dash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jalon.portfolios.models import Project

Provider = Callable[[list["Project"]], dict[int, Any]]

_PROVIDERS: dict[str, Provider] = {}


def provide(name: str, compute: Provider) -> None:
    """Register ``compute(projects) -> {project id: figure}`` as the source of figure ``name``."""
    _PROVIDERS[name] = compute


def figures_of(name: str, projects: Iterable[Project]) -> dict[int, Any]:
    """Figure ``name`` of each of ``projects`` by project id (empty when nobody provides it)."""
    compute = _PROVIDERS.get(name)
    return compute(list(projects)) if compute is not None else {}
