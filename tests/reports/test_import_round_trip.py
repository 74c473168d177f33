"""Each seed document, imported into a database holding only the conventions, the
secretariats and the thematic areas (the shipped fixtures of those, as the issue
asks), then rendered as a report, gives back the seed: from its text, from a .docx
made of it and from a PDF of it."""

import html as html_lib
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from statistics import median

import pytest
from django.conf import settings
from django.core.management import call_command

from activities.models import Activity, PublicationStatus
from reports.models import Report

from .import_docs import docx_from_text, pdf_from_text
from .test_faithfulness import norm, seed_structure, seed_table

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
NOTE = re.compile(r"\[(\d+):\s*(.*?)\](?=\s*(?:\[\d+:|$))")
REF = re.compile(r"\[footnoteRef:\d+\]")


def seed(prefix: str) -> str:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return paths[0].read_text(encoding="utf-8")


@pytest.fixture
def empty_portal(db):
    call_command(
        "loaddata",
        str(FIXTURES / "10_conventions.json"),
        # Thematic areas name the InforMEA terms they map to.
        str(FIXTURES / "15_informea_terms.json"),
        str(FIXTURES / "50_thematic_areas.json"),
        verbosity=0,
    )


def word_to_pdf(docx: bytes, tmp_path: Path) -> bytes:
    """The PDF LibreOffice makes of the .docx (skipped where it is not installed)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    (tmp_path / "word.docx").write_bytes(docx)
    subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "word.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (tmp_path / "word.pdf").read_bytes()


def import_as(kind: str, text: str, tmp_path: Path, *args: str) -> str:
    path = tmp_path / f"seed.{kind.rsplit('-', 1)[-1]}"
    if kind == "txt":
        path.write_text(text, encoding="utf-8")
    elif kind == "docx":
        path.write_bytes(docx_from_text(text))
    elif kind == "word-pdf":
        path.write_bytes(word_to_pdf(docx_from_text(text), tmp_path))
    else:
        path.write_bytes(pdf_from_text(text))
    out = StringIO()
    call_command("import_report", str(path), "--slug", "imported", *args, stdout=out)
    # Staff review the drafts and publish them.
    Activity.objects.update(publication_status=PublicationStatus.PUBLISHED)
    return out.getvalue()


def plain(html: str) -> str:
    html = re.sub(r"<sup[^>]*>.*?</sup>", "", html, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html))
    return norm(text)


def seed_paragraphs(text: str) -> list[str]:
    """The numbered paragraphs of the seed, with their lettered items, as text."""
    paragraphs: list[str] = []
    for line in text.splitlines():
        body = norm(REF.sub("", NOTE.sub("", line)))
        if re.match(r"^\d+\.\s", line):
            paragraphs.append(re.sub(r"^\d+\.\s*", "", body))
        elif paragraphs and re.match(r"^\([a-z]\)", body):
            paragraphs[-1] += " " + body
    return paragraphs


def rendered_paragraphs(html: str) -> list[str]:
    items = re.findall(r'<li value="\d+" id="annex-i+-para-\d+">(.*?)</li>', html, re.S)
    return [re.sub(r"^\d+\.\s*", "", plain(item)) for item in items]


def similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


LIBREOFFICE_FOOTNOTES = pytest.mark.xfail(
    reason="Known limit: in LibreOffice's PDF of the .docx the footnote area is not "
    "yet told from the body text (15 footnotes read as body lines)",
    strict=True,
)


@pytest.mark.parametrize(
    "kind",
    ["txt", "docx", "pdf", "word-pdf"],
)
def test_the_2024_2025_report_comes_back_whole(empty_portal, tmp_path, kind):
    text = seed("003")
    output = import_as(kind, text, tmp_path)
    report = Report.objects.get(slug="imported")
    assert report.kind == Report.Kind.BIENNIAL
    assert report.biennium == 2024
    html = report.render_html()
    expected, got = seed_paragraphs(text), rendered_paragraphs(html)
    assert len(expected) == 68
    assert len(got) == 68, output
    ratios = [similarity(a, b) for a, b in zip(expected, got, strict=True)]
    assert median(ratios) >= 0.98
    assert min(ratios) >= 0.9
    # 15/15 footnotes, each with its address or document symbol.
    notes = {
        m[1]: m[2].strip() for line in text.splitlines() for m in NOTE.finditer(line)
    }
    assert len(notes) == 15
    footnotes = re.findall(r'<aside class="footnotes".*?</aside>', html, re.S)
    rendered_notes = re.findall(r"<li id=\"fn-.*?</li>", "".join(footnotes), re.S)
    assert len(rendered_notes) == 15
    shown = plain("".join(rendered_notes))
    for note in notes.values():
        for address in re.findall(r"(?:https?://|www\.)\S+|UNEP/\S+", note):
            assert address.rstrip(".,") in shown, address
    assert seed_structure(text)[2:] == structure_from(html)[2:]


def structure_from(html: str) -> list[tuple[str, int]]:
    from .test_faithfulness import rendered_structure

    return rendered_structure(html)


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf", "word-pdf"])
def test_the_2014_quarterly_table_comes_back_row_by_row(empty_portal, tmp_path, kind):
    text = seed("000")
    import_as(kind, text, tmp_path, "--area", "administration")
    report = Report.objects.get(slug="imported")
    assert report.kind == Report.Kind.QUARTERLY
    assert (report.year, report.quarter) == (2014, 1)
    rows = seed_table(text)
    assert len(rows) == 13
    html = report.render_html()
    table = html.split('class="synergies"', 1)[1].split("</table>", 1)[0]
    rendered = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    assert len(rendered) == 13
    for (activity, synergies), row in zip(rows, rendered, strict=True):
        assert similarity(activity, plain(row)[: len(activity)]) >= 0.98
        assert synergies in plain(row)
