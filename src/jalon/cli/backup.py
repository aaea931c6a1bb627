"""``jalon backup FILE`` and ``jalon restore FILE``: a consistent snapshot of the database and
the uploaded files while the server runs, and its restore into an empty installation
(:mod:`jalon.backups`, docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jalon.cli.errors import BAD_INPUT


def backup_command(
    file: Annotated[Path, typer.Argument(help="The backup to write (a .tar.gz file).",
                                         dir_okay=False)],
) -> None:
    """Back up the database and the uploaded files into FILE, while Jalon runs."""
    from jalon.cli.main import console, fail, setup_django

    setup_django()
    from jalon.backups import backup
    from jalon.errors import JalonError

    try:
        summary = backup(file)
    except JalonError as exc:
        fail(exc.message, BAD_INPUT)
    console.print(f"[green]Backup written to {file}:[/] {summary.engine} database, "
                  f"{summary.tables} tables, {summary.rows} rows, {summary.files} files.")


def restore_command(
    file: Annotated[Path, typer.Argument(help="A backup written by `jalon backup`.",
                                         exists=True, dir_okay=False)],
) -> None:
    """Restore FILE into the configured database and data directory, both empty."""
    from jalon.cli.main import console, fail, setup_django

    setup_django()
    from jalon.backups import restore
    from jalon.errors import JalonError

    try:
        summary = restore(file)
    except JalonError as exc:
        fail(exc.message, BAD_INPUT)
    console.print(f"[green]Restored from {file}:[/] {summary.engine} database, "
                  f"{summary.tables} tables, {summary.rows} rows, {summary.files} files. "
                  "Run `jalon migrate` if this version of Jalon is newer than the backup.")
