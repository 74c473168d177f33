from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories

pytestmark = pytest.mark.django_db


def test_render_report_writes_a_draft_pdf_with_progress(tmp_path):
    report = factories.ReportFactory()
    output, out = tmp_path / "report.pdf", StringIO()
    call_command(
        "render_report",
        report.slug,
        "--format",
        "pdf",
        "--output",
        str(output),
        stdout=out,
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert "[1/3]" in out.getvalue()
    assert "[3/3] Wrote" in out.getvalue()


def test_render_report_gives_the_stored_pdf_of_an_issued_report(tmp_path):
    report = factories.ReportFactory()
    report.issue(None)
    output = tmp_path / "issued.pdf"
    call_command(
        "render_report", report.slug, "--output", str(output), stdout=StringIO()
    )
    with report.pdf.open("rb") as stored:
        assert output.read_bytes() == stored.read()


def test_render_report_writes_standalone_html_of_the_frozen_content(tmp_path):
    factories.ActivityFactory(narrative="Frozen activity text.")
    report = factories.ReportFactory()
    report.issue(None)
    output = tmp_path / "report.html"
    call_command(
        "render_report",
        report.slug,
        "--format",
        "html",
        "--output",
        str(output),
        stdout=StringIO(),
    )
    html = output.read_text()
    assert html.startswith("<!doctype html>")
    assert report.html in html
    assert "@page" in html


def test_render_report_explains_an_unknown_slug(tmp_path):
    with pytest.raises(CommandError, match="No report"):
        call_command("render_report", "nope", "--output", str(tmp_path / "x.pdf"))


def test_render_report_explains_a_missing_folder(tmp_path):
    report = factories.ReportFactory()
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "render_report", report.slug, "--output", str(tmp_path / "a" / "x.pdf")
        )


def test_render_report_writes_a_word_document_or_says_why_not(tmp_path):
    import docx as python_docx

    report = factories.ReportFactory()
    target = tmp_path / "report.docx"
    call_command("render_report", report.slug, "--format", "docx", "-o", str(target))
    assert python_docx.Document(str(target)).paragraphs
    empty = factories.ReportFactory(
        cover_note="",
        annex1_introduction="",
        annex1_services_introduction="",
        annex2_introduction="",
        annex2_services_introduction="",
    )
    with pytest.raises(CommandError, match="no paragraphs yet"):
        call_command("render_report", empty.slug, "--format", "docx", "-o", str(target))
