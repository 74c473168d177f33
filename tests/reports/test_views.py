import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Report
from tests import factories

pytestmark = pytest.mark.django_db


def issued_report(**kwargs) -> Report:
    report = factories.ReportFactory(**kwargs)
    return report.issue(None)


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:list"))
    assert response.status_code == 200
    return len(queries)


def test_list_shows_issued_reports_newest_first_with_html_and_pdf_links(client):
    older = issued_report(title="Older report")
    newer = issued_report(title="Newer report")
    factories.ReportFactory(title="Draft report")
    html = client.get(reverse("reports:list")).content.decode()
    assert html.index("Newer report") < html.index("Older report")
    assert "Draft report" not in html
    for report in (older, newer):
        assert report.get_absolute_url() in html
        assert report.get_pdf_url() in html


def test_list_query_count_does_not_grow_with_reports(client):
    issued_report()
    first = list_queries(client)
    for _ in range(3):
        issued_report().revise()
    assert list_queries(client) == first


def test_issued_report_page_shows_the_frozen_html(client):
    activity = factories.ActivityFactory(narrative="Frozen wording.")
    report = issued_report()
    activity.narrative = "Edited later."
    activity.save()
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Frozen wording." in page
    assert "Edited later." not in page
    assert report.html in page


def test_draft_report_is_404_for_the_public_and_previewed_live_for_staff(
    admin_client,
):
    client = Client()  # admin_client is the logged-in `client` fixture
    draft = factories.ReportFactory()
    factories.ActivityFactory(narrative="Live wording.")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_pdf_url()).status_code == 404
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Live wording." in response.content.decode()
    assert "Draft" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_staff_get_a_live_pdf_of_a_draft(admin_client):
    draft = factories.ReportFactory()
    response = admin_client.get(draft.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{draft.slug}.pdf"' in response["Content-Disposition"]


def test_issued_pdf_is_the_stored_file_served_inline(client, monkeypatch):
    report = issued_report()
    monkeypatch.setattr(
        Report, "render_pdf", lambda self: pytest.fail("issued PDFs are not rendered")
    )
    response = client.get(report.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert f"{report.slug}.pdf" in response["Content-Disposition"]
    with report.pdf.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_unknown_report_is_404(client):
    assert client.get("/reports/no-such-report/").status_code == 404
    assert client.get("/reports/no-such-report.pdf").status_code == 404


def test_admin_changelist_and_issued_change_form_are_read_only(admin_client):
    report = issued_report()
    assert (
        admin_client.get(reverse("admin:reports_report_changelist")).status_code == 200
    )
    response = admin_client.get(
        reverse("admin:reports_report_change", args=[report.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="title"' not in page
    assert "Create revision" in page


def test_admin_issue_asks_for_confirmation_then_issues(admin_client, staff_user):
    draft = factories.ReportFactory()
    url = reverse("admin:reports_report_issue", args=[draft.pk])
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "Yes, issue" in confirm.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued
    assert admin_client.post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued
    assert draft.issued_by == staff_user


def test_admin_issue_action_confirms_before_issuing(admin_client):
    draft = factories.ReportFactory()
    changelist = reverse("admin:reports_report_changelist")
    data = {"action": "issue_selected", "_selected_action": [draft.pk]}
    response = admin_client.post(changelist, data)
    assert "Yes, issue" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued
    admin_client.post(changelist, {**data, "confirm": "yes"})
    draft.refresh_from_db()
    assert draft.is_issued


def test_admin_create_revision(admin_client):
    report = issued_report()
    response = admin_client.post(
        reverse("admin:reports_report_revise", args=[report.pk])
    )
    revision = Report.objects.get(replaces=report)
    assert response.url == reverse("admin:reports_report_change", args=[revision.pk])
    assert revision.revision == 1


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker closes its database connection between tasks, as in production, so the
# test's data must be committed (no wrapping transaction).
@pytest.mark.django_db(transaction=True)
def test_admin_issue_with_a_worker_returns_at_once_and_the_worker_issues(
    admin_client, staff_user, settings
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    draft = factories.ReportFactory()
    url = reverse("admin:reports_report_issue", args=[draft.pk])

    response = admin_client.post(url, follow=True)

    draft.refresh_from_db()
    assert not draft.is_issued
    assert "being rendered in the background" in response.content.decode()
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    draft.refresh_from_db()
    assert draft.is_issued
    assert draft.issued_by == staff_user
    assert draft.verify()


def test_admin_issue_of_an_invalid_report_says_why_and_enqueues_nothing(
    admin_client, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    report = issued_report()

    response = admin_client.post(
        reverse("admin:reports_report_issue", args=[report.pk]), follow=True
    )

    assert "already been issued" in response.content.decode()
    assert DBTaskResult.objects.count() == 0
