from django.urls import reverse

from tests import factories


def test_decision_detail_traces_recalls_paragraphs_and_implementing_activities(
    client, world
):
    response = client.get(world["decision"].get_absolute_url())
    html = response.text

    assert response.status_code == 200
    assert world["earlier"].get_absolute_url() in html
    assert world["past"].get_absolute_url() in html
    assert 'id="paragraph-9"' in html
    assert world["activity"].title in html
    assert world["draft"].title not in html


def test_decision_detail_lists_the_decisions_that_recall_it(client, world):
    response = client.get(world["earlier"].get_absolute_url())

    assert "Recalled by" in response.text
    assert world["decision"].get_absolute_url() in response.text


def test_a_typed_decision_symbol_redirects_to_the_canonical_address(client, world):
    response = client.get("/decisions/BC-17/22/")

    assert response.status_code == 301
    assert response["Location"] == "/decisions/bc-17-22/"


def test_an_invalid_decision_symbol_is_not_found(client, world):
    assert client.get("/decisions/xx-1-1/").status_code == 404
    assert client.get("/decisions/bc-99-99/").status_code == 404


def test_decision_list_filters_by_convention(client, world):
    response = client.get(reverse("decisions:list"), {"convention": "MC"})

    assert list(response.context["object_list"]) == [world["earlier"]]


def test_decision_list_counts_only_published_implementing_activities(client, world):
    response = client.get(reverse("decisions:list"), {"convention": "BC"})

    assert response.context["object_list"][0].activity_count == 1


def test_decision_list_offers_the_decision_whose_symbol_was_typed(client, world):
    response = client.get(reverse("decisions:list"), {"q": "bc-17/22"})

    assert response.context["symbol_match"] == world["decision"]
    assert "Go to decision BC-17/22" in response.text


def test_decision_with_many_activities_lists_the_newest_and_links_to_all(client, db):
    from decisions.views import IMPLEMENTING_SHOWN

    decision = factories.DecisionFactory()
    for number in range(IMPLEMENTING_SHOWN + 3):
        factories.ActivityFactory(title=f"Activity {number:02}", decisions=[decision])

    page = client.get(decision.get_absolute_url()).content.decode()
    listed = client.get("/activities/", {"decision": decision.symbol})

    shown = [n for n in range(IMPLEMENTING_SHOWN + 3) if f"Activity {n:02}" in page]
    assert len(shown) == IMPLEMENTING_SHOWN
    assert f"See all {IMPLEMENTING_SHOWN + 3} activities" in page
    assert f"{IMPLEMENTING_SHOWN + 3} activities found" in listed.content.decode()


def test_activity_list_decision_filter_includes_paragraph_mandates(client, db):
    paragraph = factories.DecisionParagraphFactory()
    activity = factories.ActivityFactory(title="Mandated by a paragraph")
    activity.decision_paragraphs.add(paragraph)

    listed = client.get("/activities/", {"decision": paragraph.decision.symbol})

    assert "Mandated by a paragraph" in listed.content.decode()
