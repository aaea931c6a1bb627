"""A message naming a field of the engine's objects (``%(field)s``) shows a French reader the
field's label beside its name (« le champ durée (duration) »), an English one the name as the file
writes it; every field the engine names has a label."""

from __future__ import annotations

import ast
from pathlib import Path

import jalon.engine
from jalon.engine import Activity
from jalon.engine import messages as m
from jalon.errors import ValidationFailed
from jalon.i18n import Catalogue, Field, Message

ENGINE = Path(jalon.engine.__file__).parent
ENGLISH, FRENCH = Catalogue("en"), Catalogue("fr")


def _function_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr \
        if isinstance(func, ast.Attribute) else None


def _field_arguments(call: ast.Call, carriers: dict[str, dict[str, int]]) -> list[ast.expr]:
    """What ``call`` gives as a field name: ``field=`` of a message (``m.CODE(...)``), or the
    argument a helper passes on as one (``carriers``: its parameter and position)."""
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) \
            and call.func.value.id == "m":
        return [kw.value for kw in call.keywords if kw.arg == "field"]
    given: list[ast.expr] = []
    for parameter, position in carriers.get(_function_name(call) or "", {}).items():
        given += [kw.value for kw in call.keywords if kw.arg == parameter]
        given += call.args[position:position + 1]
    return given


def named_fields() -> set[str]:
    """Every field name the engine's sources give a message: literal ``field=`` values, the
    literals passed to helpers that hand a parameter on as the field (``_check_time(value, who,
    "deadline")``), and the names of ``for name in (...)`` loops that do."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in ENGINE.rglob("*.py")]
    carriers: dict[str, dict[str, int]] = {}
    for _ in range(3):  # helpers handing on to helpers
        for tree in trees:
            for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
                parameters = [a.arg for a in function.args.args if a.arg not in ("self", "cls")]
                for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                    for given in _field_arguments(call, carriers):
                        if isinstance(given, ast.Name) and given.id in parameters:
                            carriers.setdefault(function.name, {})[given.id] = \
                                parameters.index(given.id)
    found: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found |= {given.value for given in _field_arguments(node, carriers)
                          if isinstance(given, ast.Constant) and isinstance(given.value, str)}
            elif isinstance(node, ast.For) and isinstance(node.target, ast.Name) \
                    and isinstance(node.iter, ast.Tuple):
                loop = node.target.id
                if any(isinstance(given, ast.Name) and given.id == loop
                       for call in ast.walk(node) if isinstance(call, ast.Call)
                       for given in _field_arguments(call, carriers)):
                    found |= {item.value for item in node.iter.elts
                              if isinstance(item, ast.Constant) and isinstance(item.value, str)}
    return found


def test_every_field_the_engine_names_has_a_label():
    fields = named_fields()
    assert {"duration", "lag", "status_date", "constraint_date", "optimistic",
            "predecessor"} <= fields  # the reading finds them
    assert fields - set(m.FIELDS) == set()


def test_every_label_reads_in_french():
    for name, label in m.FIELDS.items():
        # a few words are the same in French
        assert FRENCH.gettext(label) != label or label in {"budget", "population", "type"}, name


def refusal() -> Message:
    try:
        Activity("A", duration=100000)
    except ValidationFailed as exc:
        return exc.sentence
    raise AssertionError("a duration of 100000 days is refused")


def test_a_french_reader_reads_the_label_beside_the_name_an_english_one_the_name():
    message = refusal()
    assert "le champ durée (duration) ne doit pas dépasser 10000 jours" in message.render(FRENCH)
    assert "duration must not exceed 10000 days" in message.render(ENGLISH)


def test_a_stored_message_keeps_its_field():
    stored = Message.from_json(refusal().to_json())
    assert Field("duration", "duration") in [
        value for inner in stored.params.values() if isinstance(inner, Message)
        for value in inner.params.values()]
    assert "le champ durée (duration)" in stored.render(FRENCH)
