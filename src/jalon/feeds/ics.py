"""A feed's events as an iCalendar file (RFC 5545), written by the ``icalendar`` package, which
escapes every text (commas, semicolons, new lines) and folds long lines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from jalon.feeds.events import FeedEvent


def calendar_file(events: Iterable[FeedEvent], *, name: str, stamp: datetime) -> bytes:
    """The .ics file of ``events``, each all day: DTEND is the next day, since iCalendar's end
    is exclusive while Jalon's finish is inclusive. ``stamp`` is when it is written (UTC)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Jalon//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
        calendar.add_component(event)
    return calendar.to_ical()
