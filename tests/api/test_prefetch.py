"""The API reads prefetched rows as plain lists (brsportal.prefetch) and builds each
serializer's fields once per class; neither may change what a client receives."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from activities.models import Activity
from activities.serializers import ActivitySerializer, PartnershipSerializer
from brsportal.prefetch import prefetched, rows
from tests import factories

from .conftest import if_match

API = "/api/v1/"


@pytest.fixture
def activities(db):
    """Two activities with a row in every relation the API shows, in mixed orders."""
    basel = factories.ConventionFactory(code="BC")
    minamata = factories.ConventionFactory(code="MC")
    decision = factories.DecisionFactory(convention=basel)
    paragraph = factories.DecisionParagraphFactory(decision=decision)
    made = []
    for slug in ("first", "second"):
        activity = factories.ActivityFactory(
            slug=slug, conventions=[minamata, basel], decisions=[decision]
        )
        activity.decision_paragraphs.add(paragraph)
        for marker in ("2", "1"):
            factories.ReferenceFactory(activity=activity, marker=marker)
        factories.PartnershipFactory.create_batch(2, activity=activity)
        factories.EventFactory.create_batch(2, activity=activity)
        factories.SynergyFactory.create_batch(2, activity=activity)
        factories.CostSavingFactory(activity=activity)
        made.append(activity)
    return made


def represent(queryset) -> list[dict]:
    request = APIRequestFactory().get(API)
    rows = queryset.order_by("slug")
    return ActivitySerializer(rows, many=True, context={"request": request}).data


def test_lists_and_related_managers_give_the_same_representation(activities):
    as_lists = Activity.objects.with_details(prefetch=rows).with_results(prefetch=rows)
    managers = Activity.objects.with_details().with_results()

    assert represent(as_lists) == represent(managers)
    assert represent(as_lists) == represent(Activity.objects.all())


def test_list_prefetch_leaves_plain_lists_on_each_activity(activities):
    activity = Activity.objects.with_details(prefetch=rows).get(slug="first")

    assert [e.pk for e in prefetched(activity, "events")] == sorted(
        e.pk for e in activity.events.all()
    )
    assert prefetched(activity, "synergies") is None  # not asked for


def test_a_write_answers_with_the_rows_as_stored_not_as_prefetched(
    mc_client, activities
):
    # The API loads the activity with its row lists, then the write replaces them.
    factories.SecretariatFactory(code="MC")
    response = mc_client.patch(
        f"{API}activities/first/",
        {
            "conventions": ["http://testserver/api/v1/conventions/MC/"],
            "secretariats": ["http://testserver/api/v1/secretariats/MC/"],
            "events": [
                {"kind": "training", "title": "Only", "start_date": "2025-01-01"}
            ],
        },
        format="json",
        **if_match(Activity.objects.get(slug="first")),
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    assert [event["title"] for event in data["events"]] == ["Only"]
    assert data["conventions"] == ["http://testserver/api/v1/conventions/MC/"]
    assert len(data["partners"]) == 2  # not sent, so kept


def test_fields_built_once_equal_drfs_own_build_and_are_not_shared(db):
    class Fresh(PartnershipSerializer):
        """The same declaration, built by DRF's ModelSerializer itself."""

        def get_fields(self):
            return serializers.HyperlinkedModelSerializer.get_fields(self)

    first, second = PartnershipSerializer(), PartnershipSerializer()

    assert repr(first.fields) == repr(Fresh().fields)
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert first.fields["role"].parent is first
    assert second.fields["role"].parent is second
