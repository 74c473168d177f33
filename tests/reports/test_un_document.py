"""Reports as UN documents: masthead, one footnote sequence, clean output, outlines."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports.content import build_context, keep_together
from reports.models import Report
from tests import factories
from tests.reports.test_pdf import pdftotext

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def area():
    return factories.ThematicAreaFactory(slug="outreach", name="Outreach")


def pdffonts(data: bytes, tmp_path) -> list[tuple[str, bool]]:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(  # noqa: S603 - fixed local tool
        ["pdffonts", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    # name, type..., encoding, emb, sub, uni, object, generation
    return [(row[0], row[-5] == "yes") for row in rows]


# Masthead ------------------------------------------------------------------


def test_masthead_prints_symbols_distribution_date_language_and_meetings(tmp_path):
    convention = factories.ConventionFactory(
        code="MC", name="Minamata Convention on Mercury"
    )
    meeting = factories.MeetingFactory(
        convention=convention,
        title="Sixth meeting of the Conference of the Parties to the Minamata "
        "Convention",
        start_date=datetime.date(2025, 11, 3),
        end_date=datetime.date(2025, 11, 7),
    )
    report = factories.ReportFactory(
        symbol="UNEP/MC/COP.6/INF/10\nUNEP/CHW.17/INF/54",
        document_date=datetime.date(2025, 9, 1),
    )
    factories.ReportMeetingFactory(report=report, meeting=meeting)
    web = text_of(report.render_html())
    printed = re.sub(r"\s+", " ", pdftotext(report.render_pdf(), tmp_path))
    for text in (web, printed):
        assert "UNEP/MC/COP.6/INF/10" in text
        assert "UNEP/CHW.17/INF/54" in text
        assert "Distr.: General" in text
        assert "1 September 2025" in text
        assert "Original: English" in text
        assert "Conference of the Parties to the Minamata Convention on Mercury" in text
        assert "Sixth meeting" in text
        assert "Geneva, 3–7 November 2025" in text
        assert "Item 5 (f) of the provisional agenda" in text


def test_running_header_prints_the_symbol_from_page_two(tmp_path, area):
    for _ in range(40):
        factories.ActivityFactory(thematic_area=area, narrative="Text. " * 60)
    report = factories.ReportFactory(symbol="UNEP/MC/COP.6/INF/10")
    pages = pdftotext(report.render_pdf(), tmp_path).split("\f")
    assert len(pages) > 3
    assert pages[1].strip().splitlines()[0].strip() == "UNEP/MC/COP.6/INF/10"
    # Page numbers at the foot from page 2; the first page has none.
    assert pages[1].strip().splitlines()[-1].strip() == "2"
    assert not pages[0].strip().splitlines()[-1].strip().isdigit()


@pytest.mark.parametrize("symbol", ["unep/mc/cop.6", "UNEP MC COP 6", "<b>X</b>/1"])
def test_a_masthead_symbol_that_is_not_a_un_symbol_is_refused_with_a_message(symbol):
    report = factories.ReportFactory.build(symbol=symbol)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "is not a UN document symbol" in error.value.message_dict["symbol"][0]


def test_a_footnote_start_below_1_is_refused_by_clean_and_the_database():
    report = factories.ReportFactory.build(footnote_start=0)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert error.value.message_dict["footnote_start"] == [
        "Footnotes are numbered from 1 or more."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ReportFactory(footnote_start=0)


def test_a_revision_revises_every_symbol_and_keeps_the_masthead(staff_user):
    report = factories.ReportFactory(
        symbol="UNEP/MC/COP.6/INF/10\nUNEP/CHW.17/INF/54", footnote_start=4
    )
    factories.ReportMeetingFactory(report=report)
    report.issue(staff_user)
    revision = report.revise()
    assert revision.symbols == [
        "UNEP/MC/COP.6/INF/10/Rev.1",
        "UNEP/CHW.17/INF/54/Rev.1",
    ]
    assert revision.footnote_start == 4
    assert revision.meeting_lines.count() == 1


# Footnotes -----------------------------------------------------------------


def test_footnotes_are_one_sequence_from_the_reports_start_on_web_and_pdf(
    tmp_path, area
):
    for index in range(3):
        activity = factories.ActivityFactory(
            thematic_area=area,
            position=index,
            narrative=f"Activity {index} held a webinar.[^1] And another.[^2]",
        )
        for marker in "12":
            factories.ReferenceFactory(
                activity=activity,
                marker=marker,
                text=f"Note {index}{'ab'[int(marker) - 1]}",
                url="",
            )
    report = factories.ReportFactory(footnote_start=4)
    annex = build_context(report)["annexes"][0]
    assert [note.number for note in annex.footnotes] == [4, 5, 6, 7, 8, 9]
    assert [text_of(note.html).strip() for note in annex.footnotes] == [
        "Note 0a", "Note 0b", "Note 1a", "Note 1b", "Note 2a", "Note 2b",
    ]  # fmt: skip
    html = report.render_html()
    calls = re.findall(r'<sup class="fnref"[^>]*><a [^>]*>(\d+)</a></sup>', html)
    assert calls == ["4", "5", "6", "7", "8", "9"]
    printed = pdftotext(report.render_pdf(), tmp_path)
    for number, note in zip(
        range(4, 10), ["0a", "0b", "1a", "1b", "2a", "2b"], strict=True
    ):
        assert re.search(rf"^\s*{number}\s+Note {note}\s*$", printed, re.M)


def test_a_footnote_keeps_its_documents_symbol_beside_its_text(area):
    document = factories.DocumentFactory(symbol="UNEP/MC/COP.6/22")
    activity = factories.ActivityFactory(thematic_area=area, narrative="See it.[^1]")
    factories.ReferenceFactory(
        activity=activity, marker="1", text="Note by the secretariat", url="",
        document=document,
    )  # fmt: skip
    note = build_context(factories.ReportFactory())["annexes"][0].footnotes[0]
    assert "Note by the secretariat" in note.html
    assert "UNEP/MC/COP.6/22" in note.html


def test_preview_warns_about_uncited_references_and_citations_without_one(
    area, admin_client
):
    activity = factories.ActivityFactory(
        thematic_area=area, title="Webinars", narrative="Held.[^1] Also.[^9]"
    )
    factories.ReferenceFactory(activity=activity, marker="1")
    factories.ReferenceFactory(activity=activity, marker="2")
    report = factories.ReportFactory()
    problems = report.citation_problems()
    assert len(problems) == 2
    assert "[^9]" in problems[0]
    assert "never cites its reference 2" in problems[1]
    page = admin_client.get(report.get_absolute_url()).content.decode()
    assert "never cites its reference 2" in page
    change = admin_client.get(f"/admin/reports/report/{report.pk}/change/")
    assert "never cites its reference 2" in change.content.decode()


# Clean output --------------------------------------------------------------


def test_quarterly_table_renders_citations_as_footnotes_never_raw_markdown(tmp_path):
    activity = factories.ActivityFactory(
        status="ongoing", biennium=2014, narrative="Shared *printers*.[^1]"
    )
    factories.ReferenceFactory(activity=activity, marker="1", text="See the SOP.")
    factories.SynergyFactory(activity=activity, description="Fewer machines.[^3]")
    report = factories.QuarterlyReportFactory(footnote_start=2)
    html = report.render_html()
    table = html.split('class="synergies"', 1)[1].split("</table>", 1)[0]
    assert "[^" not in html
    assert "<em>printers</em>" in table
    assert re.search(r'<sup class="fnref"[^>]*><a [^>]*>2</a></sup>', table)
    assert "See the SOP." in html
    printed = pdftotext(report.render_pdf(), tmp_path)
    assert "[^" not in printed
    assert re.search(r"^\s*2\s+See the SOP\.", printed, re.M)


def test_cover_note_typed_with_numbers_prints_each_number_once(tmp_path):
    report = factories.ReportFactory(
        cover_note="1. The first paragraph.\n\n2. The second paragraph."
    )
    html = report.render_html()
    note = html.split('class="cover-note"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'class="para-num">(\d+)\.', note) == ["1", "2"]
    assert "<ol>" not in note
    printed = pdftotext(report.render_pdf(), tmp_path)
    assert len(re.findall(r"^\s*1\.\s+The first paragraph", printed, re.M)) == 1
    assert len(re.findall(r"^\s*2\.\s+The second paragraph", printed, re.M)) == 1


def test_empty_chapters_are_left_out_and_the_others_renumbered(area):
    factories.ActivityFactory(thematic_area=area)
    report = factories.ReportFactory(
        annex1_introduction="", annex1_services_introduction=""
    )
    html = report.render_html()
    annex = html.split('id="annex-i"', 1)[1].split('id="annex-ii"', 1)[0]
    assert "Sharing and purchase of secretariat services" not in annex
    chapters = re.findall(r'<h3 data-heading><span class="num">(\w+)\.</span>', annex)
    assert chapters == ["I"]
    assert "Programmatic cooperation" in annex


def test_symbols_never_break_and_their_non_breaking_hyphens_print(tmp_path, area):
    html = keep_together(
        "<p>See UNEP/MC/COP.6/22. and RC\u201112/9 at "
        '<a href="https://x.org/a/UNEP/b">https://x.org/en-US/Default.aspx</a></p>'
    )
    assert '<span class="nobr">UNEP/MC/COP.6/22</span>.' in html
    assert '<span class="nobr">RC-12/9</span>' in html
    assert "en-US" in html
    assert 'href="https://x.org/a/UNEP/b"' in html


def test_report_pdf_uses_only_the_shipped_fonts_embedded(tmp_path, area):
    activity = factories.ActivityFactory(
        thematic_area=area,
        narrative="**Bold**, *italic* and ***both*** with RC\u201112/9.[^1]",
    )
    factories.ReferenceFactory(activity=activity, marker="1")
    report = factories.ReportFactory(symbol="UNEP/MC/COP.6/INF/10")
    fonts = pdffonts(report.render_pdf(), tmp_path)
    assert fonts
    names = {name.split("+", 1)[-1] for name, _ in fonts}
    assert names <= {
        "BRS-Serif", "BRS-Serif-Bold", "BRS-Serif-Italic", "BRS-Serif-Bold-Italic",
    }, f"a fallback font was used: {names}"  # fmt: skip
    assert all(embedded for _, embedded in fonts)


# Kinds ---------------------------------------------------------------------


def test_an_outline_of_2026_2027_is_issued_on_its_own_from_planned_activities(
    area, staff_user
):
    factories.ActivityFactory(
        thematic_area=area, biennium=2026, status="planned", narrative="We will meet."
    )
    factories.ActivityFactory(
        thematic_area=area, biennium=2024, status="completed", narrative="We met."
    )
    report = factories.OutlineReportFactory(title="Outline of planned activities")
    report.issue(staff_user)
    report.refresh_from_db()
    text = text_of(report.html)
    assert "2026–2027" in text
    assert "We will meet." in text
    assert "We met." not in text
    assert "Annex" not in text
    assert report.verify()


def test_an_outline_covers_any_span_of_bienniums_with_its_own_period_wording(area):
    factories.ActivityFactory(
        thematic_area=area, biennium=2024, status="planned", narrative="In 2025."
    )
    factories.ActivityFactory(
        thematic_area=area, biennium=2026, status="planned", narrative="In 2026."
    )
    report = factories.OutlineReportFactory(
        biennium=2024,
        last_biennium=2026,
        period_label="2025 and the biennium 2026–2027",
    )
    text = text_of(report.render_html())
    assert "2025 and the biennium 2026–2027" in text
    assert text.index("In 2025.") < text.index("In 2026.")


def test_an_outline_whose_last_biennium_precedes_its_first_is_refused():
    report = factories.OutlineReportFactory.build(biennium=2026, last_biennium=2024)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "last_biennium" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.OutlineReportFactory(biennium=2026, last_biennium=2024)


def test_report_kinds_are_biennial_outline_and_quarterly():
    assert set(Report.Kind.values) == {"biennial", "outline", "quarterly"}


# Revisions compared --------------------------------------------------------------


def test_a_revision_shows_paragraphs_added_removed_and_changed_on_web_and_pdf(
    area, staff_user, admin_client, tmp_path
):
    kept = factories.ActivityFactory(
        thematic_area=area, position=1, narrative="The secretariats met in Geneva."
    )
    edited = factories.ActivityFactory(
        thematic_area=area, position=2, narrative="Two webinars were held in 2024."
    )
    dropped = factories.ActivityFactory(
        thematic_area=area, position=3, narrative="A workshop was planned."
    )
    original = factories.ReportFactory(symbol="UNEP/MC/COP.6/INF/10")
    original.issue(staff_user)
    edited.narrative = "Three webinars were held in 2024."
    edited.save()
    dropped.publication_status = "draft"
    dropped.save()
    factories.ActivityFactory(
        thematic_area=area, position=4, narrative="A new training was given."
    )
    revision = original.revise()
    html = admin_client.get(revision.get_absolute_url()).content.decode()
    section = html.split('id="changes"', 1)[1]
    assert "<del>Two</del> <ins>Three</ins> webinars were held in 2024." in section
    assert "<del>A workshop was planned.</del>" in section
    assert "<ins>A new training was given.</ins>" in section
    assert "The secretariats met in Geneva." not in section
    assert kept.narrative in html.split('id="changes"', 1)[0]
    revision.issue(staff_user)
    revision.refresh_from_db()
    assert 'id="changes"' in revision.html
    printed = re.sub(r"\s+", " ", pdftotext(revision.render_pdf(), tmp_path))
    assert "Changes made by Rev.1" in printed
    assert "Two Three webinars were held in 2024." in printed
    assert "A new training was given." in printed


def test_an_original_report_has_no_changes_annex():
    assert 'id="changes"' not in factories.ReportFactory().render_html()
