"""Messages with codes: every declared message reads in French and in English, parameters are
shown the reader's way, and a stored message comes back whole."""

from __future__ import annotations

import ast
import importlib
import re
from datetime import date
from pathlib import Path

import pytest

import jalon
from jalon.i18n import Catalogue, Chain, Message, MessageCode, Ref, environment_language
from jalon.i18n import message_codes as declared_codes

PACKAGE = Path(jalon.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
ENGLISH, FRENCH = Catalogue("en"), Catalogue("fr")


def declaring_modules() -> list[str]:
    """Every module of the package that declares messages (found by reading the sources, so
    that a new one cannot be left out of the test below)."""
    return sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and "MessageCode(" in path.read_text(encoding="utf-8")
    )


def message_codes() -> dict[str, MessageCode]:
    for module in declaring_modules():
        importlib.import_module(module)
    return dict(declared_codes())


def test_the_engine_file_formats_commands_and_runs_declare_their_messages():
    areas = {code.split(".")[0] for code in message_codes()}
    assert {"engine", "plan", "calendar", "levelling", "simulation", "evm", "file", "mspdi",
            "psplib", "mpxj", "cli"} <= areas


@pytest.mark.parametrize("code", sorted(message_codes()))
def test_every_message_reads_in_french_and_in_english(code):
    declared = message_codes()[code]
    message = declared(**{name: f"<{name}>" for name in declared.placeholders})
    english, french = message.render(ENGLISH), message.render(FRENCH)
    for text in (english, french):
        assert "%(" not in text and text.strip()
        assert all(f"<{name}>" in text for name in declared.placeholders), text
    assert french != english
    assert set(PLACEHOLDER.findall(FRENCH.gettext(declared.template))) == declared.placeholders


def test_a_message_takes_exactly_its_parameters():
    from jalon.engine import messages as m

    with pytest.raises(TypeError, match="year"):
        m.BEYOND_CALENDAR(limit=2200)
    with pytest.raises(ValueError, match="twice"):
        MessageCode("calendar.beyond", "Another text %(year)s.")


def test_numbers_dates_and_lists_are_shown_the_readers_way():
    from jalon.engine import messages as m
    from jalon.io import messages as file_messages

    assert m.DEMAND_OVER_CAPACITY(task="X", units=1.5, resource="R", capacity=1).render(
        FRENCH).startswith("L’activité X demande 1,5 unité(s) de R, qui n’en a que 1 :")
    holidays = m.HOLIDAY_AND_WORKING(dates=[date(2026, 5, 1), date(2026, 12, 25)])
    assert holidays.render(ENGLISH).endswith("working days: 2026-05-01, 2026-12-25.")
    assert holidays.render(FRENCH).endswith("ouvrées : 01/05/2026, 25/12/2026.")
    keys = file_messages.UNKNOWN_KEYS(keys=["colour", "size"])
    assert keys.render(ENGLISH) == "unknown keys colour, size."


def test_an_outer_message_and_the_one_inside_come_out_in_one_language():
    from jalon.engine import messages as m

    message = m.ABOUT(owner=m.activity("A"), problem=m.FINISH_BEFORE_START())
    assert message.render(ENGLISH) == "Activity 'A': actual_finish is before actual_start."
    assert message.render(FRENCH) == "Activité 'A' : actual_finish précède actual_start."


def test_the_door_names_what_the_engine_refers_to_by_id():
    from jalon.engine import messages as m

    cycle = m.CYCLE(cycle=Chain((Ref.task("39"), Ref.task("40"), Ref.task("39"))))
    assert cycle.render(ENGLISH) == "Dependency cycle: '39' → '40' → '39'"
    assert list(cycle.references()) == [Ref.task("39"), Ref.task("40"), Ref.task("39")]
    named = cycle.named({Ref.task("39"): "4.3 Recette"}.get)
    assert named.render(ENGLISH) == "Dependency cycle: “4.3 Recette” → '40' → “4.3 Recette”"
    assert named.render(FRENCH) == "Boucle de liens : « 4.3 Recette » → '40' → « 4.3 Recette »"


def test_a_stored_message_comes_back_whole_and_an_unknown_one_as_its_text():
    from jalon.engine import messages as m

    dated = m.ABOUT(owner=m.PLAN(plan="'P1'"),
                    problem=m.HOLIDAY_AND_WORKING(dates=[date(2026, 5, 1)]))
    assert Message.from_json(dated.to_json()) == dated
    named = m.ABOUT(owner=m.activity("39"), problem=m.FINISH_BEFORE_START()).named(
        {Ref.task("39"): "1 Design"}.get)
    stored = named.to_json()
    assert (stored["code"], stored["text"]) == (
        "engine.about", "Activity “1 Design”: actual_finish is before actual_start.")
    assert Message.from_json(stored) == named
    assert Message.from_json({"code": "gone.away", "params": {}, "text": "As it was."}) == \
        Message.plain("As it was.")
    assert Message.plain("Déjà traduit.").render(ENGLISH) == "Déjà traduit."


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
    ({"LC_ALL": "", "LC_MESSAGES": "fr_CA", "LANG": "en_GB"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
])
def test_the_command_line_language_comes_from_the_environment(environ, language):
    assert environment_language(environ) == language


# -- every message the engine, the file formats and the file commands raise is declared ---------

RAISED = {"ValidationFailed", "CycleError", "FileFormatError", "JalonError", "NotFound",
          "PermissionDenied", "fail"}
SOURCES = [PACKAGE / "engine", PACKAGE / "io", *(PACKAGE / "cli" / f"{name}.py"
                                                 for name in ("schedule", "evm", "level", "risk"))]


def _text_messages(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            first = node.args[0]
            if name in RAISED and (isinstance(first, ast.JoinedStr | ast.BinOp) or (
                    isinstance(first, ast.Constant) and isinstance(first.value, str))):
                lines.append(node.lineno)
    return lines


def test_the_engine_and_the_file_formats_raise_declared_messages_only():
    paths = [p for source in SOURCES for p in ([source] if source.is_file()
                                               else sorted(source.rglob("*.py")))]
    found = {str(p.relative_to(PACKAGE)): lines for p in paths if (lines := _text_messages(p))}
    assert not found, f"English text raised instead of a declared message: {found}"
