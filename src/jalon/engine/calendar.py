"""Working-time calendars and the mapping between abstract time and dates.

Abstract time
-------------
The scheduler works in *working days* counted from the project start: ``t = 0`` is the start of
the first working day on or after the project start date, ``t = 1`` the start of the next working
day, and so on. Working day number ``k`` (``k`` may be negative, before the project start) covers
the half-open interval ``[k, k + 1)``. A fractional time such as ``2.5`` is the middle of working
day 2. Hours convert to days with :attr:`WorkCalendar.hours_per_day`.

Dates as shown to users (the MS Project convention)
---------------------------------------------------
- A **start** at time ``t`` falls on the working day containing ``t``: day ``floor(t)``.
- A **finish** at time ``t`` is the instant the work ends, so the (inclusive) finish date is the
  working day containing the last moment of work: day ``ceil(t) - 1``. A 5-day task starting on
  Monday (``t = 0``) finishes at ``t = 5`` and is shown Monday - Friday.
- A zero-duration activity (a milestone) shows one date, start = finish: the day containing the
  instant just before ``t`` when it is placed by a predecessor's finish or a finish constraint
  (and ``t > 0``), otherwise the day containing ``t`` (see :meth:`Timeline.milestone_dates`).
- A constraint or actual **date** read as a start (``SNET``, ``MSO``, actual start...) means the
  start of that day (or of the next working day); read as a finish (``FNLT``, deadline, actual
  finish, status date...) it means the end of that day (or of the previous working day).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from jalon.engine import messages as m
from jalon.engine.holidays import MAX_YEAR, MIN_YEAR, known_holiday_sets, public_holidays
from jalon.errors import ValidationFailed

__all__ = ["Timeline", "WorkCalendar"]

# Times are sums of floats; round them this close to an integer before taking floor/ceil so that
# 4.999999999 still finishes on day 4.
_EPS = 1e-9
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday = 0)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are worked, and how many hours a working day has.

    Parameters
    ----------
    working_weekdays : tuple[int, ...]
        Days of the week that are worked, Monday = 0 ... Sunday = 6. Default Monday-Friday.
    hours_per_day : float
        Working hours in a day, used to convert hours to working days. Default 8.
    holidays : frozenset[datetime.date]
        Extra non-working days (closures, bridges...).
    working_days : frozenset[datetime.date]
        Exceptional working days: worked even if they fall on a non-working weekday or a public
        holiday (e.g. a Saturday, or the Lundi de Pentecôte worked as journée de solidarité).
    public_holidays : str
        ``""`` for none, or a country code (``"FR"``) whose public holidays are non-working days
        in every year.

    Raises
    ------
    ValidationFailed
        On an invalid weekday, a non-positive ``hours_per_day``, an unknown holiday set, or a
        date listed both as a holiday and as a working day.
    """

    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    hours_per_day: float = 8.0
    holidays: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)
    public_holidays: str = ""

    def __post_init__(self) -> None:
        weekdays = tuple(sorted(set(self.working_weekdays)))
        if not weekdays:
            raise ValidationFailed(m.NO_WORKING_WEEKDAY(), field="working_weekdays")
        for day in weekdays:
            if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
                raise ValidationFailed(m.WEEKDAY(value=repr(day)), field="working_weekdays")
        object.__setattr__(self, "working_weekdays", weekdays)
        hours = self.hours_per_day
        if not isinstance(hours, int | float) or not math.isfinite(hours) or not 0 < hours <= 24:
            raise ValidationFailed(m.HOURS_PER_DAY(value=repr(hours)), field="hours_per_day")
        object.__setattr__(self, "holidays", _date_set(self.holidays, "holidays"))
        object.__setattr__(self, "working_days", _date_set(self.working_days, "working_days"))
        if self.public_holidays and self.public_holidays not in known_holiday_sets():
            raise ValidationFailed(m.UNKNOWN_HOLIDAYS(value=repr(self.public_holidays),
                                                      known=list(known_holiday_sets())),
                                   field="public_holidays")
        both = self.holidays & self.working_days
        if both:
            raise ValidationFailed(m.HOLIDAY_AND_WORKING(dates=sorted(both)),
                                   field="working_days")

    # -- single days -----------------------------------------------------------------------
    def is_working(self, day: date) -> bool:
        """Return whether ``day`` is a working day of this calendar."""
        if day in self.working_days:
            return True
        if day in self.holidays or day.weekday() not in self.working_weekdays:
            return False
        return not (
            self.public_holidays
            and MIN_YEAR <= day.year <= MAX_YEAR
            and day in public_holidays(self.public_holidays, day.year)
        )

    def working_mask(self, first: date, days: int) -> np.ndarray:
        """Whether each of the ``days`` days from ``first`` is a working day (as
        :meth:`is_working`, for a whole span at once)."""
        last = first + timedelta(days=max(days - 1, 0))
        start = np.datetime64(first, "D").astype(np.int64)
        return np.isin(np.arange(start, start + days, dtype=np.int64),
                       _working_table(self, first.year, last.year))

    def hours_to_days(self, hours: float) -> float:
        """Convert working hours to working days (``hours / hours_per_day``)."""
        return hours / self.hours_per_day

    def days_to_hours(self, days: float) -> float:
        """Convert working days to working hours (``days * hours_per_day``)."""
        return days * self.hours_per_day

    def timeline(self, origin: date) -> Timeline:
        """Return the mapping between abstract time and dates for a project starting ``origin``."""
        return _timeline(self, origin)

    def working_day_index(self, day: date, origin: date) -> int:
        """Return the index of the working day on or after ``day``.

        Index 0 is the first working day on or after ``origin`` (the project start); days before
        it have negative indices.
        """
        return self.timeline(origin).start_time(day)

    def date_of(self, index: int, origin: date) -> date:
        """Return the date of working day number ``index`` (0 = first working day on/after origin)."""
        return self.timeline(origin).date_of(index)

    def working_days_between(self, first: date, last: date) -> int:
        """Return the number of working days from ``first`` to ``last``, both included."""
        line = self.timeline(first)
        return max(0, line.finish_time(last) - line.start_time(first))


