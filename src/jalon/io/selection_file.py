"""Portfolio selection files and AHP comparison files, in JSON or YAML (``docs/file-format.md``).

A selection file holds ``periods``, ``limits`` (per resource: one number for every period, or
one per period), ``candidates`` (each may ``waits_for`` existing projects: project -> the
period it finishes in) and ``balance`` rules, and becomes a
:class:`~jalon.engine.selection.SelectionProblem`. An AHP file holds ``criteria`` and their
pairwise comparison ``matrix`` (numbers or fractions written ``"1/3"``) and gives the weights
(:func:`jalon.engine.ahp.ahp`). Errors name the file, the line of the candidate when it can be
found, the candidate or rule, and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

from jalon.engine import messages as engine_messages
from jalon.engine.ahp import AhpResult, ahp
from jalon.engine.selection import BalanceRule, Candidate, SelectionProblem, candidate_ref
from jalon.errors import ValidationFailed
from jalon.i18n import Ref
from jalon.io import messages as msg
from jalon.io.errors import FileFormatError
from jalon.io.jalon_file import _parse_json, _parse_yaml, _Reader

__all__ = ["candidate_names", "read_ahp_file", "read_selection_file"]

_TOP_KEYS = {"periods", "limits", "candidates", "balance"}
_CANDIDATE_KEYS = {"id", "name", "value", "uses", "start", "mandatory", "requires", "excludes",
                   "after", "category", "locked", "waits_for"}
_BALANCE_KEYS = {"category", "resource", "min_share", "max_share", "min_count", "max_count"}
_AHP_KEYS = {"criteria", "matrix"}


def _load(path: str | Path) -> tuple[Path, str, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError(msg.NO_SUCH_FILE(), path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(msg.CANNOT_READ(reason=str(exc)), path=path) from None
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    return path, text, _parse_yaml(text, path) if is_yaml else _parse_json(text, path)


def read_selection_file(path: str | Path) -> SelectionProblem:
    """Read a portfolio selection file into a problem.

    Raises
    ------
    FileFormatError
        Naming the file, the line and candidate (or rule) and the field: unknown keys, an
        unknown candidate in ``requires``/``excludes``/``after``, a negative value or use, a
        limit list whose length is not ``periods``, a profile that fits no allowed start...
    """
    path, text, data = _load(path)
    reader = _Reader(path, text)
    if not isinstance(data, dict):
        raise reader.fail(msg.NOT_OBJECT(type=type(data).__name__))
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise reader.fail(msg.UNKNOWN_TOP_KEYS(keys=sorted(unknown)))
    for key in ("limits", "candidates"):
        if key not in data:
            raise reader.fail(msg.MISSING_KEY(key=key), field=key)
    limits = reader.mapping(data["limits"], msg.LIMITS())
    candidates = [_candidate(reader, item, number)
                  for number, item in enumerate(_list(reader, data["candidates"], "candidates"),
                                                start=1)]
    rules = [_balance(reader, item, number)
             for number, item in enumerate(_list(reader, data.get("balance"), "balance"),
                                           start=1)]
    try:
        return SelectionProblem(limits=limits, candidates=candidates,
                                periods=data.get("periods", 1), balance=rules)
    except ValidationFailed as exc:
        ident = _failing_candidate(exc)
        exc.name(candidate_names(candidates))
        raise FileFormatError(exc.sentence, path=path, line=reader.line_of(ident),
                              field=exc.field) from None


def candidate_names(candidates: Iterable[Candidate]) -> Callable[[Ref], str | None]:
    """Candidates as the file's author knows them: the id, and the name when it differs
    (``CRM Portail client``)."""
    known = {c.id: f"{c.id} {c.name}" for c in candidates if c.name and c.name != c.id}

    def name(ref: Ref) -> str | None:
        return known.get(ref.id) if ref.kind == "candidate" else None

    return name


def _list(reader: _Reader, value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise reader.fail(msg.NOT_LIST(type=type(value).__name__), field=name)
    return value


def _failing_candidate(exc: ValidationFailed) -> str | None:
    """The candidate a problem's message is about (to find its line in the file)."""
    for ref in exc.references():
        if ref.kind == "candidate":
            return ref.id
    return None


