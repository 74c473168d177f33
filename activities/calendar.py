"""The meetings and events calendar as iCalendar (RFC 5545), built with ``icalendar``.

Every entry is an all-day event: DTEND is exclusive, so it is the day after the last
day. UIDs are derived from stable identifiers so a subscribed client updates entries
instead of duplicating them. A record the feed cannot render (a date at the edge of
the calendar, stored before the date range was enforced) is left out and logged: one
damaged record must not take the feed down for every subscriber.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from decisions.models import Meeting

from .models import Event

UID_DOMAIN = "brsportal"
PRODID = "-//BRS and Minamata secretariats//brsportal//EN"
ONE_DAY = datetime.timedelta(days=1)

logger = logging.getLogger(__name__)
# What building one entry raises on a value it cannot render: a day past 9999-12-31
# (OverflowError), an impossible date or a text icalendar refuses (ValueError), a
# missing date (TypeError).
UNRENDERABLE = (OverflowError, ValueError, TypeError)


def _entry(
    uid: str,
    summary: str,
    start: datetime.date,
    end: datetime.date | None,
    updated: datetime.datetime,
    location: str,
    url: str,
    stamp: datetime.datetime,
    description: str = "",
) -> CalendarEntry:
    entry = CalendarEntry()
    entry.add("uid", uid)
    entry.add("dtstamp", stamp)
    entry.add("summary", summary)
    entry.add("dtstart", start)
    entry.add("dtend", (end or start) + ONE_DAY)
    # RFC 5545 requires LAST-MODIFIED in UTC.
    entry.add("last-modified", updated.astimezone(datetime.UTC).replace(microsecond=0))
    if location:
        entry.add("location", location)
    if url:
        entry.add("url", url)
    if description:
        entry.add("description", description)
    return entry


def meeting_entry(
    meeting: Meeting, absolute: Callable[[str], str], stamp: datetime.datetime
) -> CalendarEntry:
    location = ", ".join(part for part in (meeting.venue, meeting.place) if part)
    page = absolute(meeting.get_absolute_url())
    body = meeting.body
    facts = [meeting.get_kind_display(), str(body) if body else "", location]
    if meeting.online:
        facts.append(str(_("Online")))
    lines = [" · ".join(fact for fact in facts if fact)]
    if meeting.status != Meeting.Status.PLANNED:
        lines.append(str(meeting.get_status_display()))
    if meeting.url:
        lines.append(meeting.url)
    lines.append(page)
    entry = _entry(
        f"meeting-{meeting.slug}@{UID_DOMAIN}",
        meeting.title,
        meeting.start_date,
        meeting.end_date,
        meeting.updated_at,
        location,
        page,
        stamp,
        "\n".join(lines),
    )
    if meeting.status == Meeting.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    return entry


def event_entry(
    event: Event, absolute: Callable[[str], str], stamp: datetime.datetime
) -> CalendarEntry:
    """An activity's event; a month-only date spans the whole month."""
    start, end = event.start_date, event.end_date
    if event.date_precision == Event.DatePrecision.MONTH:
        start = start.replace(day=1)
        next_month = (start + datetime.timedelta(days=32)).replace(day=1)
        end = max(end or start, next_month - ONE_DAY)
    location = ", ".join(
        part
        for part in (event.venue, event.place, event.meeting and event.meeting.title)
        if part
    )
    activity_page = absolute(event.activity.get_absolute_url())
    kind = event.get_kind_display()
    if event.online:
        kind = f"{kind} ({_('online')})"
    lines = [
        str(_("%(kind)s of the joint activity “%(activity)s”."))
        % {"kind": kind, "activity": event.activity.title}
    ]
    if event.date_precision == Event.DatePrecision.MONTH:
        lines.append(str(_("The day is not known yet; the entry spans the month.")))
    lines += [link for link in (event.url, activity_page) if link]
    return _entry(
        f"event-{event.pk}@{UID_DOMAIN}",
        event.title,
        start,
        end,
        event.updated_at,
        location,
        event.url or activity_page,
        stamp,
        "\n".join(lines),
    )


def build_calendar(
    meetings: Iterable[Meeting],
    events: Iterable[Event],
    absolute: Callable[[str], str],
    name: str,
) -> bytes:
    """The feed's bytes; ``absolute`` turns a path into a full address."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    entries = [(meeting_entry, meeting) for meeting in meetings]
    entries += [(event_entry, event) for event in events]
    for build_entry, record in entries:
        try:
            entry = build_entry(record, absolute, stamp)
        except UNRENDERABLE as error:
            logger.error(
                "Calendar feed: left out %s %s, which cannot be rendered: %r",
                type(record).__name__,
                record.pk,
                error,
            )
            continue
        calendar.add_component(entry)
    return calendar.to_ical()
