"""Every parameter is parsed at the edge: a value the API cannot use is a 400 naming
the parameter, on every list; links never carry the request's format."""

import csv
import io

import pytest
from django.urls import reverse

from brsportal.api import router
from tests import factories

API = "/api/v1/"
# The record lists; the search (its own parameters) is checked below and in
# tests/search/test_api_search.py.
LISTS = [
    f"{API}{prefix}/"
    for prefix, _viewset, basename in router.registry
    if basename != "search"
]
FEEDS = ["/api/informea/decisions/", "/api/informea/meetings/"]
EDGE_TIMES = [
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00%2B14:00",
    "0001-01-01T00:00:00",  # naive: read in Europe/Zurich, before year 1 in UTC
    "9999-12-31T23:59:59.999999-00:01",
    "2025-02-30T00:00:00Z",
    "NaN",
]


def test_the_lists_come_from_the_router_so_a_new_one_is_tested_too():
    assert len(LISTS) + len(FEEDS) >= 13
    assert f"{API}activities/" in LISTS


@pytest.mark.parametrize("value", EDGE_TIMES)
@pytest.mark.parametrize("path", [*LISTS, *FEEDS])
def test_updated_since_at_the_calendars_edge_answers_400_naming_it(
    api_client, db, path, value
):
    response = api_client.get(f"{path}?updated_since={value}")

    assert response.status_code == 400, response.content
    assert "ISO 8601" in response.json()["updated_since"][0]


@pytest.mark.parametrize("path", [*LISTS, *FEEDS])
def test_updated_since_with_a_far_offset_inside_the_calendar_is_served(
    api_client, db, path
):
    response = api_client.get(f"{path}?updated_since=2000-01-01T00:00:00%2B14:00")

    assert response.status_code == 200


def test_calendar_refuses_an_updated_since_it_cannot_convert(client, db):
    response = client.get(
        "/meetings/calendar.ics?updated_since=0001-01-01T00:00:00%2B14:00"
    )

    assert response.status_code == 400
    assert b"ISO 8601" in response.content


@pytest.mark.parametrize("path", [*LISTS, *FEEDS])
def test_an_unknown_ordering_answers_400_with_the_choices(api_client, db, path):
    response = api_client.get(f"{path}?ordering=nonsense")

    assert response.status_code == 400
    assert "Sort by one of" in response.json()["ordering"][0]


def test_a_known_ordering_is_served_and_descending_too(api_client, db):
    factories.OrganizationFactory(name="Beta")
    factories.OrganizationFactory(name="Alpha")

    response = api_client.get(f"{API}organizations/?ordering=-name")

    assert [row["name"] for row in response.json()["results"]] == ["Beta", "Alpha"]


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "NaN", "%00", "1e3", "201"])
@pytest.mark.parametrize("path", [f"{API}organizations/", f"{API}activities/"])
def test_a_page_size_outside_1_to_200_answers_400(api_client, db, path, value):
    response = api_client.get(f"{path}?page_size={value}")

    assert response.status_code == 400
    assert response.json() == {"page_size": ["Enter a whole number from 1 to 200."]}


@pytest.mark.parametrize("value", ["0", "-1", "abc", "NaN", "99999999999999999999999"])
def test_a_page_number_that_is_not_a_whole_number_answers_400(api_client, db, value):
    response = api_client.get(f"{API}organizations/?page={value}")

    assert response.status_code == 400
    assert "page" in response.json()


def test_a_page_past_the_end_is_404(api_client, db):
    assert api_client.get(f"{API}organizations/?page=7").status_code == 404


@pytest.mark.parametrize("path", [*LISTS, *FEEDS])
def test_an_unknown_format_answers_400_naming_the_formats(api_client, db, path):
    response = api_client.get(f"{path}?format=xml")

    assert response.status_code == 400
    assert "csv" in response.json()["format"][0]


@pytest.fixture
def mandated(db):
    mc = factories.ConventionFactory(code="MC")
    decision = factories.DecisionFactory(convention=mc, meeting_number=5, number=14)
    activity = factories.ActivityFactory(slug="mercury", decisions=[decision])
    factories.SynergyFactory(activity=activity)
    return decision


@pytest.mark.parametrize("path", ["decisions/", "synergies/", "activities/"])
def test_links_in_a_csv_export_do_not_carry_the_format(api_client, mandated, path):
    response = api_client.get(f"{API}{path}?format=csv")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows
    assert not [cell for row in rows for cell in row.values() if "format=" in cell]


def test_a_related_list_link_leads_to_the_list_whatever_the_format(
    api_client, mandated
):
    response = api_client.get(f"{API}decisions/mc-5-14/?format=json")

    link = response.json()["activities"]
    assert link.startswith("http://testserver/api/v1/activities/?decision=")
    assert "format" not in link
    followed = api_client.get(link)
    assert followed.status_code == 200
    assert [row["slug"] for row in followed.json()["results"]] == ["mercury"]


def test_the_next_link_keeps_the_format(api_client, db):
    factories.OrganizationFactory.create_batch(3)

    response = api_client.get(f"{API}organizations/?format=json&page_size=1")

    assert "format=json" in response.json()["next"]


def test_the_list_address_is_reversed_without_the_format():
    assert reverse("activity-list") == f"{API}activities/"


def test_the_api_roots_links_do_not_carry_the_format(api_client, db):
    response = api_client.get(f"{API}?format=json")

    assert response.json()["activities"] == "http://testserver/api/v1/activities/"
    assert not [link for link in response.json().values() if "format" in link]


def test_an_undocumented_format_suffix_is_a_json_404_not_the_browsable_page(client):
    response = client.get("/api/v1/activities/anything.api/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("parameter", ["updated_since=NaN", "ordering=nonsense"])
def test_the_search_refuses_a_parameter_of_the_record_lists_naming_it(
    api_client, db, parameter
):
    name = parameter.split("=")[0]

    response = api_client.get(f"{API}search/?q=mercury&{parameter}")

    assert response.status_code == 400
    assert "does not take" in response.json()[name][0]


def test_the_search_refuses_an_unknown_format_naming_the_formats(api_client, db):
    response = api_client.get(f"{API}search/?q=mercury&format=xml")

    assert response.status_code == 400
    assert "json" in response.json()["format"][0]
