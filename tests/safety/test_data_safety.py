"""Nothing lost, nobody gets in: optimistic locking, protected deletes, history of bulk
changes, login brute-force protection and the security headers."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from activities.models import Activity, PublicationStatus
from brsportal.admin import STALE_MESSAGE
from decisions.models import Decision
from tests import factories
from tests.safety.test_roles import change_form_data


@pytest.fixture
def activity(db):
    return factories.ActivityFactory(title="Original title")


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def test_the_second_of_two_concurrent_admin_saves_is_refused(
    admin_client, activity, staff_user
):
    url = change_url(activity)
    first = change_form_data(admin_client, url)
    second = dict(first)
    first["title"] = "Saved first"
    first["change_reason"] = second["change_reason"] = "Retitled"  # published
    assert admin_client.post(url, first).status_code == 302

    second["title"] = "Saved second, from a stale copy"
    response = admin_client.post(url, second)

    assert response.status_code == 200
    assert str(STALE_MESSAGE) in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Saved first"


@pytest.fixture
def token_client(staff_user) -> APIClient:
    client = APIClient()
    token = Token.objects.create(user=staff_user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_api_refuses_a_write_with_a_stale_etag_with_412(token_client, activity):
    url = f"/api/v1/activities/{activity.slug}/"
    etag = token_client.get(url)["ETag"]
    first = token_client.patch(
        url, {"title": "First"}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200

    response = token_client.patch(
        url, {"title": "Second"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 412
    assert "changed since you read it" in response.json()["detail"]
    activity.refresh_from_db()
    assert activity.title == "First"


def test_api_accepts_a_write_with_the_current_etag_and_returns_the_next(
    token_client, activity
):
    url = f"/api/v1/activities/{activity.slug}/"
    etag = token_client.get(url)["ETag"]

    response = token_client.patch(
        url, {"title": "Fresh"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert token_client.get(url)["ETag"] == response["ETag"]


def test_deleting_a_decision_that_activities_use_is_refused_naming_them(
    admin_client, db
):
    decision = factories.DecisionFactory()
    factories.ActivityFactory(title="Webinars on mercury", decisions=[decision])
    opts = Decision._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_delete", args=[decision.pk]
    )

    page = admin_client.get(url)
    admin_client.post(url, {"post": "yes"})

    assert "Webinars on mercury" in page.content.decode()
    assert "protected" in page.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_a_meeting_that_documents_use_cannot_be_deleted_by_a_bulk_action(
    admin_client, db
):
    document = factories.DocumentFactory(meeting=factories.MeetingFactory())
    url = reverse("admin:decisions_meeting_changelist")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [document.meeting.pk]}
    data["post"] = "yes"

    admin_client.post(url, data)

    assert type(document.meeting).objects.filter(pk=document.meeting.pk).exists()


def test_bulk_actions_keep_history(admin_client, db):
    drafts = factories.ActivityFactory.create_batch(
        3, publication_status=PublicationStatus.IN_REVIEW
    )
    url = reverse("admin:activities_activity_changelist")
    pks = [a.pk for a in drafts]

    admin_client.post(url, {"action": "publish_selected", ACTION_CHECKBOX_NAME: pks})
    admin_client.post(
        url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: pks, "post": "yes"}
    )

    history = Activity.history.filter(id__in=pks)
    assert history.filter(history_type="~", publication_status="published").count() == 3
    assert history.filter(history_type="-").count() == 3
    assert not Activity.objects.filter(pk__in=pks).exists()


def login(client: Client, password: str, address: str):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def test_repeated_failed_admin_logins_lock_out_that_address_only(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    factories.UserFactory(
        username="editor", is_staff=True, password="correct horse battery staple"
    )
    attacker = Client()
    for _ in range(3):
        login(attacker, "wrong", "203.0.113.9")

    locked = login(attacker, "correct horse battery staple", "203.0.113.9")
    elsewhere = login(Client(), "correct horse battery staple", "198.51.100.7")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302  # the real user still gets in


def test_api_clients_cannot_lock_out_a_staff_account(db, api_client):
    factories.UserFactory(username="editor", is_staff=True)
    for _ in range(10):
        api_client.post(
            "/api/v1/activities/",
            {},
            format="json",
            HTTP_AUTHORIZATION="Basic ZWRpdG9yOndyb25n",  # editor:wrong
        )
        api_client.get("/api/v1/activities/", HTTP_AUTHORIZATION="Token wrong")
    assert not AccessAttempt.objects.exists()


def test_pages_send_a_content_security_policy_without_inline_scripts(client, db):
    factories.ActivityFactory()
    for url in ("/", "/activities/", "/meetings/", "/reports/", "/api/docs/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        body = response.content.decode()
        assert "<script>" not in body, url  # every script has a src (or a nonce)


def test_production_settings_send_hsts_and_deny_framing(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"


def test_deleting_a_recalled_decision_in_the_shell_is_refused(db):
    earlier = factories.DecisionFactory(number=1)
    factories.DecisionFactory(number=2).recalls.add(earlier)
    with pytest.raises(ProtectedError, match="still used by"):
        earlier.delete()
    assert Decision.objects.filter(pk=earlier.pk).exists()
