"""Writing through the API: tokens, permissions, secretariat scope, the model's own
validation and atomic nested writes."""

import base64
from decimal import Decimal

import pytest

from activities.models import Activity, Event, PublicationStatus, ServiceAgreement
from tests import factories

from .conftest import if_match, make_editor, token_client

API = "http://testserver/api/v1/"


@pytest.fixture
def refs(db):
    """What a new activity links to."""
    factories.ConventionFactory(code="MC")
    factories.SecretariatFactory(code="MC")
    factories.SecretariatFactory(code="BRS")
    factories.ThematicAreaFactory(slug="mercury")
    factories.DocumentFactory(symbol="UNEP/MC/COP.5/4")
    factories.DecisionFactory(
        convention=factories.ConventionFactory(code="MC"), meeting_number=5, number=10
    )


def new_activity(**changes) -> dict:
    data = {
        "slug": "mercury-waste-webinars",
        "title": "Webinars on mercury waste",
        "thematic_area": f"{API}thematic-areas/mercury/",
        "biennium": 2024,
        "conventions": [f"{API}conventions/MC/"],
        "secretariats": [f"{API}secretariats/MC/"],
        "decisions": [f"{API}decisions/mc-5-10/"],
        "events": [
            {"kind": "webinar", "title": "Part 1", "start_date": "2024-04-10"},
            {
                "kind": "webinar",
                "title": "Part 2",
                "start_date": "2024-05-10",
                "end_date": "2024-05-11",
            },
        ],
        "references": [
            {"marker": "1", "document": f"{API}documents/UNEP/MC/COP.5/4/"},
            {"marker": "2", "web_address": "https://minamataconvention.org/"},
        ],
    }
    data.update(changes)
    return data


def test_staff_create_an_activity_with_events_and_references_in_one_request(
    mc_client, refs
):
    response = mc_client.post("/api/v1/activities/", new_activity(), format="json")
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get(slug="mercury-waste-webinars")
    assert [e.title for e in activity.events.all()] == ["Part 1", "Part 2"]
    assert activity.references.get(marker="1").document.symbol == "UNEP/MC/COP.5/4"
    assert activity.decisions.get().symbol == "MC-5/10"
    assert response.json()["url"] == f"{API}activities/mercury-waste-webinars/"


def test_a_bad_event_leaves_no_activity_behind(mc_client, refs):
    events = [
        {"kind": "webinar", "title": "Fine", "start_date": "2024-04-10"},
        {
            "kind": "webinar",
            "title": "Ends first",
            "start_date": "2024-05-10",
            "end_date": "2024-05-01",
        },
    ]
    response = mc_client.post(
        "/api/v1/activities/", new_activity(events=events), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "events": {"1": {"end_date": ["The end date cannot be before the start date."]}}
    }
    assert not Activity.objects.exists()
    assert not Event.objects.exists()


def test_duplicate_reference_markers_answer_400(mc_client, refs):
    references = [{"marker": "1", "text": "One"}, {"marker": "1", "text": "Two"}]
    response = mc_client.post(
        "/api/v1/activities/", new_activity(references=references), format="json"
    )
    assert response.status_code == 400
    assert "references" in response.json()
    assert not Activity.objects.exists()


