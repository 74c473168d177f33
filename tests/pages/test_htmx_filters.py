"""The list filters answer an htmx request with the list alone; pages work without."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "activities:list",
    "activities:agreements",
    "activities:synergies",
    "activities:cost_savings",
    "decisions:list",
    "decisions:documents",
    "decisions:meetings",
    "partners:list",
    "events:list",
]


@pytest.mark.parametrize("name", LISTS)
def test_htmx_filter_request_gets_the_listing_without_the_page(client, world, name):
    response = client.get(reverse(name), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="listing"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", LISTS)
def test_plain_request_gets_the_whole_page_with_a_working_form(client, world, name):
    html = client.get(reverse(name)).content.decode()
    assert "<html" in html
    assert '<div id="listing"' in html
    assert f'<form method="get" action="{reverse(name)}"' in html
    assert 'hx-push-url="true"' in html


def test_htmx_filter_answer_carries_the_field_errors(client, world):
    response = client.get(
        reverse("activities:list"),
        {"biennium": "someday"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be applied" in html
    assert "No results: some filters are invalid" in html


def test_htmx_filter_answer_is_never_served_from_the_public_cache(client, world):
    url = reverse("activities:list") + "?convention=BC"
    client.get(url, headers={"HX-Request": "true"})
    assert "<html" in client.get(url).content.decode()
