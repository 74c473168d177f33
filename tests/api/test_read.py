"""Reading the API: every resource, stable identifiers, links, filters, publication."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Event, Partnership, PublicationStatus
from tests import factories

API = "/api/v1/"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response) -> set[str]:
    return {row["slug"] for row in results(response)}


@pytest.fixture
def mandate(db):
    """A published activity mandated by BC-17/22, with a partner, an event and a
    footnote citing a document."""
    decision = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"), meeting_number=17, number=22
    )
    factories.DecisionParagraphFactory(decision=decision, reference="9")
    activity = factories.ActivityFactory(slug="mercury-webinars", decisions=[decision])
    factories.PartnershipFactory(
        activity=activity,
        organization=factories.OrganizationFactory(slug="unitar"),
        role=Partnership.Role.DONOR,
    )
    factories.EventFactory(activity=activity)
    factories.ReferenceFactory(
        activity=activity,
        document=factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54"),
    )
    factories.SynergyFactory(activity=activity)
    factories.CostSavingFactory(activity=activity)
    return activity


@pytest.mark.parametrize(
    "resource",
    [
        "conventions",
        "secretariats",
        "organizations",
        "meetings",
        "documents",
        "decisions",
        "thematic-areas",
        "activities",
        "synergies",
        "cost-savings",
        "service-agreements",
    ],
)
def test_every_list_answers_to_anonymous_clients(api_client, mandate, resource):
    factories.ServiceAgreementFactory()
    factories.MeetingFactory()
    rows = results(api_client.get(f"{API}{resource}/"))
    assert rows
    detail = api_client.get(rows[0]["url"])
    assert detail.status_code == 200
    assert detail.json()["url"] == rows[0]["url"]


def test_activity_links_to_its_mandate_partners_events_and_references(
    api_client, mandate
):
    data = api_client.get(f"{API}activities/mercury-webinars/").json()
    assert data["decisions"] == ["http://testserver/api/v1/decisions/bc-17-22/"]
    assert data["decision_paragraphs"] == []
    assert data["partners"][0]["organization"].endswith("/organizations/unitar/")
    assert data["partners"][0]["role"] == "donor"
    assert data["events"][0]["kind"] == Event.Kind.WEBINAR
    assert data["references"][0]["document"].endswith("/documents/UNEP/CHW.17/INF/54/")
    assert data["synergies"][0]["description"] == "Fewer pieces of equipment."
    assert data["cost_savings"][0]["amount"] == "1500.00"
    assert data["thematic_area"].startswith("http://testserver/api/v1/thematic-areas/")
    assert data["page"] == "http://testserver/activities/mercury-webinars/"


def test_decision_is_found_by_its_symbol_slug_with_paragraphs_and_recalls(
    api_client, mandate
):
    earlier = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"), meeting_number=16, number=3
    )
    decision = mandate.decisions.get()
    decision.recalls.add(earlier)
    data = api_client.get(f"{API}decisions/bc-17-22/").json()
    assert data["symbol"] == "BC-17/22"
    assert data["paragraphs"] == [{"reference": "9", "text": "", "position": 0}]
    assert data["recalls"] == ["http://testserver/api/v1/decisions/bc-16-3/"]
    assert data["activities"] == (
        "http://testserver/api/v1/activities/?decision=bc-17-22"
    )
    recalled = api_client.get(f"{API}decisions/bc-16-3/").json()
    assert recalled["recalled_by"] == ["http://testserver/api/v1/decisions/bc-17-22/"]


def test_document_is_found_by_its_un_symbol_with_slashes(api_client, db):
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.DocumentSymbolFactory(document=document, symbol="UNEP/FAO/RC/COP.12/2")
    data = api_client.get(f"{API}documents/UNEP/CHW.17/INF/54/").json()
    assert data["symbols"] == ["UNEP/CHW.17/INF/54", "UNEP/FAO/RC/COP.12/2"]
    assert data["url"] == "http://testserver/api/v1/documents/UNEP/CHW.17/INF/54/"


def test_convention_is_found_by_its_code_in_any_case(api_client, db):
    factories.ConventionFactory(code="RC")
    assert api_client.get(f"{API}conventions/rc/").json()["code"] == "RC"
    assert api_client.get(f"{API}conventions/XX/").status_code == 404


def test_unknown_identifiers_answer_404(api_client, db):
    for path in (
        "decisions/bc-99-99/",
        "activities/no-such-activity/",
        "documents/UNEP/NONE/1/",
        "meetings/nothing/",
    ):
        assert api_client.get(f"{API}{path}").status_code == 404


def test_anonymous_clients_see_published_records_only(api_client, db):
    factories.ActivityFactory(slug="public")
    factories.ActivityFactory(slug="draft", publication_status=PublicationStatus.DRAFT)
    factories.ServiceAgreementFactory(slug="signed")
    factories.ServiceAgreementFactory(
        slug="secret", publication_status=PublicationStatus.IN_REVIEW
    )
    assert slugs(api_client.get(f"{API}activities/")) == {"public"}
    assert api_client.get(f"{API}activities/draft/").status_code == 404
    assert slugs(api_client.get(f"{API}service-agreements/")) == {"signed"}
    assert api_client.get(f"{API}service-agreements/secret/").status_code == 404


def test_staff_see_their_own_drafts_but_not_the_other_secretariats(mc_client, db):
    mc = factories.SecretariatFactory(code="MC")
    brs = factories.SecretariatFactory(code="BRS")
    draft = PublicationStatus.DRAFT
    factories.ActivityFactory(slug="public")
    factories.ActivityFactory(
        slug="mc-draft", secretariats=[mc], publication_status=draft
    )
    factories.ActivityFactory(
        slug="joint-draft", secretariats=[mc, brs], publication_status=draft
    )
    factories.ActivityFactory(
        slug="brs-draft", secretariats=[brs], publication_status=draft
    )
    assert slugs(mc_client.get(f"{API}activities/")) == {
        "public",
        "mc-draft",
        "joint-draft",
    }
    assert mc_client.get(f"{API}activities/brs-draft/").status_code == 404


def test_activity_filters_match_the_public_page(api_client, mandate):
    other = factories.ActivityFactory(
        slug="waste-trainings",
        title="Trainings on e-waste",
        biennium=2022,
        conventions=[factories.ConventionFactory(code="BC")],
    )
    area = mandate.thematic_area.slug
    cases = {
        "convention=BC": {"waste-trainings"},
        "convention=MC": {"mercury-webinars"},
        f"thematic_area={area}": {"mercury-webinars"},
        "biennium=2022-2023": {"waste-trainings"},
        "partner=unitar": {"mercury-webinars"},
        "decision=BC-17/22": {"mercury-webinars"},
        "decision=bc-17-22": {"mercury-webinars"},
        "q=e-waste": {"waste-trainings"},
    }
    for query, expected in cases.items():
        assert slugs(api_client.get(f"{API}activities/?{query}")) == expected, query
    assert other.pk


def test_updated_since_returns_only_what_changed(api_client, db):
    factories.ActivityFactory(slug="old")
    cutoff = timezone.now()
    factories.ActivityFactory(slug="new")
    since = cutoff.isoformat().replace("+00:00", "Z")
    assert slugs(api_client.get(f"{API}activities/", {"updated_since": since})) == {
        "new"
    }
    for resource in ("decisions", "meetings", "conventions", "synergies"):
        response = api_client.get(f"{API}{resource}/", {"updated_since": since})
        assert response.status_code == 200, resource


def test_decision_and_meeting_filters(api_client, db):
    bc = factories.ConventionFactory(code="BC")
    meeting = factories.MeetingFactory(slug="bc-cop-17", convention=bc)
    factories.DecisionFactory(convention=bc, meeting=meeting, meeting_number=17)
    factories.DecisionFactory(convention=factories.ConventionFactory(code="RC"))
    by_convention = results(api_client.get(f"{API}decisions/?convention=BC"))
    by_meeting = results(api_client.get(f"{API}decisions/?meeting=bc-cop-17"))
    by_symbol = results(api_client.get(f"{API}decisions/?symbol=BC-17/1"))
    assert [d["convention"] for d in by_convention] == [
        "http://testserver/api/v1/conventions/BC/"
    ]
    assert len(by_meeting) == 1
    assert len(by_symbol) <= 1
    assert results(api_client.get(f"{API}meetings/?convention=BC"))[0]["slug"] == (
        "bc-cop-17"
    )


@pytest.mark.parametrize(
    "query",
    [
        "activities/?decision=BC17-",
        "activities/?decision=XX-1/1",
        "decisions/?symbol=hello",
        "activities/?biennium=2025-2026",
        "activities/?biennium=nonsense",
        "activities/?updated_since=yesterday",
        "activities/?convention=ZZ",
    ],
)
def test_malformed_filter_values_answer_400_with_the_field(api_client, db, query):
    response = api_client.get(f"{API}{query}")
    assert response.status_code == 400
    field = query.split("?")[1].split("=")[0]
    assert field in response.json()


def test_page_size_up_to_the_maximum_is_served_and_above_it_refused(api_client, db):
    factories.OrganizationFactory.create_batch(205)
    response = api_client.get(f"{API}organizations/?page_size=200")
    assert len(results(response)) == 200
    assert response.json()["count"] == 205

    refused = api_client.get(f"{API}organizations/?page_size=1000")

    assert refused.status_code == 400
    assert refused.json() == {"page_size": ["Enter a whole number from 1 to 200."]}


def test_cursor_pages_walk_every_activity_once(api_client, db):
    factories.ActivityFactory.create_batch(7)
    seen: list[str] = []
    url = f"{API}activities/?page_size=3&ordering=updated_at"
    while url:
        page = api_client.get(url).json()
        assert "count" not in page
        seen += [row["slug"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize(
    "cursor",
    [
        "forged",
        "cD1OYU4%3D",  # p=NaN
        "cD0tMQ%3D%3D",  # p=-1
        "cD0lMDA%3D",  # p=%00
        "cD0yMDI1LTAxLTAxKzk5OjAw",  # p=2025-01-01+99:00
        "cD05OTk5LTEyLTMxVDIzOjU5OjU5LTEyOjAw",  # p=9999-12-31T23:59:59-12:00
    ],
)
@pytest.mark.parametrize("path", ["activities/", "decisions/"])
def test_a_forged_cursor_answers_400_naming_the_parameter(api_client, db, path, cursor):
    response = api_client.get(f"{API}{path}?cursor={cursor}")

    assert response.status_code == 400
    assert "cursor" in response.json()


def build_rows(count: int) -> None:
    bc = factories.ConventionFactory(code="BC")
    meeting = factories.MeetingFactory(convention=bc)
    for _ in range(count):
        decision = factories.DecisionFactory(convention=bc, meeting=meeting)
        factories.DecisionParagraphFactory(decision=decision)
        activity = factories.ActivityFactory(decisions=[decision])
        factories.PartnershipFactory(activity=activity)
        factories.EventFactory(activity=activity, meeting=meeting)
        factories.ReferenceFactory(
            activity=activity, document=factories.DocumentFactory()
        )
        factories.SynergyFactory(activity=activity)
        factories.CostSavingFactory(activity=activity)
        agreement = factories.ServiceAgreementFactory()
        agreement.meetings.add(meeting)
        factories.ServiceLineFactory(agreement=agreement)


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


LISTS = [
    "activities/?page_size=100",
    "decisions/?page_size=100",
    "documents/?page_size=100",
    "meetings/",
    "service-agreements/?page_size=100",
    "synergies/?page_size=100",
    "cost-savings/?page_size=100",
    "secretariats/",
    "conventions/",
    "/api/informea/decisions/?page_size=100",
    "/api/informea/meetings/",
]


def test_list_query_counts_do_not_grow_with_rows(api_client, db):
    paths = [path if path.startswith("/") else f"{API}{path}" for path in LISTS]
    build_rows(10)
    few = {path: count_queries(api_client, path) for path in paths}
    build_rows(50)
    many = {path: count_queries(api_client, path) for path in paths}
    assert many == few


def test_detail_query_count_does_not_grow_with_related_rows(api_client, mandate):
    path = f"{API}activities/mercury-webinars/"
    few = count_queries(api_client, path)
    for _ in range(5):
        factories.EventFactory(activity=mandate)
        factories.PartnershipFactory(activity=mandate)
    assert count_queries(api_client, path) == few
    decision_path = f"{API}decisions/bc-17-22/"
    few = count_queries(api_client, decision_path)
    factories.DecisionParagraphFactory.create_batch(5, decision=mandate.decisions.get())
    assert count_queries(api_client, decision_path) == few


def test_dates_are_iso(api_client, db):
    factories.MeetingFactory(slug="cop", start_date=datetime.date(2025, 4, 28))
    assert api_client.get(f"{API}meetings/cop/").json()["start_date"] == "2025-04-28"


@pytest.mark.parametrize(
    "resource",
    ["activities", "decisions", "meetings", "synergies", "service-agreements"],
)
def test_an_extreme_utc_offset_in_updated_since_is_not_a_server_error(
    api_client, db, resource
):
    # ISO 8601 allows +17:26; PostgreSQL refuses offsets beyond 15:59.
    since = "2050-02-13T12:03:42+17:26"
    response = api_client.get(f"{API}{resource}/", {"updated_since": since})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_unknown_api_addresses_answer_json_404(api_client, db):
    response = api_client.get("/api/v1/activities/not a slug/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
