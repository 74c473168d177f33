"""The activity form: footnote markers checked against references, secretariats from
the conventions, positions that place themselves, reasons for published edits, the
live preview and the partner search by any part of the name."""

import json

import pytest
from django.urls import reverse

from activities.models import Activity, PublicationStatus, Reference
from tests import factories
from tests.activities.test_admin import activity_form, add_rows  # noqa: F401
from tests.decisions.admin_pages import admin_url, error_messages, form_data

pytestmark = pytest.mark.django_db


def test_footnote_marker_without_reference_is_refused_naming_it(
    admin_client,
    activity_form,  # noqa: F811
):
    data, prefixes = activity_form
    data["narrative"] = "Trainings on gender.[^1] Webinars too.[^2]"
    add_rows(data, prefixes[Reference], {"marker": "1", "text": "A", "position": "0"})

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert response.status_code == 200
    assert "The narrative cites [^2] but no reference below has the marker “2”" in (
        response.content.decode()
    )
    assert not Activity.objects.exists()
    assert not Reference.objects.exists()


def test_conventions_imply_their_secretariats_when_none_is_chosen(
    admin_client,
    activity_form,  # noqa: F811
):
    data, prefixes = activity_form
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    factories.ConventionFactory(code="BC", secretariat=brs)
    minamata = factories.ConventionFactory(code="MC", secretariat=mc)
    data["conventions"] = [*data["conventions"], str(minamata.pk)]
    data["secretariats"] = []
    add_rows(data, prefixes[Reference], {"marker": "1", "text": "A", "position": "0"})

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert response.status_code == 302, error_messages(response)
    codes = set(Activity.objects.get().secretariats.values_list("code", flat=True))
    assert codes == {"BRS", "MC"}


def test_blank_position_places_the_activity_after_its_area_s_others(
    admin_client,
    activity_form,  # noqa: F811
):
    data, prefixes = activity_form
    area_id = int(data["thematic_area"])
    factories.ActivityFactory(thematic_area_id=area_id, biennium=2024, position=4)
    data["position"] = ""
    add_rows(data, prefixes[Reference], {"marker": "1", "text": "A", "position": "0"})

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert response.status_code == 302, error_messages(response)
    assert Activity.objects.get(slug="gender-action-plan").position == 5


def test_editing_a_published_activity_asks_why_and_keeps_the_reason(admin_client):
    activity = factories.ActivityFactory(
        narrative="No footnotes.", publication_status=PublicationStatus.PUBLISHED
    )
    activity.secretariats.set([factories.SecretariatFactory(code="BRS")])
    url = admin_url(Activity, "change", activity.pk)
    data = form_data(admin_client.get(url))
    data["title"] = "A corrected title"

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "This activity is published: say in a few words why" in (
        refused.content.decode()
    )
    activity.refresh_from_db()
    assert activity.title != "A corrected title"

    data["change_reason"] = "Typo in the title"
    assert admin_client.post(url, data).status_code == 302
    assert activity.history.latest().history_change_reason == "Typo in the title"


def test_history_of_a_draft_edit_names_the_changed_fields(admin_client):
    activity = factories.ActivityFactory(
        narrative="No footnotes.", publication_status=PublicationStatus.DRAFT
    )
    activity.secretariats.set([factories.SecretariatFactory(code="BRS")])
    url = admin_url(Activity, "change", activity.pk)
    data = form_data(admin_client.get(url))
    data["title"] = "A better title"

    assert admin_client.post(url, data).status_code == 302

    reason = activity.history.latest().history_change_reason
    assert reason.startswith("Changed: ")
    assert "title" in reason.lower()


def test_preview_renders_the_narrative_with_footnotes_and_warns(admin_client):
    response = admin_client.post(
        reverse("admin:activities_activity_preview"),
        {
            "narrative": "**Bold** work.[^1] More.[^7]",
            "references-TOTAL_FORMS": "1",
            "references-0-marker": "1",
            "references-0-text": "The workshop report.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in html
    assert "The workshop report." in html
    assert "[^7]" in html
    assert "No reference has the marker" in html


def test_preview_is_for_staff_only(client):
    response = client.post(reverse("admin:activities_activity_preview"), {})
    assert response.status_code == 302  # to the login page


def test_partner_search_finds_an_organisation_by_a_word_of_its_name(admin_client):
    factories.OrganizationFactory(name="Geneva Environment Network", acronym="GEN")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "geneva",
            "app_label": "activities",
            "model_name": "partnership",
            "field_name": "organization",
        },
    )
    results = json.loads(response.content)["results"]
    assert [r["text"] for r in results] == ["Geneva Environment Network (GEN)"]
