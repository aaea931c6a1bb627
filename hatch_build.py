"""Hatchling build hook: put in Jalon's distributions the files git does not hold but the pages
need, so that ``pip install .``, the sdist and the wheel all serve a working UI.

- The front-end libraries (htmx...) come from npm and are never committed: the hook runs the
  front-end build (``npm ci``, then ``npm run build`` = ``scripts/build-frontend.mjs``) into
  ``src/jalon/static/vendor/``, unless a source distribution already ships them built. Both the
  sdist and the wheel carry them (``artifacts`` in ``pyproject.toml``), so that a wheel built
  from the sdist needs no Node.js.
- The French catalogue is compiled from its ``.po`` file by polib (pure Python) rather than by
  GNU gettext's ``msgfmt``, which a fresh machine may lack; the wheel gets that fresh ``.mo``
  and never the one in the tree, which may lag behind its ``.po``.

An editable install (``scripts/setup``) serves everything from the tree, which ``scripts/setup``
builds itself: the hook leaves it alone.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import polib
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

VENDOR = Path("src", "jalon", "static", "vendor")
LOCALE = Path("src", "jalon", "locale")

NPM_MISSING = (
    "Jalon's web pages need front-end libraries (htmx) that the build takes from npm, and npm "
    "was not found. Install Node.js 20 with npm and build again, or install Jalon from its "
    "source distribution or wheel, which ship them built."
)


class JalonBuildHook(BuildHookInterface):
    """Build the front-end libraries (sdist and wheel) and compile the catalogues (wheel)."""

    _compiled: Path | None = None  # the wheel's compiled catalogues, removed once it is built

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        self._build_frontend(root)
        if self.target_name == "wheel":
            self._compiled = Path(tempfile.mkdtemp(prefix="jalon-mo-"))
            for mo, in_package in compile_catalogues(root, self._compiled):
                build_data["force_include"][str(mo)] = in_package

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._compiled is not None:
            shutil.rmtree(self._compiled, ignore_errors=True)

    def _build_frontend(self, root: Path) -> None:
        vendor = root / VENDOR
        if not (root / "node_modules").is_dir():
            if vendor.is_dir() and any(vendor.iterdir()):
                return  # a source distribution ships them built: no Node.js needed
            self._npm(root, "ci", "--prefer-offline", "--no-audit", "--no-fund",
                      "--loglevel=error")
        # Copying again from node_modules keeps the files in step with the installed libraries.
        self._npm(root, "run", "--silent", "build")

    def _npm(self, root: Path, *args: str) -> None:
        npm = shutil.which("npm")
        if npm is None:
            self.app.abort(NPM_MISSING)
            return
        self.app.display_info(f"npm {' '.join(args)}")
        done = subprocess.run([npm, *args], cwd=root, check=False)  # noqa: S603
        if done.returncode != 0:
            self.app.abort(f"`npm {' '.join(args)}` failed (exit code {done.returncode}): "
                           "Jalon's front-end libraries could not be built.")


def compile_catalogues(root: Path, into: Path) -> list[tuple[Path, str]]:
    """Compile every ``.po`` catalogue under ``src/jalon/locale`` into ``into``; return each
    ``.mo`` file with its path in the wheel. Fuzzy and untranslated entries are left out, as
    ``msgfmt`` does."""
    compiled = []
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        relative = po.relative_to(root / LOCALE).with_suffix(".mo")
        mo = into / relative
        mo.parent.mkdir(parents=True, exist_ok=True)
        polib.pofile(str(po)).save_as_mofile(str(mo))
        compiled.append((mo, f"jalon/locale/{relative.as_posix()}"))
    return compiled
