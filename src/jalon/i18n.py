"""Translatable text outside Django: the engine, the file formats and the file commands.

The engine and ``jalon.io`` must not import Django, yet their messages and labels reach French and
English users. They mark their English text with :func:`gettext_noop`, which returns it unchanged
and lets ``makemessages`` collect it into the catalogue; whoever shows the text (a page, the API,
the CLI) translates it in the reader's language.

An error message is a :class:`Message`: a stable code, its English template (declared once, as a
:class:`MessageCode`) and parameters. It becomes text only when it is read, through a
:class:`Translator`: the one :func:`install`-ed at start-up (Django's active language on the
platform), or one given explicitly (the CLI's, from the environment). Activities and resources
are parameters as :class:`Ref`, so that the door that knows them can name them
(:meth:`Message.named`) instead of showing the engine's ids.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeAlias

__all__ = [
    "Catalogue",
    "Chain",
    "Field",
    "Message",
    "MessageCode",
    "Param",
    "Ref",
    "Translator",
    "active_translator",
    "environment_language",
    "gettext_noop",
    "install",
    "message_codes",
]

LOCALE_DIR = Path(__file__).parent / "locale"


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown, not here."""
    return message


# --- translators -----------------------------------------------------------------------------

class Translator(Protocol):
    """Turns English text into the reader's language, and says which language that is."""

    @property
    def language(self) -> str: ...

    def gettext(self, message: str) -> str: ...


@lru_cache(maxsize=8)
def _translations(language: str) -> _gettext.NullTranslations:
    return _gettext.translation("django", localedir=LOCALE_DIR, languages=[language],
                                fallback=True)


@dataclass(frozen=True)
class Catalogue:
    """Jalon's compiled catalogue for ``language`` (``"fr"``, ``"en"``), read without Django.

    English, or a language without a catalogue, gives the English text back.
    """

    language: str

    def gettext(self, message: str) -> str:
        return _translations(self.language).gettext(message)


ENGLISH = Catalogue("en")


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of a command-line user: French when the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set starts with ``fr``, English otherwise."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


_installed: Translator | None = None


def install(translator: Translator) -> None:
    """Make ``translator`` the one messages are read with (the platform installs Django's)."""
    global _installed
    _installed = translator


def active_translator() -> Translator:
    """The installed translator; without one (a notebook, a script), the environment's."""
    return _installed if _installed is not None else Catalogue(environment_language())


