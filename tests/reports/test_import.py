import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from activities.models import Activity, PublicationStatus, Reference
from reports.importing import propose_file, write_plan
from reports.importing.layout import read_layout
from reports.models import Report
from tests import factories

from .test_faithfulness import rendered_structure, seed_structure

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
AREAS = [
    ("outreach", "Outreach, communication and event coordination"),
    ("financial-resources", "Financial resources"),
    ("implementation-compliance", "Implementation and compliance"),
    ("technical-assistance", "Technical assistance (including regional centres)"),
    ("gender", "Gender"),
    ("trade-control", "Trade control"),
    ("mercury-wastes", "Mercury wastes"),
    ("effectiveness-evaluation", "Effectiveness evaluation and global monitoring"),
    ("knowledge-management", "Knowledge and information management"),
    ("sustainability", "Environmental sustainability"),
]


@pytest.fixture
def seed_path() -> Path:
    paths = sorted(SEEDS.glob("003_*.txt"))
    if not paths:
        pytest.skip(f"seed 003 not found under {SEEDS}")
    return paths[0]


@pytest.fixture
def areas():
    return [
        factories.ThematicAreaFactory(slug=slug, name=name, position=position)
        for position, (slug, name) in enumerate(AREAS, start=1)
    ]


def only_item(text: str):
    items = read_layout(text).items()
    assert len(items) == 1, items
    return items[0][1]


# Layouts ---------------------------------------------------------------------


def test_word_export_citations_become_markdown_with_their_notes():
    item = only_item(
        "\tA.\tOutreach\n"
        "4. Two *webinars*;[footnoteRef:4] [4:  www.brsmeas.org/tabid/9990.] \n"
    )
    assert item.blocks == [r"Two \*webinars\*;[^4]"]
    assert item.notes == {"4": "www.brsmeas.org/tabid/9990."}


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("5. The webinars[3] were held.\n\n[3] https://www.brsmeas.org/x\n", "3"),
        ("5. The webinars\u00b3 were held.\n\n\u00b3 https://www.brsmeas.org/x\n", "3"),
        ("5. The webinars[^3] were held.\n\n[^3]: https://www.brsmeas.org/x\n", "3"),
        (
            "5. The webinars(3) were held.\n\nNotes\n(3) https://www.brsmeas.org/x\n",
            "3",
        ),
        (
            "5. The webinars[3] were held.\n\nEndnotes\n3. https://www.brsmeas.org/x\n",
            "3",
        ),
    ],
    ids=["web-brackets", "superscript", "markdown", "endnotes-parens", "endnotes"],
)
def test_footnotes_are_read_in_the_forms_web_copies_produce(text, marker):
    item = only_item(text)
    assert item.blocks == [f"The webinars[^{marker}] were held."]
    assert item.notes == {marker: "https://www.brsmeas.org/x"}


def test_lettered_items_and_bullets_stay_with_their_paragraph():
    item = only_item(
        "7. The secretariats:\n(a)\tHeld consultations;\n(b) Carried out webinars.\n"
    )
    assert item.number == 7
    assert item.blocks == [
        "The secretariats:",
        "(a) Held consultations;",
        "(b) Carried out webinars.",
    ]


def test_roman_and_letter_headings_without_tabs_make_chapters_and_sections():
    layout = read_layout(
        "II. Programmatic cooperation\nA. Mercury wastes\n"
        "1. The secretariats cooperated on mercury wastes in 2024.\n"
        "H. Effectiveness evaluation\n2. Text of H.\nI. Knowledge management\n"
        "3. Text of I.\nIII. Services\n4. Services text.\n"
    )
    shape = [(s.kind, s.label, s.chapter) for s in layout.sections]
    assert shape == [
        ("chapter", "II", "II"),
        ("section", "A", "II"),
        ("section", "H", "II"),
        ("section", "I", "II"),
        ("chapter", "III", "III"),
    ]


