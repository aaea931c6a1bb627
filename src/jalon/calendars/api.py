"""REST endpoints for the shared working-time calendars and their exceptions."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, ModelSchema, Router, Schema
from ninja.pagination import paginate

from jalon.api.lookups import resolve, visible
from jalon.api.patching import patch_changes
from jalon.calendars import selectors, services
from jalon.calendars.models import Calendar, CalendarException
from jalon.querying import get_visible

router = Router(tags=["calendars"])
Weekday = Annotated[int, Field(strict=True, ge=0, le=6)]


class CalendarExceptionOut(ModelSchema):
    class Meta:
        model = CalendarException
        fields = ["id", "name", "start", "finish", "is_working"]


class CalendarOut(ModelSchema):
    exceptions: list[CalendarExceptionOut]
    working_weekdays: list[int]

    class Meta:
        model = Calendar
        fields = ["id", "name", "hours_per_day", "public_holidays", "base"]  # + working_weekdays


class CalendarIn(Schema):
    name: str = Field(max_length=100, min_length=1)
    working_weekdays: list[Weekday] = Field([0, 1, 2, 3, 4], min_length=1, max_length=7,
                                            description="Monday = 0 … Sunday = 6")
    hours_per_day: Decimal = Field(Decimal("8"), gt=0, le=24)
    public_holidays: Calendar.Holidays = Calendar.Holidays.NONE
    base: int | None = None


class CalendarPatch(Schema):
    name: str | None = Field(None, max_length=100, min_length=1)
    working_weekdays: list[Weekday] | None = Field(None, min_length=1, max_length=7)
    hours_per_day: Decimal | None = Field(None, gt=0, le=24)
    public_holidays: Calendar.Holidays | None = None
    base: int | None = None


class CalendarExceptionIn(Schema):
    name: str = Field("", max_length=100)
    start: date
    finish: date
    is_working: bool = False


@router.get("/calendars", response=list[CalendarOut])
@paginate
def list_calendars(request: HttpRequest):
    return selectors.calendar_list(user=request.user)


@router.get("/calendars/{int:pk}", response=CalendarOut)
def get_calendar(request: HttpRequest, pk: int):
    return selectors.calendar_get(user=request.user, pk=pk)


@router.post("/calendars", response={201: CalendarOut})
def create_calendar(request: HttpRequest, payload: CalendarIn):
    data = payload.dict()
    data["base"] = resolve(selectors.calendar_get, request.user, data["base"], "base")
    return 201, services.calendar_create(actor=request.user, **data)


@router.patch("/calendars/{int:pk}", response=CalendarOut)
def update_calendar(request: HttpRequest, pk: int, payload: CalendarPatch):
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    data = patch_changes(payload, nullable={"base"},
                         refs={"base": visible(selectors.calendar_get, request.user)})
    return services.calendar_update(actor=request.user, calendar=calendar, **data)


@router.delete("/calendars/{int:pk}", response={204: None})
def delete_calendar(request: HttpRequest, pk: int):
    services.calendar_delete(actor=request.user,
                             calendar=selectors.calendar_get(user=request.user, pk=pk))
    return 204, None


@router.post("/calendars/{int:pk}/exceptions", response={201: CalendarExceptionOut})
def add_calendar_exception(request: HttpRequest, pk: int, payload: CalendarExceptionIn):
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    return 201, services.calendar_exception_create(actor=request.user, calendar=calendar,
                                                   **payload.dict())


@router.delete("/calendars/{int:pk}/exceptions/{int:exception_pk}", response={204: None})
def delete_calendar_exception(request: HttpRequest, pk: int, exception_pk: int):
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    services.calendar_exception_delete(actor=request.user,
                                       exception=get_visible(calendar.exceptions.all(), exception_pk))
    return 204, None
