"""Read a joint report in its plain-text form (from Word) into draft records.

The text has a "Note by the secretariat", then "Annex I"/"Annex II" each followed by
its title, tab-indented chapter (I., II., III.) and section (A., B., ...) headings,
numbered paragraphs ("12. ..."), sub-paragraphs ("(a) ..."), citations
``[footnoteRef:N]`` and footnote texts ``[N: text]``. Paragraphs of chapter I become
the annex introduction, those of lettered sections draft activities, those of chapter
III the services introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from activities.models import (
    Activity,
    Partnership,
    PublicationStatus,
    Reference,
    ThematicArea,
)
from decisions.models import Convention, Decision, Document, Organization, Secretariat
from decisions.symbols import find_decision_symbols, find_document_symbols

from .models import Report, SectionHeading

HEADING = re.compile(r"^\t([IVX]+|[A-Z])\.\t(.+?)\s*$")
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
SUBPARAGRAPH = re.compile(r"^\(([a-z]{1,3})\)\s*(.*)$")
FOOTNOTE_TEXT = re.compile(r"\[(\d+):\s*(.*?)\](?=\s*(?:\[\d+:|$))")
FOOTNOTE_REF = re.compile(r"\[footnoteRef:(\d+)\]")
URL = re.compile(r"(?:https?://|www\.)[^\s\]]+")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_<\[\]])")
CONVENTION_WORDS = {
    "BC": "Basel",
    "RC": "Rotterdam",
    "SC": "Stockholm",
    "MC": "Minamata",
}


@dataclass
class Paragraph:
    """A numbered paragraph as read, with its footnotes."""

    number: int
    blocks: list[str]
    footnotes: dict[str, str] = field(default_factory=dict)

    @property
    def markdown(self) -> str:
        return "\n\n".join(self.blocks)


@dataclass
class Chapter:
    """A heading (chapter or lettered section) and its paragraphs."""

    label: str
    heading: str
    is_section: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class AnnexText:
    """One annex as read."""

    number: int
    title: str = ""
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class ReportText:
    """The whole report as read."""

    cover_note: str = ""
    annexes: list[AnnexText] = field(default_factory=list)


def escape_markdown(text: str) -> str:
    """Keep the typed text literal in Markdown; citations are added afterwards."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def clean_line(line: str) -> tuple[str, dict[str, str]]:
    """The line's text in Markdown (citations as [^N]) and the footnotes it defines."""
    footnotes = {m[1]: m[2].strip() for m in FOOTNOTE_TEXT.finditer(line)}
    text = FOOTNOTE_TEXT.sub("", line)
    text = re.sub(r"[ \t]+", " ", text).strip()
    parts = FOOTNOTE_REF.split(text)
    # split() alternates text and captured markers.
    markdown = "".join(
        f"[^{part}]" if index % 2 else escape_markdown(part)
        for index, part in enumerate(parts)
    )
    return markdown, footnotes


def parse(text: str) -> ReportText:
    """Parse the plain text of a joint report into its structure."""
    report = ReportText()
    lines = text.splitlines()
    cover_next = title_next = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "Note by the secretariat":
            cover_next = True
            continue
        if stripped in ("Annex I", "Annex II"):
            report.annexes.append(AnnexText(number=1 if stripped == "Annex I" else 2))
            cover_next, title_next = False, True
            continue
        if cover_next:
            report.cover_note = "\n\n".join(
                filter(None, [report.cover_note, clean_line(stripped)[0]])
            )
            continue
        if title_next:
            report.annexes[-1].title = stripped
            title_next = False
            continue
        if not report.annexes:
            continue
        annex = report.annexes[-1]
        if heading := HEADING.match(line):
            label = heading[1]
            # Inside chapter II, "I." is section I (after H), not chapter I.
            in_sections = any(c.label == "II" for c in annex.chapters) and not any(
                c.label == "III" and not c.is_section for c in annex.chapters
            )
            is_section = in_sections and label not in ("II", "III")
            annex.chapters.append(Chapter(label, heading[2].strip(), is_section))
            continue
        if not annex.chapters:
            continue
        chapter = annex.chapters[-1]
        markdown, footnotes = clean_line(line)
        if numbered := NUMBERED.match(stripped):
            markdown, footnotes = clean_line(numbered[2])
            chapter.paragraphs.append(Paragraph(int(numbered[1]), [markdown]))
        elif chapter.paragraphs:
            chapter.paragraphs[-1].blocks.append(markdown)
        else:
            continue
        chapter.paragraphs[-1].footnotes.update(footnotes)
    return report


# Into the database -----------------------------------------------------------


@dataclass
class ImportResult:
    """What the import created and what it could not place."""

    report: Report
    activities: list[Activity] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


def find_area(
    heading: str, areas: list[ThematicArea]
) -> tuple[ThematicArea | None, bool]:
    """The thematic area a section heading names, and whether the heading differs."""
    lowered = heading.lower()
    for area in areas:
        if area.name.lower() == lowered:
            return area, False
    for area in areas:
        if lowered.startswith(area.name.lower()) or area.name.lower().startswith(
            lowered
        ):
            return area, True
    return None, False


