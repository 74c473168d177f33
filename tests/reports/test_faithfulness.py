"""The seed reports built from the shipped fixtures match the real documents.

Besides tests/test_fixtures.py, this is the one place that loads the shipped fixtures.
"""

import html as html_lib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.models import Report

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
BIENNIAL = "minamata-brs-joint-report-2024-2025"
QUARTERLY = "2014-q1-synergies-report"
DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})


def seed_text(prefix: str) -> str:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return paths[0].read_text(encoding="utf-8")


def plain(html: str) -> str:
    """Visible text of rendered HTML, whitespace collapsed, dashes folded."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", text).translate(DASHES)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().translate(DASHES)


@pytest.fixture
def seeded(db) -> dict[str, Report]:
    names = {path.name for path in FIXTURES}
    if "70_reports.json" not in names or not any(n.startswith("5") for n in names):
        pytest.skip("the shipped fixtures (activities and reports) are not there yet")
    call_command("loaddata", *map(str, FIXTURES), verbosity=0)
    return {report.slug: report for report in Report.objects.all()}


# The seed's structure ---------------------------------------------------------


def seed_structure(text: str) -> list[tuple[str, int]]:
    """Headings in order, each with the count of numbered paragraphs under it."""
    structure: list[list] = []
    title_next = False
    for line in text.splitlines():
        stripped = line.strip()
        heading = re.match(r"^\t([IVX]+|[A-Z])\.\t(.+)$", line)
        if stripped in ("Note by the secretariat", "Annex I", "Annex II"):
            structure.append([stripped, 0])
            title_next = stripped.startswith("Annex")
        elif title_next and stripped:
            structure.append([stripped, 0])
            title_next = False
        elif heading:
            structure.append([f"{heading[1]}. {heading[2].strip()}", 0])
        elif re.match(r"^\d+\.\s", line) and structure:
            structure[-1][1] += 1
    return [(norm(heading), count) for heading, count in structure]


def rendered_structure(html: str) -> list[tuple[str, int]]:
    token = re.compile(
        r'<(h2|h3|h4|span)[^>]*\bdata-heading\b[^>]*>(.*?)</\1>|id="annex-i+-para-\d+"',
        re.S,
    )
    structure: list[list] = []
    for match in token.finditer(html):
        if match[1]:
            structure.append([plain(match[2]).strip(), 0])
        else:
            structure[-1][1] += 1
    return [(heading, count) for heading, count in structure]


def test_biennial_report_has_the_seeds_headings_and_paragraph_counts(seeded):
    expected = seed_structure(seed_text("003"))
    assert len(expected) > 20
    assert rendered_structure(seeded[BIENNIAL].render_html()) == expected


def test_biennial_report_has_every_decision_and_document_symbol_of_the_seed(seeded):
    text = seed_text("003")
    rendered = plain(seeded[BIENNIAL].render_html())
    decisions = set(re.findall(r"\b(?:BC|RC|SC|MC)[-\u2011]?\d+/\d+", text))
    documents = {
        symbol.rstrip(".-") for symbol in re.findall(r"UNEP/[A-Za-z0-9./()\-]+", text)
    }
    assert len(decisions) >= 10
    assert len(documents) >= 10
    missing = [s for s in decisions | documents if norm(s) not in rendered]
    assert missing == []


def test_biennial_report_has_every_footnote_url_of_the_seed(seeded):
    footnotes = re.findall(r"\[\d+:\s*(.*?)\]\s", seed_text("003"), re.S)
    urls = {
        url.rstrip(".")
        for note in footnotes
        for url in re.findall(r"(?:https?://|www\.)[^\s\]]+", note)
    }
    assert len(urls) >= 8
    rendered = plain(seeded[BIENNIAL].render_html())
    assert [url for url in urls if url not in rendered] == []


def test_seed_reports_issues_both_seed_reports_once(seeded):
    call_command("seed_reports", verbosity=0)
    issued = {report.slug: report for report in Report.objects.issued()}
    assert set(issued) == {BIENNIAL, QUARTERLY}
    assert all(report.verify() for report in issued.values())
    expected = seed_structure(seed_text("003"))
    assert rendered_structure(issued[BIENNIAL].html) == expected
    call_command("seed_reports", verbosity=0)
    assert Report.objects.get(slug=BIENNIAL).sha256 == issued[BIENNIAL].sha256


def seed_table(text: str) -> list[tuple[str, str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Activity\t"))
    return [
        tuple(norm(cell) for cell in line.split("\t", 1))
        for line in lines[start + 1 :]
        if "\t" in line
    ]


def test_quarterly_report_has_the_13_activities_with_their_synergies(seeded):
    report = seeded[QUARTERLY]
    rows = seed_table(seed_text("000"))
    assert len(rows) == 13
    table = (
        report.render_html().split('class="synergies"', 1)[1].split("</table>", 1)[0]
    )
    body = table.split("<tbody>", 1)[1]
    rendered_rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    assert len(rendered_rows) == 13
    for (activity, synergies), row in zip(rows, rendered_rows, strict=True):
        assert activity in plain(row)
        assert synergies in plain(row)


def test_quarterly_report_has_the_period_overview_and_no_savings_sentence(seeded):
    seed = seed_text("000")
    rendered = plain(seeded[QUARTERLY].render_html())
    assert "1 January - 31 March 2014" in rendered
    overview = norm(seed.split("Overview", 1)[1].split("Ongoing activities")[0])
    assert norm(overview.replace("*", "")) in rendered
    assert "No new cost savings were recorded" in rendered


# Every numbered paragraph, word for word -------------------------------------

SEED_FOOTNOTE = re.compile(r"\[footnoteRef:\d+\]|\s*\[\d+:[^\]]*\]")


def seed_paragraphs(text: str) -> list[tuple[str, int, str]]:
    """(annex, number, text) of every numbered paragraph of both annexes, with its
    sub-paragraphs and without the footnotes."""
    paragraphs: list[list] = []
    annex = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in ("Annex I", "Annex II"):
            annex, current = stripped, None
        elif annex is None or line.startswith("\t"):
            current = None
        elif match := re.match(r"^(\d+)\.\s+(.*)$", line):
            current = [annex, int(match[1]), match[2]]
            paragraphs.append(current)
        elif current is not None and stripped:
            current[2] += " " + stripped
    return [(a, n, norm(SEED_FOOTNOTE.sub("", t))) for a, n, t in paragraphs]


def rendered_paragraphs(report: Report) -> list[tuple[str, int, str]]:
    context = report.document_context()
    found = []
    for annex in context["annexes"]:
        paragraphs = [
            *annex.introduction,
            *(p for section in annex.sections for p in section.paragraphs),
            *annex.services,
        ]
        for paragraph in paragraphs:
            html = re.sub(r'<sup class="fnref".*?</sup>', "", str(paragraph.html))
            # Inline tags join words; block tags separate them.
            html = re.sub(r"</?(?!p\b|li\b|br\b)[a-z]+[^>]*>", "", html)
            found.append((f"Annex {annex.roman}", paragraph.number, norm(plain(html))))
    return found


def test_biennial_report_paragraphs_are_the_seeds_word_for_word(seeded):
    expected = seed_paragraphs(seed_text("003"))
    rendered = rendered_paragraphs(seeded[BIENNIAL])
    assert len(expected) == 68
    assert [p[:2] for p in rendered] == [p[:2] for p in expected]
    different = [
        (r[:2], r[2], e[2])
        for r, e in zip(rendered, expected, strict=True)
        if r[2] != e[2]
    ]
    assert different == []


# Footnotes and masthead of the seed report ------------------------------------


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "seed.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603 - fixed local tool
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")


def seed_footnotes(text: str) -> dict[int, str]:
    return {
        int(number): norm(note)
        for number, note in re.findall(r"\[(\d+):\s*(.*?)\]\s", text, re.S)
    }


def test_biennial_report_footnotes_run_4_to_18_on_the_web_and_in_the_pdf(
    seeded, tmp_path
):
    report = seeded[BIENNIAL]
    expected = seed_footnotes(seed_text("003"))
    assert sorted(expected) == list(range(4, 19))
    html = report.render_html()
    web = [int(n) for n in re.findall(r'<li id="fn-[^"]+" value="(\d+)"', html)]
    assert web == list(range(4, 19))
    calls = re.findall(r'<sup class="fnref" id="[^"]+"><a [^>]*>(\d+)</a>', html)
    assert [int(n) for n in calls] == list(range(4, 19))
    pages = pdf_pages(report.render_pdf(), tmp_path)
    seed = SEED_FOOTNOTE.sub(
        lambda m: m[0] if m[0].startswith("[footnoteRef") else "", seed_text("003")
    )
    callouts = {
        int(m[2]): m[1] for m in re.finditer(r"(\S{3})\[footnoteRef:(\d+)\]", seed)
    }
    for number, note in expected.items():
        # The note is at the foot of the page that holds its callout ("text;4").
        words = note.split()[:3]
        pattern = rf"^\s*{number}\s+" + r"\s+".join(map(re.escape, words))
        start = re.compile(pattern, re.M)
        holding = [i for i, page in enumerate(pages) if start.search(page)]
        assert len(holding) == 1, f"footnote {number} printed {len(holding)} times"
        # The callout follows the same characters as in the seed (the last three
        # of a word stay together however the line is hyphenated).
        before = callouts[number]
        body = start.split(pages[holding[0]])[0]
        assert f"{before}{number}" in body.replace("\u2010", "-"), (
            f"footnote {number} is not on the page of its callout {before}{number}"
        )


def test_biennial_report_pdf_prints_its_masthead(seeded, tmp_path):
    report = seeded[BIENNIAL]
    report.symbol = "UNEP/MC/COP.6/INF/10"
    report.save()
    first = re.sub(r"\s+", " ", pdf_pages(report.render_pdf(), tmp_path)[0])
    for text in (
        "UNITED NATIONS",
        "UNEP/MC/COP.6/INF/10",
        "United Nations Environment Programme",
        "Distr.: General",
        "Original: English",
        "Conference of the Parties to the Minamata Convention on Mercury",
        "Sixth meeting",
        "Note by the secretariat",
    ):
        assert text in first


def test_quarterly_report_has_no_raw_markdown(seeded, tmp_path):
    report = seeded[QUARTERLY]
    html = report.render_html()
    printed = "\n".join(pdf_pages(report.render_pdf(), tmp_path))
    for text in (plain(html), printed):
        assert "[^" not in text
        assert not re.search(r"(?<![\w*])\*[^*\s][^*]*\*(?![\w*])", text)


def test_biennial_report_docx_has_the_68_paragraphs_and_15_footnotes(seeded):
    from tests.reports.test_docx import read_docx

    texts, notes, first = read_docx(seeded[BIENNIAL].render_docx())
    numbered = [
        norm(text.split("\t", 1)[1]) for text in texts if re.match(r"^\d+\.\t", text)
    ]
    expected = [text for _, _, text in seed_paragraphs(seed_text("003"))]
    assert len(numbered) == 68
    # Word keeps the sub-paragraphs (a), (b) ... as paragraphs of their own.
    assert [text[:60] for text in numbered] == [text[:60] for text in expected]
    assert first == 4
    assert len(notes) == 15
    seed_notes = seed_footnotes(seed_text("003"))
    for offset, note in enumerate(notes.values()):
        assert norm(note).startswith(seed_notes[first + offset].split()[0])
