"""Methodology packs as data: the YAML files of ``packs/`` read into typed objects, validated on
load so that a mistake names the file and the field (``prince2.yaml: phases[2].gate.criteria[0].
check: ...``).

A pack carries its labels in both languages (``{en: ..., fr: ...}``) rather than msgids for the
catalogue: a PMO administrator adapts a copy of a pack for a portfolio, and the words he types
must reach French and English readers without a translator recompiling the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jalon.accounts.models import Role
from jalon.errors import ValidationFailed
from jalon.governance.checks import CHECKS

#: The packs shipped with Jalon, by key, in the order they are offered.
SHIPPED = ("pmbok", "prince2", "agilepm", "hybrid")


#: The Jalon roles a pack's approving (board) roles may map to: those that manage a project's
#: programme or portfolio; executives read and change nothing, project managers do not pass
#: their own gates.
APPROVER_ROLES = (Role.PMO_ADMIN, Role.PORTFOLIO_MANAGER, Role.PROGRAMME_MANAGER)

#: The numeric tolerances a pack may set (``governance.models.Tolerances``); ``scope`` and
#: ``risk`` may also be given as text, the pack's own words shown beside the figures.
TOLERANCE_FIELDS = ("time_days", "time_percent", "cost_percent", "cost_amount", "scope_percent",
                    "risk_score")
TOLERANCE_TEXTS = ("scope", "risk")

RISK_CATEGORIES = ("technical", "operational", "financial", "legal", "hr", "external", "other")


@dataclass(frozen=True)
class Text:
    """A label in English and French; ``str()`` gives the reader's language."""

    en: str
    fr: str

    def __str__(self) -> str:
        return self.fr if (get_language() or "").startswith("fr") else self.en

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: Text
    mandatory: bool
    check: str  # one of CHECKS, or "" for a manual criterion


@dataclass(frozen=True)
class GateSpec:
    name: Text
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Document:
    key: str
    name: Text


@dataclass(frozen=True)
class Phase:
    key: str
    name: Text
    duration: int  # working days of the phase's work in the WBS skeleton
    documents: tuple[Document, ...]
    gate: GateSpec


@dataclass(frozen=True)
class RoleSpec:
    key: str
    name: Text
    jalon_role: str
    approver: bool


@dataclass(frozen=True)
class RiskSpec:
    title: Text
    category: str


@dataclass(frozen=True)
class Pack:
    """A methodology: its phases with the gate closing each, documents, roles, tolerances."""

    key: str
    version: int
    name: Text
    description: Text
    roles: tuple[RoleSpec, ...]
    tolerances: dict[str, Any]
    phases: tuple[Phase, ...]
    risks: tuple[RiskSpec, ...]


