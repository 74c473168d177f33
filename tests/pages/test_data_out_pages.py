"""The calendar feed's descriptions and name, the meetings page's month view, the
sitemap and robots.txt."""

import datetime

from django.urls import reverse
from icalendar import Calendar
from lxml import etree as ET

EVERY_DATE = {"start_after": "2000-01-01"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed(client, **params):
    response = client.get(reverse("decisions:calendar_ics"), {**EVERY_DATE, **params})
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_calendar_entries_describe_and_link_the_meeting_or_activity(client, world):
    entries = {str(c["uid"]): c for c in feed(client).walk("VEVENT")}
    meeting = entries["meeting-mc-cop-7@brsportal"]
    assert "Conference of the Parties" in str(meeting["description"])
    assert "http://testserver/meetings/mc-cop-7/" in str(meeting["description"])
    event = next(
        c for uid, c in entries.items() if str(c["summary"]) == "Side event at COP-7"
    )
    description = str(event["description"])
    assert "Webinars on mercury wastes" in description
    assert "http://testserver/activities/mercury-waste-webinars/" in description


def test_calendar_name_follows_its_filter(client, world):
    everything = str(feed(client)["x-wr-calname"])
    minamata = str(feed(client, convention="MC", kind="cop")["x-wr-calname"])
    assert everything != minamata
    assert "Minamata Convention" in minamata
    assert "Conference of the Parties" in minamata


def test_month_view_shows_the_filtered_meetings_on_their_days(client, world):
    upcoming = world["upcoming"]
    month = f"{upcoming.start_date:%Y-%m}"
    page = client.get(reverse("decisions:meetings"), {"month": month}).content.decode()
    assert 'class="month-grid"' in page
    assert upcoming.title in page
    assert "Side event at COP-7" in page
    filtered = client.get(
        reverse("decisions:meetings"), {"month": month, "convention": "BC"}
    ).content.decode()
    assert upcoming.title not in filtered


def test_month_view_refuses_a_malformed_month_without_an_error(client, world):
    for month in ("2026-13", "soon", "9999-01"):
        response = client.get(reverse("decisions:meetings"), {"month": month})
        assert response.status_code == 200
        assert "YYYY-MM" in response.content.decode()


def test_month_view_defaults_to_the_current_month(client, world, today):
    page = client.get(reverse("decisions:meetings"), {"month": ""}).content.decode()
    assert today.strftime("%B %Y") in page


def test_sitemap_lists_every_public_record_with_lastmod(client, world):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any("sitemap-activities.xml" in url for url in sections)
    locations = {}
    for url in sections:
        section = ET.fromstring(
            client.get(url.replace("http://testserver", "")).content
        )
        for entry in section.iter(f"{SITEMAP}url"):
            locations[entry.findtext(f"{SITEMAP}loc")] = entry.findtext(
                f"{SITEMAP}lastmod"
            )
    activity = "http://testserver/activities/mercury-waste-webinars/"
    assert datetime.date.fromisoformat(locations[activity][:10])
    assert "http://testserver/decisions/bc-17-22/" in locations
    assert "http://testserver/meetings/mc-cop-7/" in locations
    assert "http://testserver/documents/UNEP/MC/ICC/7/INF/3/" in locations
    assert not any("secret-draft" in url for url in locations)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
