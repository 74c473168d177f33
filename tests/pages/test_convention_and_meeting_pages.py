from django.urls import reverse

from tests import factories


def test_convention_list_counts_only_published_activities(client, world):
    response = client.get(reverse("decisions:conventions"))

    counts = {c.code: c.activity_count for c in response.context["object_list"]}
    assert counts == {"BC": 2, "MC": 1}


def test_convention_page_shows_its_decisions_activities_and_meetings(client, world):
    response = client.get(reverse("decisions:convention", kwargs={"code": "mc"}))

    assert response.status_code == 200
    assert world["activity"].title in response.text
    assert world["draft"].title not in response.text
    assert world["earlier"].get_absolute_url() in response.text
    assert world["upcoming"].title in response.text


def test_convention_code_in_capitals_redirects_to_lowercase(client, world):
    response = client.get("/conventions/MC/")

    assert response.status_code == 301
    assert response["Location"] == "/conventions/mc/"


def test_meetings_page_separates_upcoming_and_past(client, world):
    response = client.get(reverse("decisions:meetings"))

    assert list(response.context["upcoming_meetings"]) == [world["upcoming"]]
    assert list(response.context["object_list"]) == [world["past"]]
    events = [event.title for event in response.context["upcoming_events"]]
    assert events == ["Side event at COP-7"]


def test_meetings_page_links_the_feed_with_the_same_filters(client, world):
    response = client.get(reverse("decisions:meetings"), {"convention": "MC"})

    assert "/meetings/calendar.ics?convention=MC" in response.text
    assert list(response.context["upcoming_meetings"]) == [world["upcoming"]]
    assert list(response.context["object_list"]) == []


def test_meeting_page_shows_joint_events_but_not_drafts(client, world):
    response = client.get(world["upcoming"].get_absolute_url())

    assert "Side event at COP-7" in response.text
    assert "Draft-only event" not in response.text


def test_document_page_lists_the_published_activities_citing_it(client, world):
    response = client.get(world["document"].get_absolute_url())

    assert response.status_code == 200
    assert world["activity"].title in response.text


def test_a_parallel_document_symbol_redirects_to_the_first_symbol(client, db):
    parallel = factories.DocumentSymbolFactory(symbol="UNEP/POPS/COP.12/INF/9")

    response = client.get(f"/documents/{parallel.symbol}/")

    assert response.status_code == 301
    assert response["Location"] == parallel.document.get_absolute_url()
