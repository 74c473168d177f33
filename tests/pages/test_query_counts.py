"""Each page's number of queries does not grow with the number of records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def grow(world, n: int) -> None:
    """Add n more published activities, each with events, partners and references."""
    for _ in range(n):
        activity = factories.ActivityFactory(
            thematic_area=world["area"],
            conventions=[world["basel"], world["minamata"]],
            decisions=[world["decision"], world["earlier"]],
        )
        activity.decision_paragraphs.add(*world["decision"].paragraphs.all())
        factories.EventFactory(activity=activity, meeting=world["upcoming"])
        factories.PartnershipFactory(activity=world["activity"])
        factories.PartnershipFactory(
            activity=activity, organization=world["activity"].partners.first()
        )
        factories.SynergyFactory(activity=activity)
        factories.CostSavingFactory(activity=activity)
        factories.ReferenceFactory(activity=world["activity"], marker=f"g{activity.pk}")
        factories.MeetingFactory(convention=world["basel"])
        factories.DecisionFactory(
            convention=world["basel"], meeting=world["past"], meeting_number=90
        )
        factories.DocumentSymbolFactory(
            document=factories.DocumentFactory(meeting=world["past"])
        )


PAGES = [
    lambda w: reverse("home"),
    lambda w: reverse("activities:list"),
    lambda w: reverse("activities:list") + "?convention=BC&q=webinars&year=2024",
    lambda w: w["activity"].get_absolute_url(),
    lambda w: reverse("decisions:list"),
    lambda w: w["decision"].get_absolute_url(),
    lambda w: reverse("decisions:conventions"),
    lambda w: w["basel"].get_absolute_url(),
    lambda w: reverse("decisions:meetings"),
    lambda w: w["upcoming"].get_absolute_url(),
    lambda w: w["document"].get_absolute_url(),
    lambda w: reverse("decisions:documents"),
    lambda w: reverse("decisions:documents") + "?q=unep/chw.17/inf/54&convention=BC",
    lambda w: reverse("decisions:calendar_ics"),
    lambda w: reverse("activities:agreements"),
    lambda w: reverse("activities:synergies"),
    lambda w: reverse("activities:cost_savings"),
    lambda w: reverse("search") + "?q=webinars",
    lambda w: reverse("search") + "?q=webinars&convention=BC&kind=activity",
    lambda w: (
        reverse("decisions:meetings") + f"?month={w['upcoming'].start_date:%Y-%m}"
    ),
    lambda w: "/sitemap-activities.xml",
    lambda w: reverse("partners:list"),
    lambda w: reverse("partners:list") + "?q=switz",
    lambda w: reverse("partners:detail", args=["switzerland"]),
    lambda w: reverse("events:list"),
    lambda w: reverse("events:list") + "?convention=bc&q=webinar",
    lambda w: w["activity"].events.first().get_absolute_url(),
]


@pytest.mark.parametrize("page", range(len(PAGES)))
def test_query_count_is_the_same_for_10_and_60_records(client, world, page):
    url = PAGES[page](world)
    grow(world, 8)
    with_ten = queries_for(client, url)

    grow(world, 50)
    with_sixty = queries_for(client, url)

    assert with_sixty == with_ten


def test_agreement_detail_query_count_is_constant(client, world):
    agreement = factories.ServiceAgreementFactory()
    agreement.meetings.add(world["upcoming"])
    factories.ServiceLineFactory(agreement=agreement)
    first = queries_for(client, agreement.get_absolute_url())

    for meeting in factories.MeetingFactory.create_batch(20):
        agreement.meetings.add(meeting)
    factories.ServiceLineFactory(agreement=agreement, service="documents")

    assert queries_for(client, agreement.get_absolute_url()) == first
