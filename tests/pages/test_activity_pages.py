from django.urls import reverse

from tests import factories


def test_activity_list_shows_only_published_activities(client, world):
    response = client.get(reverse("activities:list"))

    assert response.status_code == 200
    assert world["activity"].title in response.text
    assert world["plain"].title in response.text
    assert world["draft"].title not in response.text
    assert response.context["paginator"].count == 2


def test_activity_list_filters_by_convention_and_thematic_area(client, world):
    response = client.get(
        reverse("activities:list"),
        {"convention": "MC", "thematic_area": "mercury-wastes"},
    )

    assert list(response.context["object_list"]) == [world["activity"]]


def test_activity_list_search_finds_a_word_of_the_narrative(client, world):
    response = client.get(reverse("activities:list"), {"q": "amalgam"})

    assert list(response.context["object_list"]) == [world["activity"]]
    assert world["draft"].title not in response.text


def test_activity_list_filters_by_mandating_decision_symbol(client, world):
    response = client.get(reverse("activities:list"), {"decision": "BC-17/22"})

    assert list(response.context["object_list"]) == [world["activity"]]


def test_activity_list_sorts_by_title(client, world):
    response = client.get(reverse("activities:list"), {"ordering": "-title"})

    titles = [activity.title for activity in response.context["object_list"]]
    assert titles == sorted(titles, reverse=True)


def test_activity_list_pagination_links_keep_the_filters(client, db):
    area = factories.ThematicAreaFactory(slug="outreach")
    factories.ActivityFactory.create_batch(25, thematic_area=area)

    response = client.get(reverse("activities:list"), {"thematic_area": "outreach"})

    assert response.context["paginator"].num_pages == 2
    assert "?thematic_area=outreach&amp;page=2" in response.text


def test_activity_list_says_what_to_change_when_nothing_matches(client, world):
    response = client.get(reverse("activities:list"), {"q": "zeppelin"})

    assert response.status_code == 200
    assert "0 activities found" in response.text
    assert "Remove a filter" in response.text


def test_activity_list_form_labels_every_control(client, world):
    response = client.get(reverse("activities:list"))

    form = response.context["filter"].form
    for field in form:
        if field.widget_type == "checkboxselectmultiple":
            assert f"<legend>{field.label}</legend>" in response.text
        else:
            assert f'for="{field.id_for_label}"' in response.text


def test_activity_detail_shows_the_public_record(client, world):
    response = client.get(world["activity"].get_absolute_url())
    html = response.text

    assert response.status_code == 200
    assert 'href="#fn-4"' in html
    assert 'id="fn-4"' in html
    assert 'id="fn-ref-4"' in html
    assert 'href="#fn-ref-4"' in html
    assert "www.brsmeas.org/tabid/9990" in html
    assert 'href="/documents/UNEP/MC/ICC/7/INF/3/"' in html
    assert "Government of Switzerland" in html
    assert "(Donor)" in html
    assert "April 2024" in html
    assert world["upcoming"].get_absolute_url() in html
    assert world["decision"].get_absolute_url() in html
    assert f"{world['decision'].get_absolute_url()}#paragraph-9" in html
    assert "Fewer trips." in html
    assert "1,500 USD" in html
    assert "Last updated" in html
    assert f"http://testserver{world['activity'].get_absolute_url()}" in html


def test_activity_detail_of_a_draft_is_not_found(client, world):
    response = client.get(world["draft"].get_absolute_url())

    assert response.status_code == 404


def test_agreement_pages_show_only_published_agreements(client, db):
    published = factories.ServiceAgreementFactory(title="Services for COP-7")
    draft = factories.ServiceAgreementFactory(
        title="Draft agreement", publication_status="draft"
    )

    listing = client.get(reverse("activities:agreements"))

    assert published.title in listing.text
    assert draft.title not in listing.text
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_activity_list_excerpt_is_plain_text_escaped_once(client, db):
    factories.ActivityFactory(
        narrative="R&D on **mercury** [^1] in <labs> & clinics\n\nSecond part."
    )

    page = client.get(reverse("activities:list")).content.decode()

    assert "R&amp;D on mercury in &lt;labs&gt; &amp; clinics Second part." in page
    assert "&amp;amp;" not in page
    assert "[^1]" not in page


def test_activity_list_sorts_by_thematic_area_in_report_order(client, db):
    later = factories.ThematicAreaFactory(slug="later", position=2)
    sooner = factories.ThematicAreaFactory(slug="sooner", position=1)
    factories.ActivityFactory(title="B", thematic_area=later)
    factories.ActivityFactory(title="A", thematic_area=sooner)

    def titles() -> list[str]:
        response = client.get(reverse("activities:list"), {"ordering": "thematic_area"})
        return [activity.title for activity in response.context["object_list"]]

    assert titles() == ["A", "B"]
    # Moving a theme in the report order moves its activities with it.
    later.position = 0
    later.save()
    assert titles() == ["B", "A"]
