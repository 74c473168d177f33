"""Meetings as they are held: extraordinary sessions, subsidiary bodies, and joint or
simultaneous meetings of several conferences as one meeting with its conventions."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from decisions.models import MEETING_NUMBER_MESSAGE, Decision, Meeting
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def conventions() -> dict:
    return {code: factories.ConventionFactory(code=code) for code in ("BC", "RC", "SC")}


@pytest.fixture
def staff_api(staff_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff_user)
    return client


def test_simultaneous_extraordinary_meetings_are_one_meeting_of_three_conventions(
    staff_api, client, conventions
):
    created = staff_api.post(
        "/api/v1/meetings/",
        {
            "slug": "excops-1",
            "kind": "cop",
            "convention": "BC",
            "conventions": ["BC", "RC", "SC"],
            "number": 1,
            "extraordinary": True,
            "title": "Simultaneous extraordinary meetings of the conferences",
            "start_date": "2010-02-22",
            "end_date": "2010-02-24",
            "status": "held",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["session"] == "Ex-1"
    meeting = Meeting.objects.get()

    for code in ("BC", "RC", "SC"):
        decision = staff_api.post(
            "/api/v1/decisions/",
            {
                "symbol": f"{code}.Ex-1/1",
                "title": "Omnibus decision",
                "meeting": "http://testserver/api/v1/meetings/excops-1/",
            },
            format="json",
        )
        assert decision.status_code == 201, decision.json()
        listed = client.get(reverse("decisions:meetings"), {"convention": code})
        assert meeting in listed.context["object_list"]
    assert sorted(d.symbol for d in meeting.decisions.all()) == [
        "BC.Ex-1/1",
        "RC.Ex-1/1",
        "SC.Ex-1/1",
    ]
    page = client.get(meeting.get_absolute_url())
    assert "session Ex-1" in page.text
    assert "Held jointly for:" in page.text


def test_a_decision_of_a_meeting_of_other_conventions_is_refused(
    staff_api, conventions
):
    meeting = factories.MeetingFactory(convention=conventions["RC"], slug="rc-cop-4")
    response = staff_api.post(
        "/api/v1/decisions/",
        {
            "symbol": "IX/10",
            "convention": "BC",
            "title": "Synergies",
            "meeting": f"http://testserver/api/v1/meetings/{meeting.slug}/",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["meeting"] == ["The meeting belongs to another convention."]
    assert not Decision.objects.exists()


@pytest.mark.parametrize("number", [1029, 1000])
def test_a_session_number_over_999_is_refused_with_the_reason(
    staff_api, conventions, number
):
    response = staff_api.post(
        "/api/v1/meetings/",
        {
            "slug": "typo",
            "kind": "cop",
            "convention": "BC",
            "number": number,
            "title": "Typo",
            "start_date": "2025-05-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert str(MEETING_NUMBER_MESSAGE) in str(response.json())
    assert not Meeting.objects.exists()


def test_anonymous_and_view_only_clients_cannot_write_decisions(
    api_client, conventions
):
    response = api_client.post(
        "/api/v1/decisions/", {"symbol": "BC-17/22", "title": "x"}, format="json"
    )
    assert response.status_code in (401, 403)
    assert not Decision.objects.exists()