def _date_set(values: Iterable[date], name: str) -> frozenset[date]:
    result = frozenset(values)
    for value in result:
        if not isinstance(value, date):
            raise ValidationFailed(m.NOT_DATES(field=name, value=repr(value)), field=name)
    return result


@lru_cache(maxsize=64)
def _timeline(calendar: WorkCalendar, origin: date) -> Timeline:
    return Timeline(calendar, origin)


@lru_cache(maxsize=64)
def _working_table(calendar: WorkCalendar, first_year: int, last_year: int) -> np.ndarray:
    """Sorted working dates (int64 days since 1970-01-01) of the years first_year..last_year."""
    first = np.datetime64(f"{first_year:04d}-01-01", "D").astype(np.int64)
    last = np.datetime64(f"{last_year + 1:04d}-01-01", "D").astype(np.int64)
    days = np.arange(first, last, dtype=np.int64)
    weekday = (days + _EPOCH_WEEKDAY) % 7
    working = np.isin(weekday, np.asarray(calendar.working_weekdays))
    closed: list[date] = [d for d in calendar.holidays if first_year <= d.year <= last_year]
    if calendar.public_holidays:
        for year in range(first_year, last_year + 1):
            closed.extend(public_holidays(calendar.public_holidays, year))
    if closed:
        working &= ~np.isin(days, _as_days(closed))
    extra = [d for d in calendar.working_days if first_year <= d.year <= last_year]
    if extra:
        working |= np.isin(days, _as_days(extra))
    table = days[working]
    table.flags.writeable = False
    return table


def _as_days(dates: Iterable[date]) -> np.ndarray:
    return np.array(list(dates), dtype="datetime64[D]").astype(np.int64)