def _ids(reader: _Reader, value: Any, who: Any, name: str, ident: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise reader.fail(msg.NOT_IDS(value=repr(value)), element=who, field=name, key=ident)
    return value


def _candidate(reader: _Reader, data: Any, number: int) -> Candidate:
    where = msg.CANDIDATE_NUMBER(number=number)
    data = reader.mapping(data, where)
    if "id" not in data:
        raise reader.fail(msg.NEEDS_ID(), element=where, field="id")
    ident = reader.text_of(data["id"], where, "id")
    who = msg.CANDIDATE(candidate=repr(ident))
    unknown = set(data) - _CANDIDATE_KEYS
    if unknown:
        raise reader.fail(msg.UNKNOWN_KEYS(keys=sorted(unknown)), element=who, key=ident)
    if "value" not in data:
        raise reader.fail(msg.MISSING_KEY(key="value"), element=who, field="value", key=ident)
    uses = reader.mapping(data.get("uses", {}), who, ident)
    try:
        return Candidate(
            id=ident, value=data["value"], uses=uses, starts=data.get("start", [0]),
            name=reader.text_of(data.get("name", ""), who, "name", ident),
            mandatory=data.get("mandatory", False),
            requires=_ids(reader, data.get("requires"), who, "requires", ident),
            excludes=_ids(reader, data.get("excludes"), who, "excludes", ident),
            after=_ids(reader, data.get("after"), who, "after", ident),
            category=reader.text_of(data.get("category", ""), who, "category", ident),
            locked=data.get("locked"),
            waits_for={} if data.get("waits_for") is None else data["waits_for"])
    except ValidationFailed as exc:
        name = data.get("name")
        if isinstance(name, str) and name and name != ident:
            exc.name(lambda ref: f"{ident} {name}" if ref == candidate_ref(ident) else None)
        raise FileFormatError(exc.sentence, path=reader.path, line=reader.line_of(ident),
                              field=exc.field) from None


def _balance(reader: _Reader, data: Any, number: int) -> BalanceRule:
    where = msg.BALANCE_NUMBER(number=number)
    data = reader.mapping(data, where)
    unknown = set(data) - _BALANCE_KEYS
    if unknown:
        raise reader.fail(msg.UNKNOWN_KEYS(keys=sorted(unknown)), element=where)
    if "category" not in data:
        raise reader.fail(msg.MISSING_KEY(key="category"), element=where, field="category")
    resource = data.get("resource")
    return BalanceRule(
        category=reader.text_of(data["category"], where, "category"),
        resource=None if resource is None else reader.text_of(resource, where, "resource"),
        **{key: data[key] for key in ("min_share", "max_share", "min_count", "max_count")
           if key in data})


def read_ahp_file(path: str | Path) -> AhpResult:
    """Read an AHP file (``criteria`` and their comparison ``matrix``) and weigh the criteria.

    Raises
    ------
    FileFormatError
        Naming the file and the cell (row and column from 1): an entry that is not a number or
        a fraction, outside 1/9..9, or not the reciprocal of its mirror; a matrix of the wrong
        shape.
    """
    path, text, data = _load(path)
    reader = _Reader(path, text)
    if not isinstance(data, dict):
        raise reader.fail(msg.NOT_OBJECT(type=type(data).__name__))
    unknown = set(data) - _AHP_KEYS
    if unknown:
        raise reader.fail(msg.UNKNOWN_TOP_KEYS(keys=sorted(unknown)))
    for key in sorted(_AHP_KEYS):
        if key not in data:
            raise reader.fail(msg.MISSING_KEY(key=key), field=key)
    criteria = _list(reader, data["criteria"], "criteria")
    matrix = [[_judgement(reader, value, i, j) for j, value in enumerate(row)]
              if isinstance(row, list) else row
              for i, row in enumerate(_list(reader, data["matrix"], "matrix"))]
    try:
        return ahp(criteria, matrix)
    except ValidationFailed as exc:
        raise FileFormatError(exc.sentence, path=path, field=exc.field) from None


def _judgement(reader: _Reader, value: Any, row: int, column: int) -> Any:
    """A number, or a fraction written ``"p/q"`` (or a number as text)."""
    if not isinstance(value, str):
        return value
    try:
        return float(Fraction(value.strip().replace(" ", "")))
    except (ValueError, ZeroDivisionError):
        raise reader.fail(engine_messages.AHP_CELL(
            row=row + 1, column=column + 1, problem=msg.NOT_FRACTION(value=repr(value))),
            field="matrix") from None
