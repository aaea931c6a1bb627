"""The ``jalon`` command: run the platform, manage it, and use the engine on files.

Commands that need the database set Django up on demand, so that file commands stay fast.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jalon.cli.backup import backup_command, restore_command
from jalon.cli.evm import evm_command
from jalon.cli.level import level_command
from jalon.cli.portfolio import portfolio_app
from jalon.cli.report import report_app
from jalon.cli.risk import risk_command
from jalon.cli.schedule import schedule_command
from jalon.errors import JalonError

app = typer.Typer(
    name="jalon",
    help="Jalon, the open-source platform for a Project Management Office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
token_app = typer.Typer(help="Personal access tokens for the REST API.", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.command("schedule")(schedule_command)
app.command("level")(level_command)
app.command("evm")(evm_command)
app.command("risk")(risk_command)
app.add_typer(portfolio_app, name="portfolio")
app.add_typer(report_app, name="report")
app.command("backup")(backup_command)
app.command("restore")(restore_command)
console = Console()
err_console = Console(stderr=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    import django

    django.setup()


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code)


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _upgrade() -> None:
    """Apply every migration, then forget the stored results: the new code computes them again
    (``jalon.portfolios.results``)."""
    from jalon.portfolios.results import forget_all

    _manage("migrate", "--noinput", "-v", "0")
    forget_all()


@app.command()
def migrate() -> None:
    """Create the database if needed and apply every migration."""
    setup_django()
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    _upgrade()
    console.print("[green]Database up to date.[/]")


@app.command("load-demo")
def load_demo(
    force: Annotated[bool, typer.Option(help="Load even if demo data is already there.")] = False,
    scale: Annotated[int | None, typer.Option(
        min=1, help="Also generate a portfolio of this many projects (SCALE), replacing any "
                    "generated before: data to measure Jalon at scale.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated portfolio.")] = 2026,
) -> None:
    """Load the demo portfolio (a fictional French group) once; with --scale, generate a large
    portfolio beside it."""
    setup_django()
    from jalon.demo.loader import load_demo as load
    from jalon.demo.scale import load_scale

    try:
        summary = load(force=force)
    except JalonError as exc:
        fail(exc.message)
    if summary is None:
        console.print("The demo portfolio is already loaded.")
    else:
        console.print(f"[green]Demo loaded:[/] {summary}")
    if scale is not None:
        with console.status(f"Generating {scale} projects…"):
            generated = load_scale(projects=scale, seed=seed)
        console.print(f"[green]Generated portfolio SCALE:[/] {generated}")


@app.command()
def createadmin(
    username: Annotated[str, typer.Argument(help="Login of the new PMO administrator.")],
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    password: Annotated[str | None, typer.Option(help="Password (asked when absent).")] = None,
) -> None:
    """Create a PMO administrator of everything (with access to the Django admin)."""
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from jalon.accounts.services import admin_create

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        validate_password(password)
        admin_create(username=username, password=password, email=email)
    except ValidationError as exc:
        fail(" ".join(exc.messages))
    except JalonError as exc:
        fail(exc.message)
    console.print(f"[green]PMO administrator {username} created.[/]")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="A label to recognise the token.")] = "",
    days: Annotated[int | None, typer.Option(
        help="Days until it expires (0: never; default JALON_TOKEN_DAYS, 90).")] = None,
) -> None:
    """Print a new personal access token (shown once) for USERNAME."""
    setup_django()
    from jalon.accounts.services import token_create as create

    try:
        _token, raw = create(username=username, name=name, days=days)
    except JalonError as exc:
        fail(exc.message)
    typer.echo(raw)


@token_app.command("list")
def token_list(
    username: Annotated[str, typer.Argument(help="Whose tokens.")],
) -> None:
    """List USERNAME's tokens: prefix, name, created, last used, expiry."""
    setup_django()
    from django.contrib.auth import get_user_model

    from jalon.accounts.selectors import tokens_of

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        fail(f"No user named {username}.")
    table = Table("prefix", "name", "created", "last used", "expires")
    for token in tokens_of(user=user):
        expires = f"{token.expires_at:%Y-%m-%d}" if token.expires_at else "never"
        table.add_row(f"{token.prefix}…", token.name, f"{token.created_at:%Y-%m-%d}",
                      f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never",
                      f"{expires} (expired)" if token.expired else expires)
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    prefix: Annotated[str, typer.Argument(help="The token's first characters, as listed.")],
) -> None:
    """Revoke the token that starts with PREFIX: it no longer opens the API."""
    setup_django()
    from jalon.accounts.models import ApiToken

    start = prefix.rstrip("….")
    if len(start) < 8:
        fail("Give at least the first 8 characters of the token, as `jalon token list` shows.")
    matches = list(ApiToken.objects.select_related("user").filter(prefix__startswith=start[:12]))
    if len(matches) != 1:
        fail(f"No token starts with {prefix}." if not matches
             else f"{len(matches)} tokens start with {prefix}: revoke them from the account page.")
    matches[0].delete()
    console.print(f"[green]Token {matches[0].prefix}… of {matches[0].user} revoked.[/]")