def test_an_empty_reference_answers_400_with_the_models_message(mc_client, refs):
    response = mc_client.post(
        "/api/v1/activities/",
        new_activity(references=[{"marker": "1"}]),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["references"]["0"]["non_field_errors"] == [
        "Give the footnote a text, a web address or a document."
    ]


@pytest.mark.parametrize("biennium", [2025, "2025", "2025-2026", 1990, "soon", True])
def test_an_odd_or_malformed_biennium_answers_400(mc_client, refs, biennium):
    response = mc_client.post(
        "/api/v1/activities/", new_activity(biennium=biennium), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["biennium"]


def test_a_biennium_label_is_accepted(mc_client, refs):
    response = mc_client.post(
        "/api/v1/activities/", new_activity(biennium="2026–2027"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["biennium"] == 2026


def test_unknown_linked_records_answer_400(mc_client, refs):
    response = mc_client.post(
        "/api/v1/activities/",
        new_activity(
            thematic_area=f"{API}thematic-areas/nothing/",
            decisions=[f"{API}decisions/mc-99-1/"],
        ),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"thematic_area", "decisions"}


def test_a_taken_slug_answers_400_not_500(mc_client, refs):
    factories.ActivityFactory(slug="mercury-waste-webinars")
    response = mc_client.post("/api/v1/activities/", new_activity(), format="json")
    assert response.status_code == 400
    assert "slug" in response.json()


def test_anonymous_writes_answer_401(api_client, refs):
    response = api_client.post("/api/v1/activities/", new_activity(), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_http_basic_auth_is_not_accepted(api_client, refs):
    editor = make_editor("MC", "basic-user")
    credentials = base64.b64encode(b"basic-user:correct horse battery staple")
    api_client.credentials(HTTP_AUTHORIZATION=f"Basic {credentials.decode()}")
    response = api_client.post("/api/v1/activities/", new_activity(), format="json")
    assert editor.check_password("correct horse battery staple")
    assert response.status_code == 401


def test_a_wrong_token_answers_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get("/api/v1/activities/").status_code == 401


def test_staff_without_the_model_permission_get_403(refs):
    user = factories.UserFactory(username="reader", is_staff=True)
    factories.SecretariatFactory(code="MC").members.add(user)
    client = token_client(user)
    response = client.post("/api/v1/activities/", new_activity(), format="json")
    assert response.status_code == 403


def test_staff_may_not_create_records_for_the_other_secretariat_only(brs_client, refs):
    response = brs_client.post("/api/v1/activities/", new_activity(), format="json")
    assert response.status_code == 400
    assert "secretariats" in response.json()
    assert not Activity.objects.exists()


def test_staff_may_not_change_the_other_secretariats_records(brs_client, db):
    mc_only = factories.ActivityFactory(slug="mc-only")
    factories.ActivityFactory(
        slug="mc-draft", publication_status=PublicationStatus.DRAFT
    )
    published = brs_client.patch(
        "/api/v1/activities/mc-only/",
        {"title": "Hijacked"},
        format="json",
        **if_match(mc_only),
    )
    assert published.status_code == 403
    draft = brs_client.patch(
        "/api/v1/activities/mc-draft/", {"title": "Hijacked"}, format="json"
    )
    assert draft.status_code == 404
    deleted = brs_client.delete("/api/v1/activities/mc-only/", **if_match(mc_only))
    assert deleted.status_code == 403
    mc_only.refresh_from_db()
    assert mc_only.title != "Hijacked"


def test_staff_may_change_joint_records(brs_client, db):
    joint = factories.ActivityFactory(
        slug="joint",
        secretariats=[
            factories.SecretariatFactory(code="MC"),
            factories.SecretariatFactory(code="BRS"),
        ],
    )
    response = brs_client.patch(
        "/api/v1/activities/joint/",
        {"title": "Shared work"},
        format="json",
        **if_match(joint),
    )
    assert response.status_code == 200, response.json()
    joint.refresh_from_db()
    assert joint.title == "Shared work"


def test_sending_a_nested_list_replaces_it(mc_client, db):
    activity = factories.ActivityFactory(slug="mine")
    factories.EventFactory.create_batch(3, activity=activity)
    response = mc_client.patch(
        "/api/v1/activities/mine/",
        {"events": [{"kind": "training", "title": "Only", "start_date": "2025-01-01"}]},
        format="json",
        **if_match(activity),
    )
    assert response.status_code == 200, response.json()
    assert [e.title for e in activity.events.all()] == ["Only"]


def agreement_data(**changes) -> dict:
    data = {
        "slug": "cop-5-services",
        "title": "Services for MC COP-5",
        "provider": f"{API}secretariats/BRS/",
        "recipient": f"{API}secretariats/MC/",
        "meetings": [f"{API}meetings/mc-cop-5/"],
        "biennium": 2024,
        "invoiced_amount": "1000.00",
        "recovered_amount": "400.00",
        "lines": [{"service": "it"}, {"service": "documents"}],
    }
    data.update(changes)
    return data


@pytest.fixture
def cop(db):
    return factories.MeetingFactory(slug="mc-cop-5")


def test_staff_create_a_service_agreement_with_lines(mc_client, cop):
    factories.SecretariatFactory(code="BRS")
    response = mc_client.post(
        "/api/v1/service-agreements/", agreement_data(), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["outstanding"] == "600.00"
    agreement = ServiceAgreement.objects.get()
    assert agreement.lines.count() == 2
    assert agreement.recovered_amount == Decimal("400.00")


def test_recovered_above_invoiced_answers_400_on_the_field(mc_client, cop):
    factories.SecretariatFactory(code="BRS")
    response = mc_client.post(
        "/api/v1/service-agreements/",
        agreement_data(recovered_amount="2000.00"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "recovered_amount": ["The recovered amount cannot exceed the invoiced amount."]
    }
    assert not ServiceAgreement.objects.exists()


def test_a_secretariat_serving_itself_answers_400(mc_client, cop):
    response = mc_client.post(
        "/api/v1/service-agreements/",
        agreement_data(provider=f"{API}secretariats/MC/"),
        format="json",
    )
    assert response.status_code == 400
    assert "recipient" in response.json()


def test_a_patch_is_validated_against_the_stored_values(mc_client, db):
    agreement = factories.ServiceAgreementFactory(slug="signed")
    response = mc_client.patch(
        "/api/v1/service-agreements/signed/",
        {"recovered_amount": "10000.01"},
        format="json",
        **if_match(agreement),
    )
    assert response.status_code == 400
    assert "recovered_amount" in response.json()


def test_agreements_between_other_secretariats_are_out_of_reach(brs_editor, db):
    factories.SecretariatFactory(code="BRS")
    agreement = factories.ServiceAgreementFactory(slug="unrelated")
    outsider = make_editor("XX", "outsider")
    client = token_client(outsider)
    response = client.patch(
        "/api/v1/service-agreements/unrelated/",
        {"title": "No"},
        format="json",
        **if_match(agreement),
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title != "No"


def test_synergies_can_only_be_added_to_ones_own_activities(brs_client, db):
    factories.ActivityFactory(slug="mc-only")
    response = brs_client.post(
        "/api/v1/synergies/",
        {"activity": f"{API}activities/mc-only/", "description": "Shared rooms."},
        format="json",
    )
    assert response.status_code == 400
    assert "activity" in response.json()


def test_a_cost_saving_in_an_impossible_quarter_answers_400(mc_client, db):
    factories.ActivityFactory(slug="mine")
    response = mc_client.post(
        "/api/v1/cost-savings/",
        {
            "activity": f"{API}activities/mine/",
            "year": 1999,
            "quarter": 5,
            "amount": "-3",
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"quarter", "amount"} <= set(response.json())


def test_reference_data_is_read_only_even_for_superusers(db):
    client = token_client(factories.UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        "/api/v1/conventions/", {"code": "XX", "name": "X"}, format="json"
    )
    assert response.status_code == 405
