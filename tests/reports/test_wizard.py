"""Making a report in the admin: the kind first, then that kind's fields; what the
annexes will hold and why others are left out; Issue refused with the reasons."""

import pytest
from django.urls import reverse

from activities.models import Activity, PublicationStatus
from reports.models import Report
from tests import factories

pytestmark = pytest.mark.django_db


def test_add_starts_by_asking_the_kind(admin_client):
    html = admin_client.get(reverse("admin:reports_report_add")).content.decode()
    assert "Start a report: choose its kind" in html
    assert "?kind=biennial" in html
    assert "?kind=quarterly" in html
    assert 'name="cover_note"' not in html


def test_biennial_form_shows_only_its_fields_and_says_when_issue_appears(
    admin_client,
):
    url = reverse("admin:reports_report_add") + "?kind=biennial"
    html = admin_client.get(url).content.decode()
    assert 'name="annex1_introduction"' in html
    assert 'name="overview"' not in html
    assert 'name="quarter"' not in html
    assert 'name="last_biennium"' not in html
    assert "Save the report first" in html


def test_quarterly_form_leaves_out_the_biennial_fields(admin_client):
    url = reverse("admin:reports_report_add") + "?kind=quarterly"
    html = admin_client.get(url).content.decode()
    assert 'name="overview"' in html
    assert 'name="annex1_introduction"' not in html


def test_annex_contents_list_activities_and_why_others_are_left_out(admin_client):
    area = factories.ThematicAreaFactory(name="Mercury wastes")
    factories.ActivityFactory(
        title="Done in 2026", biennium=2026, status=Activity.Status.COMPLETED,
        thematic_area=area,
    )  # fmt: skip
    factories.ActivityFactory(
        title="Planned for 2026", biennium=2026, status=Activity.Status.PLANNED,
        thematic_area=area,
    )  # fmt: skip
    factories.ActivityFactory(
        title="Unpublished 2028 plan", biennium=2028,
        status=Activity.Status.PLANNED, thematic_area=area,
        publication_status=PublicationStatus.DRAFT,
    )  # fmt: skip
    report = factories.ReportFactory(biennium=2026)
    html = admin_client.get(
        reverse("admin:reports_report_change", args=[report.pk])
    ).content.decode()
    assert "Annex 1 (2026–2027, ongoing and completed activities): 1 activity" in html
    assert "Done in 2026" in html
    assert "Planned for 2026: status planned: this annex holds ongoing" in html
    assert "Unpublished 2028 plan: not published (draft)" in html


def test_issue_is_refused_with_the_missing_parts_named(admin_client):
    report = factories.ReportFactory(
        biennium=2030, cover_note="", annex1_introduction="", annex2_introduction=""
    )
    url = reverse("admin:reports_report_issue", args=[report.pk])
    confirmation = admin_client.get(url).content.decode()
    assert "Cannot be issued yet" in confirmation
    assert "The cover note is empty." in confirmation

    response = admin_client.post(url, follow=True)

    page = response.content.decode()
    assert "The cover note is empty." in page
    assert "The introduction of annex I is empty." in page
    assert "The introduction of annex II is empty." in page
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert not report.pdf


def test_report_with_texts_but_no_activity_is_still_issuable_in_words(db):
    report = factories.ReportFactory(biennium=2030)
    assert report.missing_for_issue() == []


def test_issued_report_form_has_no_save_buttons(admin_client):
    factories.ThematicAreaFactory()
    report = factories.ReportFactory()
    report.issue()
    html = admin_client.get(
        reverse("admin:reports_report_change", args=[report.pk])
    ).content.decode()
    assert 'name="_save"' not in html
    assert "This report is issued and cannot change" in html
    assert "Create revision" in html