class Timeline:
    """Conversion between abstract working-day times and dates, for one calendar and one start.

    Built by :meth:`WorkCalendar.timeline`. Conversions are vectorised over a table of the working
    dates, which grows (by whole years) as far as the times asked for need.

    Parameters
    ----------
    calendar : WorkCalendar
        The working-time calendar.
    origin : datetime.date
        The project start date; time 0 is the start of the first working day on or after it.
    """

    def __init__(self, calendar: WorkCalendar, origin: date) -> None:
        self.calendar = calendar
        self.origin = origin
        if calendar.public_holidays:
            self._year_range = (MIN_YEAR, MAX_YEAR)
        else:
            self._year_range = (1, 9998)
        self._years = (origin.year, origin.year)
        self._load(origin.year - 1, origin.year + 2)

    def _load(self, first_year: int, last_year: int) -> None:
        low, high = self._year_range
        first_year, last_year = max(first_year, low), min(last_year, high)
        self._years = (first_year, last_year)
        self._table = _working_table(self.calendar, first_year, last_year)
        origin_day = np.datetime64(self.origin, "D").astype(np.int64)
        self._zero = int(np.searchsorted(self._table, origin_day))
        if self._zero >= len(self._table):  # pragma: no cover - needs a near-empty calendar
            self._grow(later=True)

    def _grow(self, *, later: bool) -> None:
        first, last = self._years
        span = max(2, last - first)
        low, high = self._year_range
        if (later and last >= high) or (not later and first <= low):
            bound = high if later else low
            raise ValidationFailed(m.BEYOND_CALENDAR(year=bound), field="calendar")
        if later:
            self._load(first, last + span)
        else:
            self._load(first - span, last)

    def _cover_indices(self, low: int, high: int) -> None:
        while self._zero + low < 0:
            self._grow(later=False)
        while self._zero + high >= len(self._table):
            self._grow(later=True)

    def _cover_days(self, low: int, high: int) -> None:
        """Make the table cover the day numbers low..high (int days since 1970) with a margin."""
        while True:
            first, last = self._years
            lo_year = _year_of(low)
            hi_year = _year_of(high)
            if lo_year > first and hi_year < last:
                return
            if lo_year <= first and first > self._year_range[0]:
                self._grow(later=False)
            elif hi_year >= last and last < self._year_range[1]:
                self._grow(later=True)
            else:
                return

    # -- dates -> times -------------------------------------------------------------------
    def start_times(self, days: np.ndarray) -> np.ndarray:
        """Times (int64) of the start of the working day on or after each ``datetime64[D]``."""
        numbers = np.asarray(days, dtype="datetime64[D]").astype(np.int64)
        if numbers.size:
            self._cover_days(int(numbers.min()), int(numbers.max()))
        return np.searchsorted(self._table, numbers, side="left") - self._zero

    def finish_times(self, days: np.ndarray) -> np.ndarray:
        """Times (int64) of the end of the working day on or before each ``datetime64[D]``."""
        numbers = np.asarray(days, dtype="datetime64[D]").astype(np.int64)
        if numbers.size:
            self._cover_days(int(numbers.min()), int(numbers.max()))
        return np.searchsorted(self._table, numbers, side="right") - self._zero

    def start_time(self, day: date) -> int:
        """Time of the start of the working day on or after ``day`` (its working-day index)."""
        return int(self.start_times(np.array([day], dtype="datetime64[D]"))[0])

    def finish_time(self, day: date) -> int:
        """Time of the end of the working day on or before ``day`` (inclusive finish)."""
        return int(self.finish_times(np.array([day], dtype="datetime64[D]"))[0])

    # -- times -> dates -------------------------------------------------------------------
    def dates_of(self, indices: np.ndarray) -> np.ndarray:
        """Dates (``datetime64[D]``) of working days given by integer index."""
        index = np.asarray(indices, dtype=np.int64)
        if index.size:
            self._cover_indices(int(index.min()), int(index.max()))
        return (self._table[index + self._zero]).astype("datetime64[D]")

    def date_of(self, index: int) -> date:
        """Date of working day number ``index``."""
        value: date = self.dates_of(np.array([index]))[0].astype(object)
        return value

    def start_dates(self, times: np.ndarray) -> np.ndarray:
        """Start dates: the working day containing each time, i.e. day ``floor(t)``."""
        return self.dates_of(np.floor(np.asarray(times, dtype=float) + _EPS).astype(np.int64))

    def finish_dates(self, finishes: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Inclusive finish dates: day ``ceil(finish) - 1``, or the start date when zero-length.

        Parameters
        ----------
        finishes, starts : numpy.ndarray
            Finish and start times of the same activities, in working days.
        """
        finish = np.asarray(finishes, dtype=float)
        start = np.asarray(starts, dtype=float)
        day = np.ceil(finish - _EPS).astype(np.int64) - 1
        start_day = np.floor(start + _EPS).astype(np.int64)
        zero_length = finish <= start + _EPS
        return self.dates_of(np.where(zero_length, start_day, np.maximum(day, start_day)))

    def milestone_dates(self, times: np.ndarray, at_end: np.ndarray) -> np.ndarray:
        """Dates of zero-duration activities (milestones), as MS Project shows them.

        A milestone at ``t`` reached at the end of working time (``at_end``: placed by a
        predecessor's finish, a positive lag or a finish constraint) shows on the day
        containing the instant just before ``t``, day ``ceil(t) - 1`` (after a task finishing on
        Thursday: Thursday). Otherwise (placed by the project start, a predecessor's start, a
        negative lag or a start constraint) it shows on the day containing ``t``, day
        ``floor(t)``.

        Parameters
        ----------
        times : numpy.ndarray
            Milestone times, in working days.
        at_end : numpy.ndarray
            Booleans: whether each milestone is placed at the end of working time.
        """
        t = np.asarray(times, dtype=float)
        day = np.where(
            np.asarray(at_end, dtype=bool),
            np.ceil(t - _EPS) - 1,
            np.floor(t + _EPS),
        )
        return self.dates_of(day.astype(np.int64))

    # -- times <-> calendar instants (elapsed time) ------------------------------------------
    def instants(self, times: np.ndarray, at_end: np.ndarray | bool) -> np.ndarray:
        """Calendar instants (float days since 1970-01-01) of working times.

        Working day ``k`` runs over the whole calendar day ``date_of(k)``. An integer time
        ``t`` is both the end of working day ``t - 1`` and the start of working day ``t``:
        ``at_end`` picks the first (a finish), otherwise the second (a start).
        """
        t = np.asarray(times, dtype=float)
        end = np.broadcast_to(np.asarray(at_end, dtype=bool), t.shape)
        day = np.where(end, np.ceil(t - _EPS) - 1, np.floor(t + _EPS)).astype(np.int64)
        if day.size:
            self._cover_indices(int(day.min()), int(day.max()))
        return self._table[day + self._zero] + (t - day)

    def times_at(self, instants: np.ndarray) -> np.ndarray:
        """Working times of calendar instants (float days since 1970-01-01).

        An instant inside a working day maps into it; an instant in a non-working day maps to
        the next working instant (the start of the next working day), which as a number is also
        the end of the previous one.
        """
        c = np.asarray(instants, dtype=float)
        day = np.floor(c + _EPS).astype(np.int64)
        fraction = np.clip(c - day, 0.0, 1.0)
        if day.size:
            self._cover_days(int(day.min()), int(day.max()))
        index = np.searchsorted(self._table, day, side="left")
        found = self._table[np.minimum(index, len(self._table) - 1)] == day
        return (index - self._zero) + np.where(found, fraction, 0.0)

    def start_date(self, time: float) -> date:
        """Date of a start at ``time`` (the working day containing it)."""
        value: date = self.start_dates(np.array([time]))[0].astype(object)
        return value

    def finish_date(self, finish: float, start: float | None = None) -> date:
        """Inclusive date of a finish at ``finish``; ``start`` marks zero-length activities."""
        begin = finish if start is None else start
        if start is None and finish <= 0:
            return self.start_date(finish)
        value: date = self.finish_dates(np.array([finish]), np.array([begin]))[0].astype(object)
        return value


def _year_of(day_number: int) -> int:
    return int(str(np.datetime64(day_number, "D"))[:4])
