"""How the file commands report a refused input: one line on standard error, in the user's
language (``LC_ALL``, ``LC_MESSAGES`` or ``LANG``: French when it starts with ``fr``, else
English), naming the file; exit code 2.

The ids in a file are its author's own, so a task is shown by its id and its name
(:func:`file_names`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

import typer

from jalon.cli import messages as m
from jalon.errors import JalonError
from jalon.i18n import Catalogue, Message, Ref, environment_language
from jalon.io import messages as file_messages

__all__ = ["BAD_INPUT", "file_names", "report"]

BAD_INPUT = 2


def file_names(tasks: Iterable[tuple[str, str]] = (),
               resources: Iterable[tuple[str, str]] = ()) -> Callable[[Ref], str | None]:
    """Names for the ``(id, name)`` tasks and resources of a file: ``A Excavate``."""
    known = {**{("task", ident): name for ident, name in tasks if name},
             **{("resource", ident): name for ident, name in resources if name}}

    def name(ref: Ref) -> str | None:
        found = known.get((ref.kind, ref.id))
        return f"{ref.id} {found}" if found else None

    return name


def report(problem: JalonError | Message, *, file: Path | None = None,
           names: Callable[[Ref], str | None] | None = None) -> NoReturn:
    """Print ``Error: FILE: problem`` in the user's language and exit with :data:`BAD_INPUT`."""
    if isinstance(problem, JalonError):
        if names is not None:
            problem.name(names)
        problem = problem.sentence
    translator = Catalogue(environment_language())
    if file is not None and str(file) not in problem.render(translator):
        problem = file_messages.AT(place=[str(file)], problem=problem)
    typer.echo(m.ERROR(problem=problem).render(translator), err=True)
    raise typer.Exit(BAD_INPUT)
