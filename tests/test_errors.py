"""Jalon's errors keep their kind (``code``) and say what is wrong in the language of whoever
reads them, at the moment they read it."""

from __future__ import annotations

from django.utils import translation

from jalon.engine import messages as m
from jalon.errors import CycleError, ValidationFailed
from jalon.i18n import Chain, Ref
from jalon.io import FileFormatError
from jalon.io import messages as file_messages


def test_the_message_is_rendered_when_it_is_read_in_the_active_language():
    error = ValidationFailed(m.BEYOND_CALENDAR(year=2200), field="calendar")
    with translation.override("fr"):
        assert error.message == "Le planning dépasse l’année 2200, la limite de ce calendrier."
        assert error.errors == {"calendar": [error.message]}
    with translation.override("en"):
        assert str(error) == "The schedule reaches beyond the year 2200, the limit of this " \
                             "calendar."
    assert (error.code, error.sentence.code) == ("invalid", "calendar.beyond")


def test_text_a_service_translated_is_kept_as_it_is():
    error = ValidationFailed("Déjà traduit.", errors={"name": ["Trop long."]})
    with translation.override("en"):
        assert (error.message, error.errors) == ("Déjà traduit.", {"name": ["Trop long."]})


def test_naming_replaces_the_engine_ids_everywhere_in_the_error():
    cycle = CycleError(m.CYCLE(cycle=Chain((Ref.task("7"), Ref.task("7")))), cycle=["7", "7"])
    assert cycle.references() == {Ref.task("7")}
    cycle.name({Ref.task("7"): "2.1 Pose"}.get)
    with translation.override("fr"):
        assert cycle.message == "Boucle de liens : « 2.1 Pose » → « 2.1 Pose »"
        assert cycle.errors == {"__all__": [cycle.message]}
    assert cycle.code == "cycle"


def test_a_file_error_says_where_and_what_in_one_language():
    error = FileFormatError(m.ABOUT(owner=m.activity("A"), problem=m.NEGATIVE(
        field="duration", value="-1")), path="plan.json", line=12,
        element=file_messages.TASK(task="'A'"), field="duration")
    with translation.override("fr"):
        assert error.message == ("plan.json, ligne 12, tâche 'A', champ duration : Activité 'A' : "
                                 "le champ durée (duration) ne peut pas être négatif (reçu -1).")
        assert error.element == "tâche 'A'"
    with translation.override("en"):
        assert error.message == ("plan.json, line 12, task 'A', field duration: Activity 'A': "
                                 "duration must not be negative (got -1).")
        assert error.detail == "Activity 'A': duration must not be negative (got -1)."
    assert error.code == "file_format"
