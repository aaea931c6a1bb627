"""Working-time calendars shared by the whole organisation: the weekdays worked, hours per day,
public holidays and exceptions. Projects, tasks and resources each may follow one.

A calendar's days are counted by ``jalon.engine.calendar``; ``selectors.work_calendar`` turns a
stored calendar (with its base calendars) into the engine's.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail

WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def default_working_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class Calendar(models.Model):
    """Working time: which weekdays are worked, hours per day, public holidays and exceptions.

    ``working_weekdays`` lists ISO weekdays counted from Monday = 0. ``public_holidays`` names a
    set of public holidays the engine computes for any year (``FR``: France, with Easter Monday,
    Ascension and Whit Monday). A calendar may derive from a ``base`` calendar, whose holidays
    and exceptions then apply too (a resource calendar based on the company calendar).
    """

    class Holidays(models.TextChoices):
        NONE = "", _("None")
        FR = "FR", _("France (public holidays)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    working_weekdays = models.JSONField(_("working weekdays"), default=default_working_weekdays)
    hours_per_day = models.DecimalField(
        _("hours per day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    public_holidays = models.CharField(
        _("public holidays"), max_length=10, choices=Holidays.choices, default="", blank=True
    )
    base = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name=_("base calendar"),
    )
    # The project whose file import created this calendar: deleting that project deletes the
    # calendar too, unless something else has come to follow it.
    imported_with = models.ForeignKey(
        "portfolios.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="imported_calendars",
        verbose_name=_("imported with the project"),
    )

    class Meta:
        db_table = "planning_calendar"  # the table the calendars had when planning held them
        ordering = ["name"]
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        days = self.working_weekdays
        if (
            not isinstance(days, list)
            or not days
            or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days)
            or len(set(days)) != len(days)
        ):
            raise ValidationError(
                {"working_weekdays": _("Give at least one weekday, each from 0 (Monday) to 6.")}
            )


class CalendarException(models.Model):
    """A period (inclusive) that is not worked — or, with ``is_working``, worked though usually not."""

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    start = models.DateField(_("start"))
    finish = models.DateField(_("finish"))
    is_working = models.BooleanField(_("working"), default=False)

    history = audit_trail()

    class Meta:
        db_table = "planning_calendarexception"
        ordering = ["calendar", "start"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finish__gte=models.F("start")),
                name="calendar_exception_finish_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name or self.calendar} {self.start}–{self.finish}"


class CalendarsVersion(models.Model):
    """How many times the calendars have changed, in one row: figures computed from working
    time (schedules, loading, earned value) depend on it, whatever project they belong to
    (``jalon.portfolios.results``). No row means version 0."""

    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("calendars version")
        verbose_name_plural = _("calendars versions")

    def __str__(self) -> str:
        return f"v{self.version}"

