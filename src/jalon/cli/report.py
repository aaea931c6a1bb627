"""``jalon report portfolio|programme|project CODE --format pdf|pptx|xlsx --output FILE``: a
report pack from the configured database, for automation.

The pack is the one the Reports page generates (``jalon.reporting``), read with every right
(the command runs on the server, as its operator): money included. Its text is in
``--language`` (default: the site's language, ``LANGUAGE_CODE``). An unknown code, or a file
that cannot be written, exits 2 with one line naming it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from jalon.cli.errors import BAD_INPUT

__all__ = ["report_app"]

report_app = typer.Typer(
    help="Report packs (PDF, PowerPoint, Excel) of a portfolio, programme or project.",
    no_args_is_help=True)


class Format(StrEnum):
    pdf = "pdf"
    pptx = "pptx"
    xlsx = "xlsx"


FormatOption = Annotated[Format, typer.Option("--format", help="The file's format.")]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="The file to write.",
                                            dir_okay=False)]
StatusDateOption = Annotated[datetime | None, typer.Option(
    "--status-date", formats=["%Y-%m-%d"],
    help="The pack's date, which judges overdue milestones (default: the latest status date "
         "of its projects).")]
LanguageOption = Annotated[str | None, typer.Option(
    "--language", help="fr or en (default: the site's language).")]


def _operator() -> Any:
    """Who the command reads as: every right, stored nowhere."""
    from django.contrib.auth import get_user_model

    return get_user_model()(username="jalon-cli", is_superuser=True, is_active=True)


def _write(level: str, code: str, fmt: Format, output: Path, status_date: datetime | None,
           language: str | None) -> None:
    from jalon.cli.main import err_console, setup_django

    setup_django()
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext as _

    from jalon.portfolios.models import Portfolio, Programme, Project
    from jalon.reporting.content import pack_content
    from jalon.reporting.formats import render

    # WeasyPrint warns about every CSS rule meant for the pages' SVG; the pack does not need them
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    chosen = language or settings.LANGUAGE_CODE
    if chosen not in dict(settings.LANGUAGES):
        err_console.print(f"Unknown language {chosen!r}: choose "
                          f"{' or '.join(dict(settings.LANGUAGES))}.")
        raise typer.Exit(BAD_INPUT)
    with translation.override(chosen):
        scope: Portfolio | Programme | Project | None = (
            Portfolio.objects.filter(code=code).first() if level == "portfolio"
            else Programme.objects.filter(code=code).first() if level == "programme"
            else Project.objects.filter(code=code).first())
        if scope is None:
            messages = {"portfolio": _("No portfolio has the code “%(code)s”."),
                        "programme": _("No programme has the code “%(code)s”."),
                        "project": _("No project has the code “%(code)s”.")}
            err_console.print(messages[level] % {"code": code}, highlight=False)
            raise typer.Exit(BAD_INPUT)
        content = pack_content(user=_operator(), scope=scope,
                               status_date=status_date.date() if status_date else None)
        data = render(content, fmt.value)
        try:
            output.write_bytes(data)
        except OSError as exc:
            err_console.print(_("Cannot write “%(file)s”: %(reason)s")
                              % {"file": output, "reason": exc.strerror or exc},
                              highlight=False)
            raise typer.Exit(BAD_INPUT) from None


@report_app.command("portfolio")
def portfolio_command(
    code: Annotated[str, typer.Argument(help="The portfolio's code.")],
    fmt: FormatOption, output: OutputOption, status_date: StatusDateOption = None,
    language: LanguageOption = None,
) -> None:
    """Write the pack of a portfolio."""
    _write("portfolio", code, fmt, output, status_date, language)


@report_app.command("programme")
def programme_command(
    code: Annotated[str, typer.Argument(help="The programme's code.")],
    fmt: FormatOption, output: OutputOption, status_date: StatusDateOption = None,
    language: LanguageOption = None,
) -> None:
    """Write the pack of a programme."""
    _write("programme", code, fmt, output, status_date, language)


@report_app.command("project")
def project_command(
    code: Annotated[str, typer.Argument(help="The project's code.")],
    fmt: FormatOption, output: OutputOption, status_date: StatusDateOption = None,
    language: LanguageOption = None,
) -> None:
    """Write the pack of a project."""
    _write("project", code, fmt, output, status_date, language)