class _Reader:
    """Reads one pack's raw data, naming ``source`` and the field path in every error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> ValidationFailed:
        return ValidationFailed(
            _("%(source)s: %(field)s: %(problem)s")
            % {"source": self.source, "field": path or _("the pack"), "problem": problem},
            field="data")

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, _("expected a mapping of fields."))
        return value

    def required(self, data: Mapping[str, Any], name: str, path: str) -> Any:
        if name not in data or data[name] in (None, ""):
            raise self.fail(f"{path}.{name}" if path else name, _("this field is required."))
        return data[name]

    def string(self, data: Mapping[str, Any], name: str, path: str) -> str:
        value = self.required(data, name, path)
        if not isinstance(value, str):
            raise self.fail(f"{path}.{name}" if path else name, _("expected text."))
        return value

    def items(self, data: Mapping[str, Any], name: str, path: str,
              required: bool = True) -> list[tuple[str, Any]]:
        value = self.required(data, name, path) if required else data.get(name) or []
        where = f"{path}.{name}" if path else name
        if not isinstance(value, list):
            raise self.fail(where, _("expected a list."))
        return [(f"{where}[{i}]", item) for i, item in enumerate(value)]

    def text(self, data: Mapping[str, Any], name: str, path: str) -> Text:
        where = f"{path}.{name}" if path else name
        value = self.mapping(self.required(data, name, path), where)
        return Text(en=self.string(value, "en", where), fr=self.string(value, "fr", where))

    def unique(self, keys: list[str], path: str) -> None:
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                raise self.fail(path, _("the key “%(key)s” is used twice.") % {"key": key})
            seen.add(key)

    def criterion(self, path: str, raw: Any) -> Criterion:
        data = self.mapping(raw, path)
        check = data.get("check") or ""
        if check and check not in CHECKS:
            raise self.fail(f"{path}.check", _("unknown check “%(check)s” (known: %(known)s).")
                            % {"check": check, "known": ", ".join(CHECKS)})
        return Criterion(key=self.string(data, "key", path), label=self.text(data, "label", path),
                         mandatory=bool(data.get("mandatory", False)), check=check)

    def phase(self, path: str, raw: Any) -> Phase:
        data = self.mapping(raw, path)
        duration = data.get("duration", 10)
        if not isinstance(duration, int) or isinstance(duration, bool) or not 0 < duration <= 2000:
            raise self.fail(f"{path}.duration", _("expected a number of working days from 1 to 2000."))
        documents = tuple(Document(key=self.string(self.mapping(d, p), "key", p),
                                   name=self.text(self.mapping(d, p), "name", p))
                          for p, d in self.items(data, "documents", path, required=False))
        self.unique([d.key for d in documents], f"{path}.documents")
        gate_path = f"{path}.gate"
        gate = self.mapping(self.required(data, "gate", path), gate_path)
        criteria = tuple(self.criterion(p, c) for p, c in self.items(gate, "criteria", gate_path))
        self.unique([c.key for c in criteria], f"{gate_path}.criteria")
        return Phase(key=self.string(data, "key", path), name=self.text(data, "name", path),
                     duration=duration, documents=documents,
                     gate=GateSpec(name=self.text(gate, "name", gate_path), criteria=criteria))

    def role(self, path: str, raw: Any) -> RoleSpec:
        data = self.mapping(raw, path)
        jalon_role = self.string(data, "jalon_role", path)
        if jalon_role not in Role.values:
            raise self.fail(f"{path}.jalon_role", _("unknown role “%(role)s” (known: %(known)s).")
                            % {"role": jalon_role, "known": ", ".join(Role.values)})
        approver = bool(data.get("approver", False))
        if approver and jalon_role not in APPROVER_ROLES:
            raise self.fail(f"{path}.jalon_role",
                            _("an approving role maps to one of: %(known)s.")
                            % {"known": ", ".join(APPROVER_ROLES)})
        return RoleSpec(key=self.string(data, "key", path), name=self.text(data, "name", path),
                        jalon_role=jalon_role, approver=approver)

    def risk(self, path: str, raw: Any) -> RiskSpec:
        data = self.mapping(raw, path)
        category = data.get("category") or "other"
        if category not in RISK_CATEGORIES:
            raise self.fail(f"{path}.category", _("unknown category “%(category)s”.")
                            % {"category": category})
        return RiskSpec(title=self.text(data, "title", path), category=category)

    def tolerances(self, raw: Any) -> dict[str, Any]:
        data = self.mapping(raw or {}, "tolerances")
        for name, value in data.items():
            where = f"tolerances.{name}"
            if name in TOLERANCE_TEXTS and isinstance(value, str):
                continue
            if name not in TOLERANCE_FIELDS and name not in TOLERANCE_TEXTS:
                raise self.fail(where, _("unknown tolerance (known: %(known)s).")
                                % {"known": ", ".join(TOLERANCE_FIELDS + TOLERANCE_TEXTS)})
            if (not isinstance(value, int | float) or isinstance(value, bool) or value < 0
                    or name not in TOLERANCE_FIELDS):
                raise self.fail(where, _("expected a number from 0."))
        return dict(data)

    def pack(self, raw: Any) -> Pack:
        data = self.mapping(raw, "")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail("version", _("expected a whole number from 1."))
        phases = tuple(self.phase(p, x) for p, x in self.items(data, "phases", ""))
        if not phases:
            raise self.fail("phases", _("a pack needs at least one phase."))
        self.unique([p.key for p in phases], "phases")
        roles = tuple(self.role(p, x) for p, x in self.items(data, "roles", ""))
        self.unique([r.key for r in roles], "roles")
        if not any(r.approver for r in roles):
            raise self.fail("roles", _("at least one role must approve at the gates."))
        return Pack(key=self.string(data, "key", ""), version=version,
                    name=self.text(data, "name", ""), description=self.text(data, "description", ""),
                    roles=roles, tolerances=self.tolerances(data.get("tolerances")),
                    phases=phases,
                    risks=tuple(self.risk(p, x) for p, x in self.items(data, "risks", "",
                                                                         required=False)))


def read_pack(data: Any, *, source: str) -> Pack:
    """Validate a pack's raw data (as YAML or JSON gives it); errors name ``source`` and the field."""
    return _Reader(source).pack(data)


def parse_pack(text: str, *, source: str) -> Pack:
    """Read a pack from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _Reader(source).fail("", _("not valid YAML (%(error)s).") % {"error": exc}) from None
    return read_pack(data, source=source)


def shipped_text(key: str) -> str:
    """The YAML text of a shipped pack."""
    return (resources.files("jalon.governance") / "packs" / f"{key}.yaml").read_text("utf-8")


@cache
def shipped_pack(key: str) -> Pack:
    """A pack shipped with Jalon, read once per process."""
    pack = parse_pack(shipped_text(key), source=f"{key}.yaml")
    if pack.key != key:
        raise _Reader(f"{key}.yaml").fail("key", _("the key must be the file's name."))
    return pack


def pack_to_data(pack: Pack) -> dict[str, Any]:
    """A pack as plain data that :func:`read_pack` reads back (an adapted copy's starting point)."""
    return {
        "key": pack.key, "version": pack.version, "name": pack.name.as_dict(),
        "description": pack.description.as_dict(),
        "roles": [{"key": r.key, "name": r.name.as_dict(), "jalon_role": r.jalon_role,
                   "approver": r.approver} for r in pack.roles],
        "tolerances": dict(pack.tolerances),
        "phases": [{"key": p.key, "name": p.name.as_dict(), "duration": p.duration,
                    "documents": [{"key": d.key, "name": d.name.as_dict()} for d in p.documents],
                    "gate": {"name": p.gate.name.as_dict(),
                             "criteria": [{"key": c.key, "label": c.label.as_dict(),
                                           "mandatory": c.mandatory, "check": c.check}
                                          for c in p.gate.criteria]}}
                   for p in pack.phases],
        "risks": [{"title": r.title.as_dict(), "category": r.category} for r in pack.risks],
    }
