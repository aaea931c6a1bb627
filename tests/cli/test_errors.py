"""The file commands report a refused file in the user's language (``LC_ALL``, ``LC_MESSAGES``,
``LANG``; English unless it starts with ``fr``), naming tasks by their id and name."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from jalon.cli.main import app

runner = CliRunner()
FRENCH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"}
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
LOOP = {"name": "Boucle", "tasks": [
    {"id": "A", "name": "Excavate", "duration": 1, "predecessors": ["B"]},
    {"id": "B", "name": "Foundation", "duration": 1, "predecessors": ["A"]},
]}


@pytest.fixture
def loop(tmp_path):
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(LOOP))
    return str(path)


def test_a_cycle_in_french_names_the_tasks_by_id_and_name(loop):
    result = runner.invoke(app, ["schedule", loop], env=FRENCH)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Erreur : {loop} : Boucle de liens : « A Excavate » → « B Foundation » → « A Excavate »")


def test_the_same_cycle_in_english(loop):
    result = runner.invoke(app, ["schedule", loop], env=ENGLISH)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {loop}: Dependency cycle: “A Excavate” → “B Foundation” → “A Excavate”")


def test_a_bad_file_and_a_bad_option_in_french(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"name": "x",\n "tasks": [{"id": "A", "duration": "long"}]}')
    result = runner.invoke(app, ["level", str(path)], env=FRENCH)
    assert result.exit_code == 2
    assert result.output.strip() == (f"Erreur : {path}, ligne 2, tâche 'A', champ duration : "
                                     "doit être un nombre, pas 'long'.")
    result = runner.invoke(app, ["evm", "--bac", "10"], env=FRENCH)
    assert result.exit_code == 2
    assert result.output.strip() == ("Erreur : --pv, --ev, --ac manquant : donnez un FICHIER de "
                                     "projet, ou tous les chiffres --bac --pv --ev --ac.")


def test_the_jalon_command_follows_lang(loop):
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path), "LANG": "fr_FR.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "jalon.cli.main", "schedule", loop],
                          capture_output=True, text=True, env=environment, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("Erreur : ") and "Boucle de liens" in done.stderr
