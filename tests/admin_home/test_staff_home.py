"""The admin opens on a staff home: review queue, own drafts, reports with what they
lack, changes by others; the admin's models grouped by the work."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from simple_history.utils import update_change_reason

from activities.models import PublicationStatus
from brsportal import roles
from reports.models import Report
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.BRS_EDITORS))
    factories.SecretariatFactory(code="BRS").members.add(user)
    return user


def make_activity(user, title: str, status: str):
    activity = factories.ActivityFactory(title=title, publication_status=status)
    activity.secretariats.set([factories.SecretariatFactory(code="BRS")])
    record = activity.history.latest()
    record.history_user = user
    record.save()
    return activity


def between(html: str, start: str, end: str | None = None) -> str:
    return html[
        html.index(f'id="{start}"') : html.index(f'id="{end}"') if end else None
    ]


def test_staff_home_shows_review_queue_and_my_own_drafts(client, editor):
    other = factories.UserFactory(username="colleague", is_staff=True)
    make_activity(editor, "My draft on e-waste", PublicationStatus.DRAFT)
    make_activity(other, "Colleague's draft", PublicationStatus.DRAFT)
    make_activity(other, "Sent for review", PublicationStatus.IN_REVIEW)
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    review = between(html, "review-heading", "drafts-heading")
    drafts = between(html, "drafts-heading", "reports-heading")
    assert "Sent for review" in review
    assert "My draft on e-waste" in drafts
    assert "Colleague&#x27;s draft" not in drafts


def test_staff_home_lists_what_a_report_still_lacks(admin_client):
    factories.ConventionFactory(code="BC")
    Report.objects.create(
        kind=Report.Kind.BIENNIAL,
        title="Joint report 2026–2027",
        slug="joint-report-2026-2027",
        biennium=2026,
    )
    html = admin_client.get(reverse("admin:index")).content.decode()
    panel = between(html, "reports-heading", "changes-heading")
    assert "Joint report 2026–2027" in panel
    assert "The cover note is empty." in panel
    assert "The introduction of annex I is empty." in panel


def test_staff_home_shows_changes_by_others_with_their_reason(admin_client):
    other = factories.UserFactory(username="colleague", is_staff=True)
    activity = make_activity(other, "Edited by a colleague", PublicationStatus.DRAFT)
    update_change_reason(activity, "Corrected the biennium")
    html = admin_client.get(reverse("admin:index")).content.decode()
    panel = between(html, "changes-heading")
    assert "Edited by a colleague" in panel
    assert "colleague" in panel
    assert "Corrected the biennium" in panel


def test_admin_index_groups_models_by_the_work(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    order = [
        html.index(f'id="section-{slug}"')
        for slug in ("records", "reports", "reference", "system")
    ]
    assert order == sorted(order)
    records = html[html.index("app-records") : html.index("app-reports")]
    assert "Activities" in records
    assert "Tokens" not in records
    system = html[html.index("app-system") :]
    assert "Tokens" in system


def test_app_pages_keep_django_s_own_app_index(admin_client):
    response = admin_client.get(reverse("admin:app_list", args=["activities"]))
    assert response.status_code == 200
    assert "Activities" in response.content.decode()
