"""Word output: the same document as the PDF, real footnotes, frozen on issue."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from tests import factories
from tests.reports.test_pdf import pdftotext

pytestmark = pytest.mark.django_db


def read_docx(data: bytes) -> tuple[list[str], dict[int, str], int]:
    """Paragraph texts (tables included), footnotes by id, and the first number."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [p.text for row in table.rows for c in row.cells for p in c.paragraphs]
    part = document.part.part_related_by(RT.FOOTNOTES)
    root = part.element if hasattr(part, "element") else None
    if root is None:
        from lxml import etree

        root = etree.fromstring(part.blob)
    notes = {}
    for note in root.iter(qn("w:footnote")):
        number = int(note.get(qn("w:id")))
        if number > 0:
            notes[number] = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
    start = document.sections[0]._sectPr.find(qn("w:footnotePr"))
    first = int(start.find(qn("w:numStart")).get(qn("w:val")))
    return texts, notes, first


@pytest.fixture
def report_with_notes():
    area = factories.ThematicAreaFactory(slug="outreach", name="Outreach")
    for index in range(2):
        activity = factories.ActivityFactory(
            thematic_area=area,
            position=index,
            narrative=f"Activity {index} under RC\u201112/9 held *webinars*.[^a]\n\n"
            "(a) A sub-paragraph.",
        )
        factories.ReferenceFactory(
            activity=activity, marker="a", text=f"Note {index}.", url=""
        )
    return factories.ReportFactory(
        symbol="UNEP/MC/COP.6/INF/10", footnote_start=4, cover_note="1. One.\n\n2. Two."
    )


def test_docx_has_the_masthead_numbered_paragraphs_and_real_footnotes(
    report_with_notes,
):
    texts, notes, first = read_docx(report_with_notes.render_docx())
    joined = "\n".join(texts)
    for text in ("UNEP/MC/COP.6/INF/10", "Distr.: General", "Original: English"):
        assert text in joined
    assert "1.\tOne." in texts
    assert "2.\tTwo." in texts
    numbered = [t for t in texts if re.match(r"^\d+\.\t", t)]
    assert any(
        t.startswith("3.\tActivity 0 under RC-12/9 held webinars") for t in numbered
    )
    assert "(a) A sub-paragraph." in texts
    assert notes == {1: "Note 0.", 2: "Note 1."}
    # Word numbers footnotes from the report's first number: 4 and 5.
    assert first == 4
    assert "[^" not in joined


def test_docx_paragraphs_and_footnotes_match_the_pdf(report_with_notes, tmp_path):
    texts, notes, first = read_docx(report_with_notes.render_docx())
    printed = re.sub(r"\s+", " ", pdftotext(report_with_notes.render_pdf(), tmp_path))
    numbered = [t for t in texts if re.match(r"^\d+\.\t", t)]
    assert len(numbered) == len(re.findall(r"(?:^| )\d+\. [A-Z]", printed))
    for text in numbered:
        number, body = text.split("\t", 1)
        # The PDF's callouts sit in the text; compare up to the first one.
        opening = " ".join(body.split()[:6])
        assert f"{number} {opening}" in printed
    for offset, note in enumerate(notes.values()):
        assert f"{first + offset} {note}" in printed


def test_libreoffice_converts_the_docx_to_pdf(report_with_notes, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (libreoffice-writer) is not installed")
    source = tmp_path / "report.docx"
    source.write_bytes(report_with_notes.render_docx())
    profile = tmp_path / "profile"
    subprocess.run(  # noqa: S603 - fixed local tool
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    converted = (tmp_path / "report.pdf").read_bytes()
    text = re.sub(r"\s+", " ", pdftotext(converted, tmp_path))
    assert "UNEP/MC/COP.6/INF/10" in text
    assert "Activity 1 under RC-12/9 held webinars" in text
    # Word's footnotes, numbered from 4, at the foot of the page.
    assert "4 Note 0." in text
    assert "5 Note 1." in text


def test_issue_freezes_the_docx_and_the_download_is_the_stored_file(
    report_with_notes, staff_user, client
):
    report_with_notes.issue(staff_user)
    report_with_notes.refresh_from_db()
    assert report_with_notes.docx
    assert report_with_notes.verify()
    with report_with_notes.docx.open("rb") as file:
        stored = file.read()
    factories.ActivityFactory(
        thematic_area=report_with_notes.section_headings.model._meta.get_field(
            "thematic_area"
        ).related_model.objects.first(),
        narrative="Added after issue.",
    )
    response = client.get(report_with_notes.get_docx_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert b"".join(response.streaming_content) == stored


def test_word_download_of_a_report_with_no_paragraphs_says_why(admin_client):
    report = factories.ReportFactory(
        cover_note="",
        annex1_introduction="",
        annex1_services_introduction="",
        annex2_introduction="",
        annex2_services_introduction="",
    )
    response = admin_client.get(report.get_docx_url())
    assert response.status_code == 409
    assert "no paragraphs yet" in response.content.decode()


def test_word_download_of_a_draft_is_for_staff_only(client, report_with_notes):
    assert client.get(report_with_notes.get_docx_url()).status_code == 404