# --- messages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """An activity (``kind="task"``) or a resource (``kind="resource"``) by its engine id.

    The door that knows what the id stands for names it (:meth:`Message.named`): the platform
    shows a task's WBS code and name, a resource's name. Unnamed, it shows the id in quotes.
    """

    kind: str
    id: str

    @classmethod
    def task(cls, ident: str) -> Ref:
        return cls("task", ident)

    @classmethod
    def resource(cls, ident: str) -> Ref:
        return cls("resource", ident)


@dataclass(frozen=True)
class Chain:
    """Items shown one after the other with arrows (a dependency cycle: ``A → B → A``)."""

    items: tuple[Param, ...]


@dataclass(frozen=True)
class Field:
    """A field of the engine's objects and of the Jalon file (``duration``), as a message names
    it: English readers read its ``name`` as they write it in a file; others read its ``label``
    in their language beside the name (« durée (duration) »). ``label`` is English, marked with
    :func:`gettext_noop` where it is declared."""

    name: str
    label: str


Param: TypeAlias = "str | int | float | date | Ref | Chain | Field | Message | Sequence[Param]"
"""A message parameter. Lists are shown separated by commas."""

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_registry: dict[str, MessageCode] = {}


class MessageCode:
    """A kind of message: a stable ``code`` and its English ``template``, declared once.

    The template names its parameters as ``%(name)s`` and is marked with
    :func:`gettext_noop` where it is declared, so that ``makemessages`` collects it. Calling
    the code with the parameters gives the :class:`Message`.
    """

    code: str
    template: str
    placeholders: frozenset[str]

    def __init__(self, code: str, template: str) -> None:
        known = _registry.get(code)
        if known is not None and known.template != template:
            raise ValueError(f"Message code {code!r} is declared twice.")
        if "%" in _PLACEHOLDER.sub("", template).replace("%%", ""):
            raise ValueError(f"Message {code!r}: parameters are written %(name)s, nothing else.")
        self.code = code
        self.template = template
        self.placeholders = frozenset(_PLACEHOLDER.findall(template))
        _registry[code] = self

    def __call__(self, **params: Param) -> Message:
        if set(params) != self.placeholders:
            raise TypeError(f"Message {self.code!r} takes {sorted(self.placeholders)}, "
                            f"not {sorted(params)}.")
        return Message(self.code, self.template, params)

    def __repr__(self) -> str:
        return f"MessageCode({self.code!r})"


def message_codes() -> Mapping[str, MessageCode]:
    """Every declared message code (of the modules imported so far), by code."""
    return dict(_registry)


@dataclass(frozen=True)
class Message:
    """A sentence for a user: a code, its English template and its parameters.

    ``code`` is ``None`` for a plain text that is shown as it is (a message a Django service
    already translated). :meth:`render` translates the template and then fills in the
    parameters, in one language; ``str()`` renders with the active translator.
    """

    code: str | None
    template: str
    params: Mapping[str, Param] = field(default_factory=dict)

    @classmethod
    def plain(cls, text: object) -> Message:
        """A text shown as it is, never translated again."""
        return cls(None, str(text))

    def render(self, translator: Translator | None = None) -> str:
        """The message in ``translator``'s language (the active one by default)."""
        translator = translator or active_translator()
        if self.code is None:
            return self.template
        values = {name: _show(value, translator) for name, value in self.params.items()}
        return translator.gettext(self.template) % values

    def __str__(self) -> str:
        return self.render()

    def references(self) -> Iterator[Ref]:
        """The activities and resources this message refers to, in order."""
        for value in self.params.values():
            yield from _references(value)

    def named(self, names: Callable[[Ref], str | None]) -> Message:
        """This message with each reference ``names`` knows replaced by the name it gives,
        quoted (“4.3 Recette”, « 4.3 Recette »)."""
        if not self.params:
            return self
        return Message(self.code, self.template,
                       {key: _named(value, names) for key, value in self.params.items()})

    def to_json(self) -> dict[str, Any]:
        """Plain JSON to store or send: ``code``, ``params`` and the English ``text``."""
        return {"code": self.code, "params": {k: _encode(v) for k, v in self.params.items()},
                "text": self.render(ENGLISH)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """The message :meth:`to_json` gave; its English text when its code is not declared
        (a message stored by another version)."""
        code = data.get("code")
        declared = _registry.get(code) if isinstance(code, str) else None
        if declared is None:
            return cls.plain(data.get("text", ""))
        params = {key: _decode(value) for key, value in dict(data.get("params", {})).items()}
        return cls(declared.code, declared.template, params)


NAMED = MessageCode("name", gettext_noop("“%(name)s”"))
"""A task or a resource as a door named it (:meth:`Message.named`), quoted as the language
quotes a name."""


def _number(value: float, language: str) -> str:
    text = str(value) if isinstance(value, int) else format(value, "g")
    return text.replace(".", ",") if language.startswith("fr") else text


def _show(value: Param, translator: Translator) -> str:
    if isinstance(value, Message):
        return value.render(translator)
    if isinstance(value, Ref):
        return repr(value.id)
    if isinstance(value, Chain):
        return " → ".join(_show(item, translator) for item in value.items)
    if isinstance(value, Field):
        if translator.language.startswith("en"):
            return value.name
        return f"{translator.gettext(value.label)} ({value.name})"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number(value, translator.language)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if translator.language.startswith("fr") \
            else value.isoformat()
    return ", ".join(_show(item, translator) for item in value)


def _references(value: Param) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, Message):
        yield from value.references()
    elif isinstance(value, Chain):
        for item in value.items:
            yield from _references(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _references(item)


def _named(value: Param, names: Callable[[Ref], str | None]) -> Param:
    if isinstance(value, Ref):
        name = names(value)
        return value if name is None else NAMED(name=name)
    if isinstance(value, Message):
        return value.named(names)
    if isinstance(value, Chain):
        return Chain(tuple(_named(item, names) for item in value.items))
    if isinstance(value, list | tuple):
        return [_named(item, names) for item in value]
    return value


def _encode(value: Param) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, Ref):
        return {"ref": value.kind, "id": value.id}
    if isinstance(value, Chain):
        return {"chain": [_encode(item) for item in value.items]}
    if isinstance(value, Field):
        return {"field": value.name, "label": value.label}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, str | int | float):
        return value
    return [_encode(item) for item in value]


def _decode(value: Any) -> Param:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "date" in value:
        return date.fromisoformat(value["date"])
    if "ref" in value:
        return Ref(value["ref"], value["id"])
    if "chain" in value:
        return Chain(tuple(_decode(item) for item in value["chain"]))
    if "field" in value:
        return Field(value["field"], value["label"])
    return Message.from_json(value)
