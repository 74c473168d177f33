import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from activities.models import Activity, PublicationStatus, Reference
from reports.importer import clean_line, parse
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


def test_clean_line_turns_citations_into_markdown_and_collects_footnotes():
    text, notes = clean_line(
        "(b)\tTwo *webinars*;[footnoteRef:4] [4:  www.brsmeas.org/tabid/9990.] "
    )
    assert text == r"(b) Two \*webinars\*;[^4]"
    assert notes == {"4": "www.brsmeas.org/tabid/9990."}


def test_parse_keeps_sub_paragraphs_with_their_paragraph(seed_path):
    parsed = parse(seed_path.read_text(encoding="utf-8"))
    outreach = parsed.annexes[0].chapters[2]
    assert outreach.heading == "Outreach, communication and event coordination"
    seventh = next(p for p in outreach.paragraphs if p.number == 7)
    assert [block[:3] for block in seventh.blocks[1:]] == ["(a)", "(b)", "(c)"]
    assert seventh.footnotes == {"4": "www.brsmeas.org/tabid/9990."}


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
    assert "Not placed: " in out.getvalue()
    assert "decision BC-17/7 is not in the database" in out.getvalue()
    # Staff publish the reviewed activities; the rendered report has the seed's shape.
    imported.update(publication_status=PublicationStatus.PUBLISHED)
    expected = seed_structure(seed_path.read_text(encoding="utf-8"))
    assert rendered_structure(report.render_html()) == expected


def test_import_reports_sections_without_a_thematic_area(seed_path):
    factories.ThematicAreaFactory(slug="gender", name="Gender")
    out = StringIO()
    call_command("import_report", str(seed_path), stdout=out)
    assert re.search(r"section A \('Outreach.*no thematic area", out.getvalue())
    assert Activity.objects.filter(thematic_area__slug="gender").count() == 2


def test_import_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_report", str(tmp_path / "none.txt"))


def test_import_refuses_a_duplicate_slug(seed_path, areas):
    factories.ReportFactory(slug="taken")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "import_report", str(seed_path), "--slug", "taken", stdout=StringIO()
        )
