import pytest
from django.urls import reverse

LIST_PAGES = [
    "activities:list",
    "activities:agreements",
    "decisions:list",
    "decisions:meetings",
]
HUGE = "x" * 10_000


@pytest.mark.parametrize("page", LIST_PAGES)
@pytest.mark.parametrize(
    "query",
    [
        {"convention": "ZZ"},
        {"thematic_area": "no-such-theme"},
        {"status": "nonsense"},
        {"ordering": "password"},
        {"q": HUGE},
        {"convention": HUGE},
        {"biennium": "2023-2025"},
        {"decision": "not a symbol"},
        {"year": "1066"},
        {"start_after": "2024-02-30"},
        {"meeting": HUGE},
        {"page": "-1"},
    ],
)
def test_bad_filter_values_give_a_normal_page_or_404(client, world, page, query):
    response = client.get(reverse(page), query)

    assert response.status_code in (200, 404)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"convention": "ZZ"}, "Select a valid choice"),
        ({"biennium": "2023-2025"}, "Enter a biennium such as 2024"),
        # Issue 14: the message names the input and lists the accepted forms.
        ({"decision": "BC 17"}, "“BC 17” is not a decision symbol. Accepted forms"),
        ({"q": HUGE}, "at most 200 characters"),
        ({"year": "1999"}, "greater than or equal to 2000"),
    ],
)
def test_activity_list_shows_the_filter_error_message(client, world, query, message):
    response = client.get(reverse("activities:list"), query)

    assert response.status_code == 200
    assert message in response.text
    assert "Some filters could not be applied" in response.text
    assert list(response.context["object_list"]) == []


def test_meetings_page_rejects_an_invalid_date_with_a_message(client, world):
    response = client.get(reverse("decisions:meetings"), {"start_after": "2024-13-45"})

    assert response.status_code == 200
    assert "Enter a valid date" in response.text


@pytest.mark.parametrize("page", ["abc", "9999", "0"])
def test_an_out_of_range_or_malformed_page_is_not_found(client, world, page):
    response = client.get(reverse("activities:list"), {"page": page})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "page", [*LIST_PAGES, "decisions:calendar_ics", "decisions:conventions"]
)
@pytest.mark.parametrize("query", ["convention=%00", "q=a%00b", "%00=1"])
def test_nul_bytes_in_the_query_never_give_a_500(client, world, page, query):
    response = client.get(f"{reverse(page)}?{query}")

    assert response.status_code in (200, 400)


def test_nul_bytes_are_answered_with_a_clear_400(client, world):
    response = client.get(f"{reverse('activities:list')}?convention=%00")

    assert response.status_code == 400
    assert "character that is not allowed" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/decisions/%00/",
        "/decisions/" + "9" * 5000 + "/",
        "/documents/NOT A SYMBOL/",
        "/documents/" + "A/" * 2000 + "/",
        "/conventions/zzzzzzzz/",
        "/meetings/no-such-meeting/",
        "/activities/no-such-activity/",
        "/activities/agreements/no-such-agreement/",
    ],
)
def test_unknown_records_are_not_found(client, world, url):
    assert client.get(url).status_code == 404
