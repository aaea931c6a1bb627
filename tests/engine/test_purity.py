"""The engine is pure computation: no Django, no I/O (DESIGN.md, STYLE.md habit 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import jalon.engine

ENGINE = Path(jalon.engine.__file__).parent
IO_MODULES = {"io", "os", "pathlib", "shutil", "socket", "subprocess", "urllib", "requests"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_engine_sources_exist():
    assert len(list(ENGINE.rglob("*.py"))) >= 8


def test_engine_imports_nothing_from_django():
    for path in ENGINE.rglob("*.py"):
        for name in imported_modules(path):
            root = name.split(".")[0]
            assert root not in {"django", "ninja"}, f"{path.name} imports {name}"
            assert not name.startswith("jalon.") or name.startswith(
                ("jalon.engine", "jalon.errors", "jalon.i18n")
            ), f"{path.name} imports {name}"


def test_engine_does_no_io():
    for path in ENGINE.rglob("*.py"):
        assert not imported_modules(path) & IO_MODULES, path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"open", "print", "input"}, path.name
