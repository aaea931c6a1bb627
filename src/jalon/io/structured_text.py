"""JSON and YAML text read without letting a small file take the machine down.

A YAML alias (``*name``) repeats what an anchor (``&name``) names: nine nested levels of ten
aliases make a few hundred bytes expand into a billion values (the "billion laughs"). Jalon's
files never need them, so an alias is refused, naming its line. Nesting deeper than
``MAX_DEPTH`` is refused too, in YAML and in JSON, instead of exhausting Python's recursion.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "TooDeep", "load_json", "load_yaml"]

MAX_DEPTH = 64  # a plan's deepest structure (task > assignments > profile) is 5 levels


class TooDeep(ValueError):
    """The text nests lists or objects deeper than :data:`MAX_DEPTH`."""

    def __init__(self, line: int | None = None) -> None:
        super().__init__(f"nested more than {MAX_DEPTH} levels deep")
        self.line = line


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases and deep nesting while it composes the nodes,
    before anything is expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted: write the values out",
                event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise TooDeep(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str) -> Any:
    """The data of a YAML text. Raises ``yaml.YAMLError`` (with its mark) or :class:`TooDeep`."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_json(text: str) -> Any:
    """The data of a JSON text. Raises ``json.JSONDecodeError`` or :class:`TooDeep`."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise TooDeep() from None
    if _depth(data) > MAX_DEPTH:
        raise TooDeep()
    return data


def _depth(data: Any) -> int:
    """How deep lists and objects nest in ``data`` (a scalar: 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = (value.values() if isinstance(value, dict)
                    else value if isinstance(value, list) else None)
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest
