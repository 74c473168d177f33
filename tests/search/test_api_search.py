"""The API's search endpoint: the portal search's syntax and ranking, paginated,
with a 400 naming the parameter for input it cannot use."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/"


def test_api_search_ranks_a_title_match_first_with_highlighted_snippets(
    client, records
):
    body = client.get(URL, {"q": "dental amalgam"}).json()
    titles = [hit["title"] for hit in body["results"]]
    assert titles.index("Dental amalgam phase-down") < titles.index(
        "Regional workshops"
    )
    assert body["count"] == len(body["results"])
    assert any("<mark>" in hit["snippet"] for hit in body["results"])
    kinds = {f["name"]: f["options"] for f in body["facets"]}["kind"]
    assert {"value": "activity", "label": "Activities", "count": 2} in kinds


def test_api_search_finds_a_decision_first_by_its_symbol(client, records):
    body = client.get(URL, {"q": "BC-17/22"}).json()
    assert body["results"][0]["kind"] == "decision"
    assert body["results"][0]["title"].startswith("BC-17/22 ")
    assert body["results"][0]["url"].endswith(records["decision"].get_absolute_url())


def test_api_search_follows_websearch_syntax_and_facets(client, records):
    minus = client.get(URL, {"q": "amalgam -workshops", "kind": "activity"}).json()
    assert [hit["title"] for hit in minus["results"]] == ["Dental amalgam phase-down"]
    either = client.get(URL, {"q": "thresholds OR separators"}).json()
    assert {hit["kind"] for hit in either["results"]} == {"meeting", "activity"}


def test_api_search_is_paginated_with_next_and_previous_links(client):
    factories.ActivityFactory.create_batch(23, narrative="Sorbent traps for flues.")
    first = client.get(URL, {"q": "sorbent"}).json()
    assert first["count"] == 23
    assert len(first["results"]) == 20
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 3
    assert second["next"] is None
    assert "page" not in second["previous"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "the"}, "q"),
        ({"q": "((("}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "mercury", "kind": "planet"}, "kind"),
        ({"q": "mercury", "convention": "XX"}, "convention"),
        ({"q": "mercury", "biennium": "soon"}, "biennium"),
        ({"q": "mercury", "thematic_area": "nowhere"}, "thematic_area"),
        ({"q": "mercury", "page": "0"}, "page"),
        ({"q": "mercury", "page": "two"}, "page"),
    ],
)
def test_api_search_answers_400_naming_the_parameter_it_cannot_use(
    client, params, field
):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "text", ['"unclosed phrase', "a OR OR b", "(mercury)", "-mercury"]
)
def test_api_search_reads_odd_but_usable_syntax(client, records, text):
    assert client.get(URL, {"q": text}).status_code == 200


def test_api_search_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "kind", "convention", "biennium", "thematic_area", "page"} <= names
