"""French-, Arabic- and Chinese-speaking delegates read the portal in their language."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set BRSPORTAL_SCREENSHOTS=/some/dir to keep the pages as PNG files to look at.
SHOTS = os.environ.get("BRSPORTAL_SCREENSHOTS")


@pytest.fixture
def activity(db):
    basel = factories.ConventionFactory(code="BC", short_name="Basel Convention")
    minamata = factories.ConventionFactory(code="MC", short_name="Minamata Convention")
    area = factories.ThematicAreaFactory(slug="mercury-wastes", name="Mercury wastes")
    factories.ActivityFactory(
        slug="outreach",
        title="Joint outreach on the conventions",
        thematic_area=area,
        conventions=[basel],
        biennium=2024,
    )
    return factories.ActivityFactory(
        slug="mercury-waste-webinars",
        title="Webinars on mercury wastes",
        narrative="Webinars on the disposal of dental amalgam, held in 69 countries.",
        thematic_area=area,
        conventions=[basel, minamata],
        biennium=2024,
    )


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=Path(SHOTS) / f"{name}.png", full_page=True)


@pytest.mark.parametrize(
    ("language", "direction", "heading", "found"),
    [
        ("fr", "ltr", "Activités conjointes", "2 activités trouvées"),
        ("ar", "rtl", "الأنشطة المشتركة", "عُثر على نشاطين"),
        ("zh-hans", "ltr", "联合活动", "找到 2 项活动"),
    ],
)
def test_home_list_and_activity_read_in_the_language_of_the_address(
    page: Page, live_server, activity, language, direction, heading, found
):
    page.goto(f"{live_server.url}/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    shoot(page, f"{language}-home")

    page.goto(f"{live_server.url}/{language}/activities/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text(found)
    shoot(page, f"{language}-activities")

    page.get_by_role("link", name="Webinars on mercury wastes").click()
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text("Webinars on mercury wastes")
    # The record is English: the page says so, whatever the page's language.
    expect(title).to_have_attribute("lang", "en")
    assert page.url.endswith(f"/{language}/activities/mercury-waste-webinars/")
    shoot(page, f"{language}-activity")


def test_arabic_page_runs_right_to_left_with_the_biennium_intact(
    page: Page, live_server, activity
):
    page.goto(f"{live_server.url}/ar/activities/mercury-waste-webinars/")

    biennium = page.locator("header.record-header bdi")
    expect(biennium).to_have_text("2024–2025")
    # Laid out right to left: the title starts at the right edge of the column.
    box = page.get_by_role("heading", level=1).bounding_box()
    main = page.locator("main").bounding_box()
    assert box["x"] + box["width"] > main["x"] + main["width"] * 0.6
    first, second = (page.locator(".site-nav a").nth(i).bounding_box() for i in (0, 1))
    assert first["x"] > second["x"]
    # The digits are drawn in reading order: 2024 left of 2025 on screen.
    years = biennium.evaluate(
        """element => {
            const range = document.createRange();
            const text = element.firstChild;
            range.setStart(text, 0); range.setEnd(text, 4);
            const first = range.getBoundingClientRect().x;
            range.setStart(text, 5); range.setEnd(text, 9);
            return [first, range.getBoundingClientRect().x];
        }"""
    )
    assert years[0] < years[1]


def test_language_switcher_leads_to_the_same_page_in_another_language(
    page: Page, live_server, activity
):
    page.goto(f"{live_server.url}/activities/mercury-waste-webinars/")

    page.locator(".language-switcher").get_by_role("link", name="中文").click()

    assert page.url.endswith("/zh-hans/activities/mercury-waste-webinars/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
