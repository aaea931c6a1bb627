"""Public holidays that working-time calendars can include.

Only France is provided for now (code ``"FR"``); the names are the usual French ones, because the
calendar is shown to French-speaking users as is.
"""

from __future__ import annotations

from datetime import date, timedelta

from jalon.engine import messages as m
from jalon.errors import ValidationFailed

__all__ = ["easter_sunday", "french_public_holidays", "public_holidays"]

MIN_YEAR = 1900
MAX_YEAR = 2200


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(m.HOLIDAY_YEARS(first=MIN_YEAR, last=MAX_YEAR, year=year),
                               field="year")


def easter_sunday(year: int) -> date:
    """Return the date of Easter Sunday in the Gregorian calendar.

    Uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher), exact for every Gregorian year.

    Parameters
    ----------
    year : int
        Year, 1900-2200.

    Returns
    -------
    datetime.date
        Easter Sunday of that year.
    """
    _check_year(year)
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def french_public_holidays(year: int) -> dict[date, str]:
    """Return the eleven French public holidays (jours fériés) of a year.

    Today's list is applied to every year (e.g. Victoire 1945 and Lundi de Pentecôte are always
    included). Alsace-Moselle's two extra days (Vendredi saint, Saint-Étienne) are not.

    Parameters
    ----------
    year : int
        Year, 1900-2200.

    Returns
    -------
    dict[datetime.date, str]
        Date -> French name, in date order.
    """
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Jour de l'an",
        easter + timedelta(days=1): "Lundi de Pâques",
        date(year, 5, 1): "Fête du Travail",
        date(year, 5, 8): "Victoire 1945",
        easter + timedelta(days=39): "Ascension",
        easter + timedelta(days=50): "Lundi de Pentecôte",
        date(year, 7, 14): "Fête nationale",
        date(year, 8, 15): "Assomption",
        date(year, 11, 1): "Toussaint",
        date(year, 11, 11): "Armistice 1918",
        date(year, 12, 25): "Noël",
    }
    return dict(sorted(days.items()))


_PROVIDERS = {"FR": french_public_holidays}


def public_holidays(country: str, year: int) -> dict[date, str]:
    """Return the public holidays of ``country`` (e.g. ``"FR"``) in ``year``.

    Raises
    ------
    ValidationFailed
        If the country code is unknown.
    """
    try:
        provider = _PROVIDERS[country]
    except KeyError:
        raise ValidationFailed(m.UNKNOWN_HOLIDAYS(value=repr(country), known=sorted(_PROVIDERS)),
                               field="public_holidays") from None
    return provider(year)


def known_holiday_sets() -> tuple[str, ...]:
    """Return the codes accepted by :func:`public_holidays`."""
    return tuple(sorted(_PROVIDERS))