def _gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "jalon.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--access-logfile", "-", "--log-level", "warning", "--timeout", "120",
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "django", "db_worker", "--settings", "jalon.settings"]


#: A crashed worker is restarted, unless it crashed this many times within a minute.
RESTARTS_PER_MINUTE = 5


def _run_all(commands: list[list[str]], *, restart: frozenset[int] = frozenset()) -> None:
    """Run the processes together; stop them all on Ctrl-C or when one of them ends, except
    the processes whose index is in ``restart`` (the task worker), started again when they die:
    the web keeps serving, and a run the dead worker left behind is failed by the next sweep
    (``jalon.runs.recover_stalled``)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jalon.settings"}
    processes = [subprocess.Popen(command, env=env) for command in commands]  # noqa: S603
    crashes: list[float] = []
    stopping = False

    def stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            ended = [i for i, p in enumerate(processes) if p.poll() is not None]
            if any(i not in restart for i in ended):
                break
            for i in ended:
                now = time.monotonic()
                crashes[:] = [t for t in crashes if now - t < 60] + [now]
                if len(crashes) > RESTARTS_PER_MINUTE:
                    err_console.print("[bold red]The task worker keeps stopping: Jalon stops.[/]")
                    return
                err_console.print(f"[yellow]The task worker stopped (exit code "
                                  f"{processes[i].returncode}); starting it again.[/]")
                processes[i] = subprocess.Popen(commands[i], env=env)  # noqa: S603
            time.sleep(0.3)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        console.print("Jalon stopped.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Number of web worker processes.")] = 3,
) -> None:
    """Serve the web UI and API with gunicorn (static files by WhiteNoise)."""
    setup_django()
    _run_all([_gunicorn_command(host, port, workers)])


@app.command()
def worker() -> None:
    """Run the background task worker (levelling, simulations, reports, KPI snapshots)."""
    setup_django()
    _start_schedules()
    _run_all([_worker_command()], restart=frozenset({0}))


def _start_schedules() -> None:
    """Fail the runs a dead worker left "running", and start the periodic tasks (the sweep of
    such runs, KPI snapshots at each new status date, packs sent to their subscribers, Monday's
    reminders of the status reports due, the tolerance check every 15 minutes, the daily digest
    of notifications, the nightly purge of the trash) unless one waits."""
    from django.db import DatabaseError

    from jalon.finance.tasks import ensure_snapshot_schedule
    from jalon.governance.tasks import ensure_exception_schedule
    from jalon.notifications.tasks import ensure_digest_schedule
    from jalon.portfolios.tasks import ensure_purge_schedule
    from jalon.reporting.tasks import ensure_subscription_schedule
    from jalon.runs import ensure_sweep_schedule
    from jalon.statusreports.tasks import ensure_reminder_schedule

    try:
        ensure_sweep_schedule()
        ensure_snapshot_schedule()
        ensure_subscription_schedule()
        ensure_reminder_schedule()
        ensure_exception_schedule()
        ensure_digest_schedule()
        ensure_purge_schedule()
    except DatabaseError:
        fail("The database is not ready: run `jalon migrate` first.")


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Create the database, load the demo portfolio once, and serve it (web and worker)."""
    setup_django()
    from django.conf import settings

    from jalon.demo.loader import DEMO_PASSWORD, DEMO_USERS
    from jalon.demo.loader import load_demo as load

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    _upgrade()
    with console.status("Loading the demo portfolio…"):
        try:
            load()
        except JalonError as exc:
            fail(exc.message)
    console.rule("[bold]Jalon — demo")
    console.print(f"Open [bold cyan]http://{host}:{port}/[/] (data in {settings.DATA_DIR})")
    console.print(f"Logins (password [bold]{DEMO_PASSWORD}[/]):")
    for username, description in DEMO_USERS:
        console.print(f"  [bold]{username:<16}[/] {description}")
    console.print("Press Ctrl-C to stop.")
    _start_schedules()
    _run_all([_gunicorn_command(host, port, 2), _worker_command()], restart=frozenset({1}))


def main() -> None:  # pragma: no cover - console entry point alias
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