def first_sentence(text: str, limit: int = 200) -> str:
    plain = re.sub(r"\[\^\d+\]|\\", "", text)
    sentence = re.split(r"(?<=[.;:])\s", plain, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "\u2026"


class Importer:
    """Creates the draft report and activities, reusing the existing records."""

    def __init__(self, parsed: ReportText, *, slug: str, title: str, biennium: int):
        self.parsed = parsed
        self.slug = slug
        self.title = title
        self.biennium = biennium
        self.areas = list(ThematicArea.objects.all())
        self.organizations = list(Organization.objects.all())
        self.conventions = {c.code: c for c in Convention.objects.all()}
        self.secretariats = list(Secretariat.objects.all())

    @transaction.atomic
    def run(self) -> ImportResult:
        report = Report.objects.create(
            kind=Report.Kind.BIENNIAL,
            title=self.title,
            slug=self.slug,
            biennium=self.biennium,
            cover_note=self.parsed.cover_note,
        )
        result = ImportResult(report)
        for annex in self.parsed.annexes:
            self.import_annex(result, annex)
        report.save()
        return result

    def import_annex(self, result: ImportResult, annex: AnnexText) -> None:
        report, prefix = result.report, f"annex{annex.number}"
        setattr(report, f"{prefix}_title", annex.title)
        for chapter in annex.chapters:
            paragraphs = [p.markdown for p in chapter.paragraphs]
            if chapter.is_section:
                self.import_section(result, annex, chapter)
            elif chapter.label == "I":
                setattr(report, f"{prefix}_introduction", "\n\n".join(paragraphs))
            elif chapter.label == "III":
                setattr(
                    report, f"{prefix}_services_introduction", "\n\n".join(paragraphs)
                )
                if paragraphs:
                    result.unplaced.append(
                        f"Annex {annex.number}, III: {len(paragraphs)} paragraph(s) "
                        "kept as the services introduction; link service agreements "
                        "by hand."
                    )

    def import_section(
        self, result: ImportResult, annex: AnnexText, chapter: Chapter
    ) -> None:
        area, differs = find_area(chapter.heading, self.areas)
        if area is None:
            result.unplaced.append(
                f"Annex {annex.number}, section {chapter.label} "
                f"({chapter.heading!r}): no thematic area of that name; "
                f"{len(chapter.paragraphs)} paragraph(s) not imported."
            )
            return
        if differs:
            SectionHeading.objects.create(
                report=result.report,
                annex=annex.number,
                thematic_area=area,
                heading=chapter.heading,
            )
        for paragraph in chapter.paragraphs:
            result.activities.append(
                self.import_activity(result, annex, area, paragraph)
            )

    def import_activity(
        self,
        result: ImportResult,
        annex: AnnexText,
        area: ThematicArea,
        paragraph: Paragraph,
    ) -> Activity:
        planned = annex.number == 2
        activity = Activity.objects.create(
            slug=f"{self.slug}-{annex.number}-{paragraph.number}"[:120],
            title=first_sentence(paragraph.blocks[0]),
            narrative=paragraph.markdown,
            thematic_area=area,
            biennium=self.biennium + (2 if planned else 0),
            status=Activity.Status.PLANNED if planned else Activity.Status.COMPLETED,
            position=paragraph.number,
            publication_status=PublicationStatus.DRAFT,
        )
        text = paragraph.markdown.replace("\\", "")
        activity.conventions.set(
            convention
            for code, convention in self.conventions.items()
            if CONVENTION_WORDS[code] in text or code + "-" in text
        )
        activity.secretariats.set(self.secretariats)
        activity.decisions.set(self.decisions(result, text, paragraph.number))
        for organization in self.organizations:
            if organization.name in text or (
                organization.acronym
                and re.search(rf"\b{re.escape(organization.acronym)}\b", text)
            ):
                Partnership.objects.get_or_create(
                    activity=activity, organization=organization
                )
        for position, (marker, note) in enumerate(paragraph.footnotes.items()):
            Reference.objects.create(
                activity=activity,
                marker=marker,
                text=note,
                url=self.url(note),
                document=self.document(result, note, paragraph.number),
                position=position,
            )
        return activity

    def decisions(self, result: ImportResult, text: str, number: int) -> list:
        found = []
        for match in find_decision_symbols(text):
            parts = match.symbol
            decision = Decision.objects.with_symbols([parts]).first()
            if decision is None:
                result.unplaced.append(
                    f"Paragraph {number}: decision {parts} is not in the database."
                )
            else:
                found.append(decision)
        return found

    @staticmethod
    def url(note: str) -> str:
        match = URL.search(note)
        if match is None:
            return ""
        url = match[0].rstrip(".,;")
        return url if url.startswith("http") else f"https://{url}"

    def document(self, result: ImportResult, note: str, number: int) -> Document | None:
        for found in find_document_symbols(note):
            symbol = found.text
            document = Document.objects.holding(found.citation.symbols).first()
            if document is not None:
                return document
            result.unplaced.append(
                f"Paragraph {number}: document {symbol} is not in the database "
                "(kept as footnote text)."
            )
        return None


def guess_biennium(parsed: ReportText) -> int | None:
    """The first year named in Annex I's title, as an even biennium start."""
    for annex in parsed.annexes:
        if annex.number == 1 and (year := re.search(r"\b(20\d\d)\b", annex.title)):
            start = int(year[1])
            return start - start % 2
    return None


def import_report(
    text: str, *, slug: str = "", title: str = "", biennium: int | None = None
) -> ImportResult:
    """Parse and import; raises ValueError when the biennium cannot be told."""
    parsed = parse(text)
    biennium = biennium or guess_biennium(parsed)
    if biennium is None:
        raise ValueError("Could not tell the biennium; give --biennium.")
    title = title or f"Joint report {biennium}\u2013{biennium + 1} (imported)"
    slug = slug or slugify(f"imported-joint-report-{biennium}-{biennium + 1}")
    return Importer(parsed, slug=slug, title=title, biennium=biennium).run()
