"""A delegate finds joint work on mercury wastes and follows it to its mandate."""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def record(db):
    basel = factories.ConventionFactory(code="BC", short_name="Basel Convention")
    minamata = factories.ConventionFactory(code="MC", short_name="Minamata Convention")
    wastes = factories.ThematicAreaFactory(slug="mercury-wastes", name="Mercury wastes")
    outreach = factories.ThematicAreaFactory(slug="outreach", name="Outreach")
    # Recent, so the calendar feed's default window (a year back) holds them.
    today = datetime.date.today()
    meeting = factories.MeetingFactory(
        slug="bc-cop-17",
        convention=basel,
        title="Basel COP-17",
        start_date=today - datetime.timedelta(days=100),
        end_date=today - datetime.timedelta(days=95),
    )
    decision = factories.DecisionFactory(
        convention=basel,
        meeting_number=17,
        number=22,
        meeting=meeting,
        title="Cooperation with the Minamata Convention",
    )
    activity = factories.ActivityFactory(
        slug="mercury-waste-webinars",
        title="Webinars on mercury wastes",
        narrative="Webinars on the disposal of dental amalgam.[^1]",
        thematic_area=wastes,
        conventions=[basel, minamata],
        decisions=[decision],
    )
    factories.ReferenceFactory(activity=activity, marker="1")
    factories.EventFactory(
        activity=activity,
        title="Amalgam webinar",
        start_date=today - datetime.timedelta(days=30),
    )
    factories.ActivityFactory(
        title="Briefings for negotiators", thematic_area=outreach, conventions=[basel]
    )
    factories.ActivityFactory(
        title="Mercury monitoring", thematic_area=wastes, conventions=[minamata]
    )
    return {"activity": activity, "decision": decision, "meeting": meeting}


def test_visitor_finds_an_activity_its_mandate_and_the_calendar(
    page: Page, live_server, record, tmp_path
):
    page.goto(f"{live_server.url}/activities/")
    expect(page.get_by_role("heading", name="3 activities found")).to_be_visible()

    page.get_by_label("Basel Convention").check()
    page.get_by_label("Thematic area").select_option(label="Mercury wastes")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 activity found")).to_be_visible()
    assert "convention=BC" in page.url
    assert "thematic_area=mercury-wastes" in page.url

    page.goto(f"{live_server.url}/activities/")
    page.get_by_label("Keywords").fill("amalgam")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 activity found")).to_be_visible()

    page.get_by_role("link", name="Webinars on mercury wastes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Webinars on mercury wastes"
    )
    expect(page.locator("#fn-1")).to_be_visible()

    page.get_by_role("link", name="BC-17/22").click()
    expect(page).to_have_url(f"{live_server.url}/decisions/bc-17-22/")
    expect(page.get_by_role("link", name="Webinars on mercury wastes")).to_be_visible()

    page.get_by_role("link", name="Meetings", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="calendar feed (.ics)").click()
    path = tmp_path / "brsportal.ics"
    download_info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    summaries = {str(entry["summary"]) for entry in calendar.walk("VEVENT")}
    assert {"Basel COP-17", "Amalgam webinar"} <= summaries


def test_pages_fit_a_phone_screen_without_sideways_scrolling(
    page: Page, live_server, record
):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in (
        "/",
        "/activities/",
        record["activity"].get_absolute_url(),
        record["decision"].get_absolute_url(),
        "/meetings/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, path


def test_keyboard_user_can_skip_to_the_content_and_sees_focus(
    page: Page, live_server, record
):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
