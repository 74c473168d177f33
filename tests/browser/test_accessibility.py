"""axe-core over every public page and the API docs at 1280 and 390 px: no critical
or serious WCAG 2.1 A/AA violation; no public page wider than a 390 px phone."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.pages.conftest import today, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
WIDTHS = (1280, 390)


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the site's CSP rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


def public_pages(w) -> list[str]:
    event = w["activity"].events.order_by("pk").first()
    agreement = factories.ServiceAgreementFactory(title="Services for COP-7")
    agreement.meetings.add(w["upcoming"])
    return [
        reverse("home"),
        reverse("activities:list"),
        reverse("activities:list") + "?convention=BC&biennium=nonsense",
        w["activity"].get_absolute_url(),
        reverse("decisions:list"),
        w["decision"].get_absolute_url(),
        reverse("decisions:documents"),
        w["document"].get_absolute_url(),
        reverse("decisions:conventions"),
        w["basel"].get_absolute_url(),
        reverse("decisions:meetings"),
        w["upcoming"].get_absolute_url(),
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("partners:list"),
        reverse("partners:detail", args=["switzerland"]),
        reverse("activities:agreements"),
        agreement.get_absolute_url(),
        reverse("activities:synergies"),
        reverse("activities:cost_savings"),
        reverse("reports:list"),
        reverse("search") + "?q=webinars",
    ]


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations
              .filter(v => v.impact === 'critical' || v.impact === 'serious')
              .map(v => v.id + ' (' + v.nodes.length + '): '
                   + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return result


def test_public_pages_have_no_serious_violation_and_fit_a_phone(
    page: Page,
    live_server,
    world,  # noqa: F811
):
    failures = []
    paths = public_pages(world)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            for violation in serious_violations(page):
                failures.append(f"{width}px {path}: {violation}")
            if width == 390:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > 390:
                    failures.append(f"390px {path}: {scroll} px wide")
    assert failures == []


@pytest.mark.xfail(
    strict=True,
    reason="Swagger UI (drf-spectacular-sidecar) still has serious violations: "
    "colour contrast of its version stamps and the operations' summary controls; "
    "not fixed yet (issue 18)",
)
def test_api_docs_have_no_serious_violation(page: Page, live_server, db):
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("api-docs"))
        expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
        failures += [f"{width}px: {v}" for v in serious_violations(page)]
    assert failures == []


def test_phone_list_shows_results_first_and_filters_behind_a_button(
    page: Page,
    live_server,
    world,  # noqa: F811
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("activities:list"))
    count = page.get_by_role("heading", name="2 activities found")
    expect(count).to_be_in_viewport()
    expect(page.get_by_label("Keywords")).to_be_hidden()
    top = count.bounding_box()["y"]
    print(f"\nPHONE: results heading at {top:.0f} px on a 390 x 844 screen")
    assert top < 500, top

    page.locator(".filters-toggle > summary").click()
    page.get_by_label("Keywords").fill("amalgam")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 activity found")).to_be_visible()
    assert "q=amalgam" in page.url


def test_filters_update_the_list_in_place_and_the_address_keeps_step(
    page: Page,
    live_server,
    world,  # noqa: F811
):
    page.goto(live_server.url + reverse("activities:list"))
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Basel Convention").check()
    expect(page.get_by_role("heading", name="2 activities found")).to_be_visible()
    page.get_by_label("Thematic area").select_option(label="Outreach")
    expect(page.get_by_role("heading", name="1 activity found")).to_be_visible()
    assert "thematic_area=outreach" in page.url
    assert page.evaluate("window.notReloaded") is True  # no full reload
    page.go_back()
    expect(page.get_by_role("heading", name="2 activities found")).to_be_visible()