def test_web_copy_noise_is_left_out_and_counted():
    text = (
        "Transcription\nUNEP/CHW.17/INF/54\n1. First paragraph of the report.\n"
        "Page 2\nUNEP/CHW.17/INF/54\n2. Second paragraph of the report.\n- 3 -\n"
        "UNEP/CHW.17/INF/54\n"
    )
    layout = read_layout(text)
    assert [item.number for _, item in layout.items()] == [1, 2]
    assert "Transcription" in layout.noise
    assert layout.noise.count("UNEP/CHW.17/INF/54") == 3


def test_a_flattened_copy_is_cut_at_each_next_paragraph_number():
    line = " ".join(
        f"{n}. Paragraph {n} of the meeting report. " * 1 for n in (1, 2, 3)
    )
    layout = read_layout(line + "x" * 600)
    assert [item.number for _, item in layout.items()] == [1, 2, 3]


def test_tab_separated_rows_under_a_header_are_table_rows():
    layout = read_layout(
        "Activity\tSynergies\nShared travel.\tFewer missions.\n\nWebinars.\tReach.\n"
    )
    rows = [item.cells for _, item in layout.items()]
    assert rows == [["Shared travel.", "Fewer missions."], ["Webinars.", "Reach."]]


# The command -----------------------------------------------------------------


def test_import_round_trip_gives_the_seeds_structure(seed_path, areas):
    decision = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="MC"), meeting_number=5, number=10
    )
    document = factories.DocumentFactory(symbol="UNEP/CHW.15/6/Add.6/Rev.1")
    out = StringIO()
    call_command(
        "import_report",
        str(seed_path),
        "--slug",
        "imported",
        "--title",
        "X",
        stdout=out,
    )
    report = Report.objects.get(slug="imported")
    assert report.status == Report.Status.DRAFT
    assert report.biennium == 2024
    imported = Activity.objects.filter(slug__startswith="imported-")
    assert set(imported.values_list("publication_status", flat=True)) == {
        PublicationStatus.DRAFT
    }
    assert decision.activities.exists()
    assert Reference.objects.filter(document=document).exists()
    assert "decision BC-17/7 is cited but not in the database" in out.getvalue()
    assert "Proposed: 56 placed, 0 matching earlier records, 0 not placed" in (
        out.getvalue()
    )
    # Staff publish the reviewed activities; the rendered report has the seed's shape.
    imported.update(publication_status=PublicationStatus.PUBLISHED)
    expected = seed_structure(seed_path.read_text(encoding="utf-8"))
    assert rendered_structure(report.render_html()) == expected


def test_reimporting_the_same_file_updates_instead_of_duplicating(seed_path, areas):
    call_command("import_report", str(seed_path), stdout=StringIO())
    count = Activity.objects.count()
    out = StringIO()
    call_command("import_report", str(seed_path), stdout=out)
    assert Activity.objects.count() == count == 56
    assert "0 placed, 56 matching earlier records" in out.getvalue()
    assert Report.objects.count() == 1


def test_reimport_matches_an_edited_title_by_its_text(seed_path, areas):
    data = seed_path.read_bytes()
    _, plan = propose_file("first.txt", data)
    write_plan(plan)
    activity = Activity.objects.get(slug=plan.proposals[0].slug)
    activity.slug, activity.title = "renamed-by-staff", "A title staff wrote"
    activity.save()
    _, again = propose_file("renamed-copy.txt", data, slug="other-report")
    assert again.proposals[0].match == activity.pk
    assert again.counts()["matched"] == 56


def test_reimport_leaves_published_records_alone(seed_path, areas):
    _, plan = propose_file("report.txt", seed_path.read_bytes())
    write_plan(plan)
    Activity.objects.update(publication_status=PublicationStatus.PUBLISHED)
    _, again = propose_file("report.txt", seed_path.read_bytes())
    written = write_plan(again)
    assert len(written.kept) == 56
    assert written.updated == written.created == []


def test_import_reports_sections_without_a_thematic_area(seed_path):
    factories.ThematicAreaFactory(slug="gender", name="Gender")
    out = StringIO()
    call_command("import_report", str(seed_path), stdout=out)
    assert re.search(r"no thematic area: .*pick one: 4\. In 2024", out.getvalue())
    assert Activity.objects.filter(thematic_area__slug="gender").count() == 2


