import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.serializers import serialize
from django.db import IntegrityError, transaction

from reports.models import IssuedReportError, Report, quarter_label
from tests import factories

pytestmark = pytest.mark.django_db


def test_quarter_label_prints_the_period_as_the_reports_do():
    assert quarter_label(2014, 1) == "1 January \u2013 31 March 2014"
    assert quarter_label(2015, 4) == "1 October \u2013 31 December 2015"


@pytest.mark.parametrize("quarter", [0, 5])
def test_database_refuses_quarterly_report_with_quarter_outside_1_to_4(quarter):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.QuarterlyReportFactory(quarter=quarter)


def test_database_refuses_biennial_report_with_odd_biennium():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReportFactory(biennium=2025)


def test_clean_explains_missing_quarter():
    report = factories.QuarterlyReportFactory.build(quarter=None)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "quarter" in error.value.message_dict


def test_database_refuses_issued_report_without_hashes():
    report = factories.ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status="issued")


def test_issue_stores_html_pdf_hashes_and_issuer(staff_user):
    report = factories.ReportFactory()
    report.issue(staff_user)
    report.refresh_from_db()
    assert report.is_issued
    assert report.issued_by == staff_user
    assert report.issued_by_label == staff_user.username
    assert report.issued_at is not None
    with report.pdf.open("rb") as stored:
        pdf = stored.read()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == report.sha256
    assert hashlib.sha256(report.html.encode()).hexdigest() == report.html_sha256
    assert report.verify()


def test_issue_without_user_records_the_system_as_issuer():
    report = factories.ReportFactory()
    report.issue(None)
    assert report.issued_by is None
    assert report.issued_by_label == "brsportal"


def test_frozen_html_has_no_draft_mark():
    report = factories.ReportFactory()
    assert "Draft" in report.render_html()
    report.issue(None)
    assert "draft-mark" not in report.html


def test_issued_report_does_not_change_when_its_activities_are_edited():
    activity = factories.ActivityFactory(narrative="Original wording of the activity.")
    report = factories.ReportFactory()
    report.issue(None)
    html_before, sha_before = report.html, report.sha256
    activity.narrative = "Rewritten after the report was issued."
    activity.save()
    report.refresh_from_db()
    assert report.html == html_before
    assert "Original wording" in report.html
    assert "Rewritten" not in report.html
    assert report.sha256 == sha_before
    assert report.verify()


def test_issuing_twice_is_refused():
    report = factories.ReportFactory()
    report.issue(None)
    with pytest.raises(IssuedReportError):
        report.issue(None)


def test_saving_an_issued_report_is_refused():
    report = factories.ReportFactory()
    report.issue(None)
    report.title = "Changed"
    with pytest.raises(IssuedReportError):
        report.save()
    assert Report.objects.get(pk=report.pk).title != "Changed"


def test_deleting_an_issued_report_is_refused_one_by_one_and_in_bulk():
    report = factories.ReportFactory()
    report.issue(None)
    with pytest.raises(IssuedReportError):
        report.delete()
    with pytest.raises(IssuedReportError):
        Report.objects.all().delete()
    assert Report.objects.filter(pk=report.pk).exists()


def test_headings_of_an_issued_report_cannot_change():
    heading = factories.SectionHeadingFactory()
    heading.report.issue(None)
    heading.refresh_from_db()
    heading.heading = "Another heading"
    with pytest.raises(IssuedReportError):
        heading.save()


def test_reloading_fixtures_does_not_turn_an_issued_report_back_into_a_draft(
    tmp_path,
):
    report = factories.ReportFactory(title="Seeded")
    fixture = tmp_path / "reports.json"
    fixture.write_text(
        serialize("json", [report], use_natural_primary_keys=True), encoding="utf-8"
    )
    report.issue(None)
    call_command("loaddata", str(fixture), verbosity=0)
    report.refresh_from_db()
    assert report.is_issued
    assert report.verify()


def test_revise_creates_linked_draft_rev1_with_copied_narratives():
    heading = factories.SectionHeadingFactory(
        report=factories.ReportFactory(symbol="UNEP/MC/COP.6/INF/10")
    )
    original = heading.report
    original.issue(None)
    revision = original.revise()
    assert revision.replaces == original
    assert revision.revision == 1
    assert revision.revision_label == "Rev.1"
    assert revision.status == Report.Status.DRAFT
    assert revision.symbol == "UNEP/MC/COP.6/INF/10/Rev.1"
    assert revision.annex1_introduction == original.annex1_introduction
    assert revision.cover_note == original.cover_note
    assert revision.slug == f"{original.slug}-rev1"
    assert list(revision.section_headings.values_list("heading", flat=True)) == [
        heading.heading
    ]
    revision.issue(None)
    assert revision.revise().slug == f"{original.slug}-rev2"


def test_a_report_has_at_most_one_revision():
    original = factories.ReportFactory()
    original.issue(None)
    original.revise()
    with pytest.raises(ValidationError):
        original.revise()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReportFactory(replaces=original, revision=1)


def test_drafts_cannot_be_revised():
    with pytest.raises(ValidationError):
        factories.ReportFactory().revise()


def test_database_requires_a_revision_to_name_what_it_corrects():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReportFactory(revision=1)
