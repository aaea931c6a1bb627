"""REST endpoints of notifications: the caller's own, never another user's."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Router, Schema

from jalon.notifications import selectors, services
from jalon.notifications.models import Delivery, Group, Notification

router = Router(tags=["Notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str = Field(description="In the caller's language.")
    url: str
    project: int | None = Field(None, alias="project_id")
    project_code: str | None
    action: bool = Field(description="Awaits the caller's action.")
    open: bool = Field(description="On the caller's to-do list: awaits an action not taken yet.")
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    resolved_at: datetime.datetime | None

    @staticmethod
    def resolve_project_code(obj: Notification) -> str | None:
        return obj.project.code if obj.project is not None else None

    @staticmethod
    def resolve_open(obj: Notification) -> bool:
        return obj.is_open


#: An id the database can hold (a larger one is refused as invalid, never an overflow).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ReadIn(Schema):
    ids: list[Id] = Field(default_factory=list)
    all: bool = False


class ReadOut(Schema):
    marked: int = Field(description="How many were unread.")


class PreferencesIO(Schema):
    deliveries: dict[str, str] = Field(
        default_factory=dict, description=f"By group ({', '.join(Group.values)}): "
                    f"{', '.join(Delivery.values)}. A group left out keeps its delivery.")
    language: str = Field("", description="Of the e-mails: "
                          f"{', '.join(code for code, _name in settings.LANGUAGES)}, "
                          "or empty for the site's.")


@router.get("/me/notifications", response=list[NotificationOut])
def my_notifications(request, unread: bool = False, todo: bool = False):
    """The caller's notifications, newest first: only the unread ones (``unread``), only his
    open "to do" items (``todo``)."""
    return list(selectors.notification_list(user=request.user, unread=unread, todo=todo))


@router.post("/me/notifications/read", response=ReadOut)
def read_my_notifications(request, payload: ReadIn):
    """Mark some of the caller's notifications read (``ids``), or all of them (``all``)."""
    return {"marked": services.notifications_mark_read(actor=request.user, ids=payload.ids,
                                                       everything=payload.all)}


def _preferences_out(user: Any) -> dict[str, Any]:
    preference = selectors.preference_of(user=user)
    return {"deliveries": {g: preference.delivery(g) for g in Group.values},
            "language": preference.language}


@router.get("/me/notification-preferences", response=PreferencesIO)
def my_notification_preferences(request):
    """How each group of notifications reaches the caller, and his e-mails' language."""
    return _preferences_out(request.user)


@router.put("/me/notification-preferences", response=PreferencesIO)
def set_my_notification_preferences(request, payload: PreferencesIO):
    services.preference_update(actor=request.user, deliveries=payload.deliveries,
                               language=payload.language)
    return _preferences_out(request.user)