def test_import_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_report", str(tmp_path / "none.txt"))


def test_import_into_an_issued_report_is_refused_in_words(seed_path, areas):
    factories.ReportFactory(slug="taken").issue()
    with pytest.raises(CommandError, match="already issued and cannot change"):
        call_command(
            "import_report", str(seed_path), "--slug", "taken", stdout=StringIO()
        )


def test_a_biennium_out_of_range_is_answered_in_words(seed_path, areas):
    with pytest.raises(CommandError, match="Enter a biennium such as 2024"):
        call_command(
            "import_report", str(seed_path), "--biennium", "1998", stdout=StringIO()
        )
    assert not Report.objects.exists()


def test_an_import_that_places_nothing_says_so_and_writes_nothing(tmp_path, areas):
    path = tmp_path / "note.txt"
    path.write_text(
        "The weather in Geneva was pleasant during the whole of the week.\n"
    )
    with pytest.raises(CommandError, match="no activity could be placed"):
        call_command("import_report", str(path), stdout=StringIO())
    assert not Activity.objects.exists()
    assert not Report.objects.exists()


def test_dry_run_shows_the_proposal_and_writes_nothing(seed_path, areas):
    out = StringIO()
    call_command("import_report", str(seed_path), "--dry-run", stdout=out)
    assert "Proposed: 56 placed" in out.getvalue()
    assert "nothing written" in out.getvalue()
    assert not Activity.objects.exists()


def test_a_report_with_no_paragraphs_cannot_be_issued():
    from django.core.exceptions import ValidationError

    report = factories.ReportFactory(
        annex1_introduction="",
        annex1_services_introduction="",
        annex2_introduction="",
        annex2_services_introduction="",
    )
    with pytest.raises(ValidationError, match="This report has no paragraphs"):
        report.check_issuable()
    quarterly = factories.QuarterlyReportFactory(overview="")
    with pytest.raises(ValidationError, match="no paragraphs"):
        quarterly.issue()
    assert not Report.objects.issued().exists()


def test_an_imported_report_is_not_issuable_until_its_activities_are_published(
    seed_path, areas
):
    from django.core.exceptions import ValidationError

    _, plan = propose_file("report.txt", seed_path.read_bytes())
    plan.report_fields.update(
        {k: "" for k in plan.report_fields if "introduction" in k}
    )
    report = write_plan(plan).report
    with pytest.raises(ValidationError, match="no paragraphs"):
        report.check_issuable()
    Activity.objects.update(publication_status=PublicationStatus.PUBLISHED)
    # Required sections still empty: refused, each named.
    with pytest.raises(ValidationError, match="introduction of annex I is empty"):
        report.check_issuable()
    report.annex1_introduction = report.annex2_introduction = "Introduction."
    report.check_issuable()


def test_a_write_that_fails_half_way_leaves_nothing(seed_path, areas):
    from reports.importing import ImportRefused

    _, plan = propose_file("report.txt", seed_path.read_bytes())
    plan.proposals[-1].area = "no-such-area"
    with pytest.raises(ImportRefused, match="no thematic area 'no-such-area'"):
        write_plan(plan)
    assert not Activity.objects.exists()
    assert not Report.objects.exists()


def test_word_numbering_is_written_out_as_word_shows_it():
    import io

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from reports.importing.docx_reader import read_docx

    document = docx.Document()
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "(%3)")]
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="99">'
            + "".join(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/></w:lvl>'
                for i, (fmt, text) in enumerate(levels)
            )
            + "</w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="99"><w:abstractNumId w:val="99"/></w:num>'
        )
    )
    for text, level in [
        ("Introduction", 0),
        ("The first paragraph.", 1),
        ("The secretariats:", 1),
        ("held webinars;", 2),
        ("wrote guidance.", 2),
        ("Programmatic cooperation", 0),
        ("The third paragraph.", 1),
    ]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                '<w:numId w:val="99"/></w:numPr>'
            )
        )
    stream = io.BytesIO()
    document.save(stream)
    lines = read_docx(io.BytesIO(stream.getvalue()), "numbered.docx").split("\n")
    assert lines[:7] == [
        "I. Introduction",
        "1. The first paragraph.",
        "2. The secretariats:",
        "(a) held webinars;",
        "(b) wrote guidance.",
        "II. Programmatic cooperation",
        "1. The third paragraph.",
    ]


