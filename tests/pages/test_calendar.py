import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests import factories

# The feed starts a year back unless asked for dates; these tests read it all.
EVERY_DATE = {"start_after": "2000-01-01"}


def entries(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def test_calendar_feed_is_icalendar_with_meetings_and_published_events(client, world):
    response = client.get(reverse("decisions:calendar_ics"), EVERY_DATE)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    uids = set(entries(response))
    assert "meeting-mc-cop-7@brsportal" in uids
    assert "meeting-bc-cop-17@brsportal" in uids
    assert sum(uid.startswith("event-") for uid in uids) == 2


def test_calendar_entries_are_all_day_with_exclusive_end(client, world):
    entry = entries(client.get(reverse("decisions:calendar_ics"), EVERY_DATE))[
        "meeting-mc-cop-7@brsportal"
    ]
    meeting = world["upcoming"]

    assert entry.decoded("dtstart") == meeting.start_date
    assert entry.decoded("dtend") == meeting.end_date + datetime.timedelta(days=1)
    assert entry.decoded("last-modified").tzinfo is not None
    assert "dtstamp" in entry
    assert str(entry["summary"]) == meeting.title
    assert str(entry["url"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert "Geneva" in str(entry["location"])


def test_calendar_month_only_event_spans_the_month(client, world):
    feed = entries(client.get(reverse("decisions:calendar_ics"), EVERY_DATE))
    entry = next(e for e in feed.values() if str(e["summary"]) == "Webinar in April")

    assert entry.decoded("dtstart") == datetime.date(2024, 4, 1)
    assert entry.decoded("dtend") == datetime.date(2024, 5, 1)


def test_calendar_uids_are_stable_between_downloads(client, world):
    first = set(entries(client.get(reverse("decisions:calendar_ics"), EVERY_DATE)))
    second = set(entries(client.get(reverse("decisions:calendar_ics"), EVERY_DATE)))

    assert first == second


def test_calendar_filters_like_the_meetings_page(client, world):
    response = client.get(
        reverse("decisions:calendar_ics"), {"convention": "BC", **EVERY_DATE}
    )

    summaries = {str(e["summary"]) for e in entries(response).values()}
    assert "Basel COP-17" in summaries
    assert "Minamata COP-7" not in summaries
    # The activity is under both conventions, so its events stay.
    assert "Side event at COP-7" in summaries


def test_calendar_meeting_kind_filter_leaves_out_activity_events(client, world):
    response = client.get(
        reverse("decisions:calendar_ics"), {"kind": "cop", **EVERY_DATE}
    )

    assert all(uid.startswith("meeting-") for uid in entries(response))


def test_calendar_never_lists_events_of_drafts(client, world):
    response = client.get(reverse("decisions:calendar_ics"), EVERY_DATE)

    assert b"Draft-only event" not in response.content


@pytest.mark.parametrize(
    "query", [{"convention": "XX"}, {"start_after": "2024-13-45"}, {"year": "abc"}]
)
def test_calendar_with_an_invalid_filter_is_a_400_with_the_reason(client, world, query):
    response = client.get(reverse("decisions:calendar_ics"), query)

    assert response.status_code == 400
    assert next(iter(query)) in response.text


def test_calendar_of_a_cancelled_meeting_says_so(client, db):
    factories.MeetingFactory(slug="cancelled-one", status="cancelled")

    entry = entries(client.get(reverse("decisions:calendar_ics"), EVERY_DATE))[
        "meeting-cancelled-one@brsportal"
    ]

    assert str(entry["status"]) == "CANCELLED"


def test_calendar_without_dates_starts_a_year_back(client, db):
    today = datetime.date.today()
    for slug, days in (("recent", 300), ("old", 400)):
        day = today - datetime.timedelta(days=days)
        factories.MeetingFactory(slug=slug, start_date=day, end_date=day)

    default = entries(client.get(reverse("decisions:calendar_ics")))
    everything = entries(
        client.get(reverse("decisions:calendar_ics"), {"start_after": "2000-01-01"})
    )

    assert "meeting-recent@brsportal" in default
    assert "meeting-old@brsportal" not in default
    assert "meeting-old@brsportal" in everything


def test_calendar_feed_follows_an_edit(client, db):
    meeting = factories.MeetingFactory(
        slug="renamed",
        title="Before",
        start_date=datetime.date.today(),
        end_date=datetime.date.today(),
    )
    client.get(reverse("decisions:calendar_ics"))

    meeting.title = "After"
    meeting.save()
    entry = entries(client.get(reverse("decisions:calendar_ics")))[
        "meeting-renamed@brsportal"
    ]

    assert str(entry["summary"]) == "After"
