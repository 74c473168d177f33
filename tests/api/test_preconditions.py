"""Conditional writes: every edited record carries an ETag; a write without If-Match
is a 428, one with a stale ETag a 412, and neither changes anything."""

import pytest

from activities.models import Activity, CostSaving, PublicationStatus, Synergy
from brsportal.preconditions import etag
from tests import factories

from .conftest import if_match, token_client

API = "/api/v1/"


@pytest.fixture
def mine(db):
    activity = factories.ActivityFactory(
        slug="mine",
        title="As stored",
        secretariats=[factories.SecretariatFactory(code="MC")],
    )
    synergy = factories.SynergyFactory(activity=activity)
    saving = factories.CostSavingFactory(activity=activity)
    agreement = factories.ServiceAgreementFactory(slug="services")
    return {
        f"activities/{activity.slug}/": activity,
        f"synergies/{synergy.pk}/": synergy,
        f"cost-savings/{saving.pk}/": saving,
        f"service-agreements/{agreement.slug}/": agreement,
    }


def test_every_edited_record_kind_answers_a_read_with_its_etag(mc_client, mine):
    for path, record in mine.items():
        response = mc_client.get(f"{API}{path}")

        assert response.status_code == 200, path
        assert response["ETag"] == etag(record), path


@pytest.mark.parametrize(
    "path",
    [
        "decisions/bc-1-1/",
        "meetings/cop/",
        "documents/UNEP/CHW.1/1/",
        "organizations/un/",
    ],
)
def test_reference_records_carry_an_etag_too(api_client, db, path):
    factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"), meeting_number=1, number=1
    )
    factories.MeetingFactory(slug="cop")
    factories.DocumentFactory(symbol="UNEP/CHW.1/1")
    factories.OrganizationFactory(slug="un")

    response = api_client.get(f"{API}{path}")

    assert response.status_code == 200
    assert response["ETag"].startswith('"')


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_without_if_match_answers_428_and_changes_nothing(
    mc_client, mine, method
):
    for path, record in mine.items():
        before = etag(type(record).objects.get(pk=record.pk))
        response = getattr(mc_client, method)(f"{API}{path}", {}, format="json")

        assert response.status_code == 428, (path, response.content)
        assert "If-Match" in response.json()["detail"]
        assert etag(type(record).objects.get(pk=record.pk)) == before


def test_a_publication_step_without_if_match_answers_428(db):
    publisher = factories.UserFactory(is_superuser=True, is_staff=True)
    activity = factories.ActivityFactory(
        slug="draft", publication_status=PublicationStatus.IN_REVIEW
    )
    client = token_client(publisher)

    refused = client.post(f"{API}activities/draft/publish/")
    accepted = client.post(f"{API}activities/draft/publish/", **if_match(activity))

    assert refused.status_code == 428
    assert accepted.status_code == 200
    assert accepted["ETag"] == etag(Activity.objects.get(slug="draft"))


def test_a_put_of_a_stale_copy_answers_412_and_keeps_the_other_change(mc_client, mine):
    url = f"{API}activities/mine/"
    read = mc_client.get(url)
    stale_copy = read.json()
    mc_client.patch(
        url,
        {"narrative": "Someone's work."},
        format="json",
        **if_match(mine["activities/mine/"]),
    )

    response = mc_client.put(url, stale_copy, format="json", HTTP_IF_MATCH=read["ETag"])

    assert response.status_code == 412
    assert Activity.objects.get(slug="mine").narrative == "Someone's work."


def test_if_match_star_overwrites_knowingly(mc_client, mine):
    response = mc_client.patch(
        f"{API}activities/mine/",
        {"title": "Mine now"},
        format="json",
        HTTP_IF_MATCH="*",
    )

    assert response.status_code == 200
    assert Activity.objects.get(slug="mine").title == "Mine now"


@pytest.mark.parametrize("model", [Synergy, CostSaving])
def test_rows_of_an_activity_carry_a_version_raised_by_each_save(mine, model):
    record = model.objects.get()
    version = record.version

    record.save()

    assert record.version == version + 1


def test_a_write_answers_with_the_next_etag(mc_client, mine):
    synergy = mine[next(path for path in mine if path.startswith("synergies"))]
    url = f"{API}synergies/{synergy.pk}/"

    response = mc_client.patch(
        url, {"description": "Shared rooms."}, format="json", **if_match(synergy)
    )

    assert response.status_code == 200
    assert response["ETag"] == etag(Synergy.objects.get(pk=synergy.pk))
    assert response["ETag"] != etag(synergy)
