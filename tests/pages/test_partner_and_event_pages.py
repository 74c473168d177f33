"""Partners and events have public pages of their own, reached from the navigation."""

import pytest
from django.urls import reverse

from activities.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_partner_list_finds_an_organisation_by_any_part_of_its_name(client, world):
    response = client.get(reverse("partners:list"), {"q": "SWITZ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Government of Switzerland" in html
    assert "1 partner found" in html


def test_partner_list_leaves_out_organisations_of_drafts_only(client, world):
    hidden = factories.OrganizationFactory(name="Only in a draft")
    factories.PartnershipFactory(activity=world["draft"], organization=hidden)
    html = client.get(reverse("partners:list")).content.decode()
    assert "Government of Switzerland" in html
    assert "Only in a draft" not in html
    assert client.get(reverse("partners:detail", args=[hidden.slug])).status_code == 404


def test_partner_page_lists_its_published_activities_with_role(client, world):
    factories.PartnershipFactory(
        activity=world["draft"],
        organization=world["activity"].partners.first(),
    )
    html = client.get(reverse("partners:detail", args=["switzerland"])).content.decode()
    assert "Webinars on mercury wastes" in html
    assert "Donor" in html
    assert "Draft plan about amalgam" not in html


def test_event_list_shows_events_of_published_activities_latest_first(client, world):
    html = client.get(reverse("events:list")).content.decode()
    assert html.index("Side event at COP-7") < html.index("Webinar in April")
    assert "Draft-only event" not in html


def test_event_page_names_its_activity_and_meeting(client, world):
    event = world["activity"].events.get(title="Side event at COP-7")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Webinars on mercury wastes" in html
    assert "Minamata COP-7" in html


def test_event_of_a_draft_activity_has_no_page(client, world):
    event = world["draft"].events.get()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_event_filter_takes_a_convention_code_in_any_case(client, world):
    html = client.get(reverse("events:list"), {"convention": "mc"}).content.decode()
    assert "Side event at COP-7" in html
    assert "Select a valid choice" not in html


def test_event_filter_explains_an_unknown_convention_typed_by_hand(client, world):
    response = client.get(reverse("events:list"), {"convention": "XX"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no “XX”: choose one of BC, MC (any case)." in html


def test_main_navigation_reaches_every_kind_of_record(client, world):
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    for name in (
        "activities:list",
        "decisions:list",
        "decisions:documents",
        "decisions:meetings",
        "events:list",
        "partners:list",
        "activities:agreements",
        "activities:synergies",
        "reports:list",
    ):
        assert f'href="{reverse(name)}"' in nav


def test_footer_links_the_api_documentation(client, world):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("api-docs")}"' in html


def test_agreement_filters_take_secretariat_codes_in_any_case(client, db):
    brs = factories.SecretariatFactory(code="BRS")
    minamata = factories.SecretariatFactory(code="MC")
    factories.ServiceAgreementFactory(
        provider=brs,
        recipient=minamata,
        title="Services for COP-6",
        publication_status=PublicationStatus.PUBLISHED,
    )
    for typed in ("brs", "BRS", "Brs"):
        html = client.get(
            reverse("activities:agreements"), {"provider": typed}
        ).content.decode()
        assert "Services for COP-6" in html, typed
    html = client.get(reverse("activities:agreements"), {"provider": "zz"}).content
    assert "There is no “zz”: choose one of BRS, MC (any case)." in html.decode()


def test_partner_count_holds_only_published_activities(world):
    from activities.models.details import partner_organizations

    organization = world["activity"].partners.first()
    factories.PartnershipFactory(activity=world["draft"], organization=organization)

    counted = partner_organizations().get(pk=organization.pk)

    assert (
        counted.activity_count
        == organization.partnerships.filter(activity__publication_status="published")
        .values("activity")
        .distinct()
        .count()
    )