def test_meetings_named_in_a_paragraph_become_its_events(seed_path, areas):
    meeting = factories.MeetingFactory(
        slug="cbd-sbstta-26",
        title="Twenty-sixth meeting of the Subsidiary Body on Scientific, Technical "
        "and Technological Advice of the Convention on Biological Diversity",
    )
    _, plan = propose_file("report.txt", seed_path.read_bytes())
    write_plan(plan)
    event = meeting.events.get()
    assert event.activity.position == 7
    assert (event.start_date, event.city) == (meeting.start_date, meeting.city)


def test_a_report_issued_between_preview_and_confirmation_is_refused_in_words(
    seed_path, areas
):
    from reports.importing import ImportRefused

    _, plan = propose_file("report.txt", seed_path.read_bytes())
    write_plan(plan)
    _, again = propose_file("report.txt", seed_path.read_bytes())
    Activity.objects.update(publication_status=PublicationStatus.PUBLISHED)
    Report.objects.get(slug=again.slug).issue()
    with pytest.raises(ImportRefused, match="was issued and can no longer change"):
        write_plan(again)


def test_citations_are_linked_by_any_symbol_or_reported_never_dropped(areas):
    from decisions.models import DocumentSymbol

    joint = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    DocumentSymbol.objects.create(
        document=joint, symbol="UNEP/FAO/RC/COP.12/INF/25", position=1
    )
    DocumentSymbol.objects.create(
        document=joint, symbol="UNEP/POPS/COP.12/INF/44", position=2
    )
    text = (
        "\tA.\tMercury wastes\n"
        "4. The secretariats reported on mercury wastes in document "
        "UNEP/FAO/RC/COP.12/INF/25, under the omnibus decisions BC.Ex-1/1, "
        "RC.Ex-1/1 and SC.Ex-1/1 and decision VII/26, and in UNEP/MC/COP.6/22."
        "[footnoteRef:1] [1: UNEP/CHW.17/INF/54\u2013UNEP/FAO/RC/COP.12/INF/25\u2013"
        "UNEP/POPS/COP.12/INF/44.]\n"
    )
    extraordinary = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"),
        meeting_number=1,
        number=1,
        extraordinary=True,
    )
    _, plan = propose_file("note.txt", text.encode(), biennium=2024)
    (proposal,) = plan.proposals
    # The joint footnote is one document, found by its first symbol.
    assert [(r.marker, r.document) for r in proposal.references] == [
        ("1", "UNEP/CHW.17/INF/54")
    ]
    # Every citation form of the grammar is read: the extraordinary decision that
    # exists is linked, the others are reported, never dropped.
    assert proposal.decisions == [list(extraordinary.parts)]
    reasons = " ".join(u.reason for u in plan.not_linked()).replace(" (not linked)", "")
    assert "document UNEP/MC/COP.6/22 is not in the database" in reasons
    for symbol in ("RC.Ex-1/1", "SC.Ex-1/1"):
        assert f"decision {symbol} is cited but not in the database" in reasons
    # A Roman session without a convention could be any convention's: reported.
    assert "decision VII/26 is cited in a form the portal cannot read" in reasons
    assert not any("INF/25" in reason or "INF/54" in reason for reason in reasons)


def test_a_permalink_taken_by_another_report_is_answered_in_words(seed_path, areas):
    factories.ReportFactory(slug="taken")
    with pytest.raises(CommandError, match="'taken' is taken by another report"):
        call_command(
            "import_report", str(seed_path), "--slug", "taken", stdout=StringIO()
        )
    assert Report.objects.count() == 1
    assert not Activity.objects.exists()


def test_the_command_shows_its_progress_on_request(seed_path, areas):
    err = StringIO()
    call_command(
        "import_report", str(seed_path), "--progress", stdout=StringIO(), stderr=err
    )
    assert "[##############################] 112/112 writing" in err.getvalue()
    assert "reading" in err.getvalue()
