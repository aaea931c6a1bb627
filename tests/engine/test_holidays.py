"""French public holidays and Easter."""

from __future__ import annotations

from datetime import date

import pytest

from jalon.engine import easter_sunday, french_public_holidays
from jalon.errors import ValidationFailed


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1900, date(1900, 4, 15)),
        (1913, date(1913, 3, 23)),
        (1943, date(1943, 4, 25)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),
        (2100, date(2100, 3, 28)),
    ],
)
def test_easter_sunday_known_dates(year, easter):
    assert easter_sunday(year) == easter


def test_french_holidays_2024():
    days = french_public_holidays(2024)
    assert len(days) == 11
    assert days[date(2024, 4, 1)] == "Lundi de Pâques"
    assert days[date(2024, 5, 9)] == "Ascension"
    assert days[date(2024, 5, 20)] == "Lundi de Pentecôte"
    assert days[date(2024, 1, 1)] == "Jour de l'an"
    assert days[date(2024, 5, 1)] == "Fête du Travail"
    assert days[date(2024, 5, 8)] == "Victoire 1945"
    assert days[date(2024, 7, 14)] == "Fête nationale"
    assert days[date(2024, 8, 15)] == "Assomption"
    assert days[date(2024, 11, 1)] == "Toussaint"
    assert days[date(2024, 11, 11)] == "Armistice 1918"
    assert days[date(2024, 12, 25)] == "Noël"
    assert list(days) == sorted(days)


def test_french_holidays_2026_easter_monday():
    days = french_public_holidays(2026)
    assert days[date(2026, 4, 6)] == "Lundi de Pâques"
    assert days[date(2026, 5, 14)] == "Ascension"
    assert days[date(2026, 5, 25)] == "Lundi de Pentecôte"


@pytest.mark.parametrize("year", [1900, 1999, 2077, 2200])
def test_movable_feasts_keep_their_weekday(year):
    by_name = {name: day for day, name in french_public_holidays(year).items()}
    assert by_name["Lundi de Pâques"].weekday() == 0
    assert by_name["Ascension"].weekday() == 3
    assert by_name["Lundi de Pentecôte"].weekday() == 0


@pytest.mark.parametrize("year", [1899, 2201])
def test_years_out_of_range_are_refused(year):
    with pytest.raises(ValidationFailed, match=str(year)):
        french_public_holidays(year)
