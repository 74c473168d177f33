"""A report's structure built from the records, for templates/reports/document.html.

A biennial report is a cover note and two annexes; each annex has an introduction,
lettered sections of numbered paragraphs (one per activity, numbering continuous
through the annex) and a section on shared services. A quarterly report is an
overview, the table of ongoing activities and their synergies, and the cost savings.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    CostSaving,
    ServiceAgreement,
    Synergy,
)
from activities.narrative import (
    cited_markers,
    markdown_to_safe_html,
    reference_html,
    render_narrative,
)
from decisions.models import Decision
from decisions.symbols import (
    PRINTED_DOCUMENT_SYMBOL_PATTERN,
    DecisionSymbol,
    decision_condition,
    find_decision_symbols,
)

if TYPE_CHECKING:
    from .models import Report

ROMAN = {1: "I", 2: "II"}
CHAPTER_HEADINGS = {
    "introduction": _("Introduction"),
    "programmatic": _("Programmatic cooperation"),
    "services": _("Sharing and purchase of secretariat services"),
}
_BLANK_LINE = re.compile(r"\n\s*\n")
_TAG = re.compile(r"(<[^>]+>)")
# What must not break across lines: a UN document symbol (the grammar of
# decisions.symbols, unanchored and without a trailing full stop) and any word
# typed with a non-breaking hyphen, which the report font does not have.
_UNBREAKABLE = re.compile(
    r"(?<![\w/.:\-])(?:" + PRINTED_DOCUMENT_SYMBOL_PATTERN + r")(?<![.\-])|\S*\u2011\S*"
)
# "1. " or "1) " typed at the start of a paragraph that the report numbers itself.
_TYPED_NUMBER = re.compile(r"^\d{1,3}[.)]\s+")


@dataclass
class Paragraph:
    """A numbered paragraph of an annex."""

    number: int
    html: SafeString

    @property
    def numbered(self) -> SafeString:
        """The paragraph with its number written in, so every renderer (browser,
        WeasyPrint, copy and paste) shows the same continuous numbering."""
        number = f'<span class="para-num">{self.number}.</span>'
        html = str(self.html)
        if html.startswith("<p>"):
            return mark_safe(f"<p>{number}{html[3:]}")  # noqa: S308 - ours + sanitised
        return mark_safe(f"<p>{number}</p>{html}")  # noqa: S308 - ours + sanitised


@dataclass
class Footnote:
    """A footnote listed under an annex on the web page."""

    anchor: str
    back: str
    number: int
    html: SafeString


@dataclass
class Section:
    """A lettered section (A, B, ...) of programmatic cooperation."""

    letter: str
    heading: str
    slug: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Chapter:
    """A chapter (I. Introduction, ...) of an annex, numbered among those printed."""

    roman: str
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Annex:
    """Annex I (activities undertaken) or II (activities planned), or the body of
    an outline."""

    number: int
    title: str
    introduction: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    services: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    @property
    def roman(self) -> str:
        return ROMAN[self.number]

    @property
    def chapters(self) -> list[Chapter]:
        """The chapters that hold something; an empty one is left out."""
        parts = [
            ("introduction", self.introduction, []),
            ("programmatic", [], self.sections),
            ("services", self.services, []),
        ]
        chapters = []
        for key, paragraphs, sections in parts:
            if paragraphs or sections:
                roman = roman_numeral(len(chapters) + 1)
                chapters.append(
                    Chapter(roman, str(CHAPTER_HEADINGS[key]), paragraphs, sections)
                )
        return chapters

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every numbered paragraph, in order."""
        return [
            *self.introduction,
            *(p for section in self.sections for p in section.paragraphs),
            *self.services,
        ]

    @property
    def anchor(self) -> str:
        return f"annex-{self.roman.lower()}"


def roman_numeral(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, letters in numerals:
        while number >= value:
            result += letters
            number -= value
    return result


class FootnoteNumbers:
    """One footnote sequence for a whole report, from the report's first number, in
    the order the citations are printed (web page and PDF alike)."""

    def __init__(self, start: int) -> None:
        self.next = start
        self.numbers: dict[tuple[object, str], int] = {}

    def numbering(self, owner: object):
        """The number() callable for the citations of one narrative."""

        def number(marker: str) -> int:
            key = (owner, marker)
            if key not in self.numbers:
                self.numbers[key] = self.next
                self.next += 1
            return self.numbers[key]

        return number


def keep_together(html: str) -> str:
    """Wrap document symbols and words with a non-breaking hyphen in nowrap spans
    (the hyphen becomes an ordinary one), in text only, never inside tags."""

    def wrap(match: re.Match) -> str:
        return f'<span class="nobr">{match[0].replace(chr(0x2011), "-")}</span>'

    return "".join(
        piece if piece.startswith("<") else _UNBREAKABLE.sub(wrap, piece)
        for piece in _TAG.split(html)
    )


# Decision links --------------------------------------------------------------


def decision_urls(html_parts: list[str]) -> dict[DecisionSymbol, str]:
    """URLs of the decisions cited in these texts that exist (one query); the
    symbols are found by the one grammar (decisions.symbols)."""
    found = {f.symbol for part in html_parts for f in find_decision_symbols(part)}
    if not found:
        return {}
    urls = {}
    for decision in Decision.objects.filter(decision_condition(found)).select_related(
        "convention"
    ):
        try:
            urls[decision.parts] = decision.get_absolute_url()
        except NoReverseMatch:  # the decisions pages are not wired up
            continue
    return urls


def link_decisions(html: str, urls: dict[DecisionSymbol, str]) -> SafeString:
    """Turn the decision symbols in sanitised HTML text into links to their pages,
    leaving the text of existing links and tags alone."""
    if not urls:
        return mark_safe(html)  # noqa: S308 - input is sanitised HTML

    def link(text: str) -> str:
        out, last = [], 0
        for found in find_decision_symbols(text):
            url = urls.get(found.symbol)
            if url is None:
                continue
            out.append(text[last : found.start])
            out.append(f'<a class="decision" href="{escape(url)}">{found.text}</a>')
            last = found.end
        out.append(text[last:])
        return "".join(out)

    pieces, in_link = [], False
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            lowered = piece.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link = True
            elif lowered.startswith("</a"):
                in_link = False
            pieces.append(piece)
        else:
            pieces.append(piece if in_link else link(piece))
    return mark_safe("".join(pieces))  # noqa: S308 - only our own <a> added


def markdown_paragraphs(text: str) -> list[str]:
    """Split Markdown into its paragraphs (blank-line separated), each rendered;
    a number typed at the start ("1. ") is dropped, as the report numbers them."""
    chunks = [_TYPED_NUMBER.sub("", chunk.strip()) for chunk in split_chunks(text)]
    return [str(markdown_to_safe_html(chunk)) for chunk in chunks if chunk]


def split_chunks(text: str) -> list[str]:
    return [chunk.strip() for chunk in _BLANK_LINE.split(text or "") if chunk.strip()]


def typed_numbers(text: str) -> bool:
    """Whether the paragraphs were typed with their own numbers ("1.", "2.")."""
    return any(_TYPED_NUMBER.match(chunk) for chunk in split_chunks(text))


# Biennial reports and outlines -------------------------------------------------


def part_activities(bienniums: list[int], *, planned: bool) -> list[Activity]:
    activities = Activity.objects.published().select_related("thematic_area")
    activities = activities.filter(biennium__in=bienniums)
    activities = activities.planned() if planned else activities.undertaken()
    return list(
        activities.order_by(
            "theme_position", "position", "biennium", "pk"
        ).prefetch_related("references__document__parallel_symbols")
    )


def part_agreements(bienniums: list[int]) -> list[ServiceAgreement]:
    return list(
        ServiceAgreement.objects.published()
        .filter(biennium__in=bienniums)
        .in_report_order()
        .select_related("provider", "recipient")
        .prefetch_related("meetings", "lines")
    )


def agreement_text(agreement: ServiceAgreement) -> str:
    """The agreement's own report text, or a sentence written from its records."""
    if agreement.narrative.strip():
        return agreement.narrative
    services = ", ".join(str(line).lower() for line in agreement.lines.all())
    meetings = "; ".join(meeting.title for meeting in agreement.meetings.all())
    sentence = f"The {agreement.provider} provides services"
    if services:
        sentence += f", including {services},"
    sentence += f" to the {agreement.recipient}"
    if meetings:
        sentence += f" for the organization of {meetings}"
    return sentence + f" ({agreement.get_status_display().lower()})."


@dataclass
class PartSource:
    """Where one annex (or an outline's body) takes its content from."""

    number: int
    title: str
    introduction: str
    services_introduction: str
    bienniums: list[int]
    planned: bool


def part_sources(report: Report) -> list[PartSource]:
    if report.kind == report.Kind.OUTLINE:
        return [
            PartSource(
                2,
                "",
                report.annex1_introduction,
                report.annex1_services_introduction,
                report.outline_bienniums,
                planned=True,
            )
        ]
    return [
        PartSource(
            1,
            report.annex1_title,
            report.annex1_introduction,
            report.annex1_services_introduction,
            [report.biennium],
            planned=False,
        ),
        PartSource(
            2,
            report.annex2_title,
            report.annex2_introduction,
            report.annex2_services_introduction,
            [report.next_biennium],
            planned=True,
        ),
    ]


def build_annex(
    report: Report, source: PartSource, notes: FootnoteNumbers, *, for_print: bool
) -> Annex:
    annex = Annex(number=source.number, title=source.title)
    headings = {
        h.thematic_area_id: h.heading
        for h in report.section_headings.all()
        if h.annex == source.number
    }
    intro_html = markdown_paragraphs(source.introduction)
    activity_html = []
    for activity in part_activities(source.bienniums, planned=source.planned):
        references = list(activity.references.all())
        anchor = f"fn-{annex.roman.lower()}-{activity.pk}"
        number = notes.numbering(activity.pk)
        html = render_narrative(
            activity.narrative,
            references,
            anchor=anchor,
            footnotes="inline" if for_print else "links",
            number=number,
        )
        activity_html.append((activity, str(html)))
        if not for_print:
            by_marker = {ref.marker: ref for ref in references}
            annex.footnotes.extend(
                Footnote(
                    f"{anchor}-{marker}",
                    f"{anchor}-ref-{marker}",
                    number(marker),
                    mark_safe(keep_together(reference_html(by_marker[marker]))),  # noqa: S308
                )
                for marker in cited_markers(activity.narrative)
                if marker in by_marker
            )
    services_html = markdown_paragraphs(source.services_introduction) + [
        str(markdown_to_safe_html(agreement_text(agreement)))
        for agreement in part_agreements(source.bienniums)
    ]
    # The PDF keeps symbols as text: a relative link means nothing on paper.
    urls = (
        {}
        if for_print
        else decision_urls(
            intro_html + [html for _, html in activity_html] + services_html
        )
    )

    def paragraph(number: int, html: str) -> Paragraph:
        return Paragraph(number, mark_safe(keep_together(link_decisions(html, urls))))  # noqa: S308

    number = 0
    for html in intro_html:
        number += 1
        annex.introduction.append(paragraph(number, html))
    for activity, html in activity_html:
        area = activity.thematic_area
        if not annex.sections or annex.sections[-1].slug != area.slug:
            annex.sections.append(
                Section(
                    letter=string.ascii_uppercase[len(annex.sections) % 26],
                    heading=headings.get(area.pk, area.name),
                    slug=area.slug,
                )
            )
        number += 1
        annex.sections[-1].paragraphs.append(paragraph(number, html))
    for html in services_html:
        number += 1
        annex.services.append(paragraph(number, html))
    return annex


def cover_note_paragraphs(report: Report, *, for_print: bool) -> list:
    """The note's paragraphs: numbered (Paragraph) when they were typed with
    numbers, else as typed."""
    cover_html = markdown_paragraphs(report.cover_note)
    urls = {} if for_print else decision_urls(cover_html)
    html = [mark_safe(keep_together(link_decisions(h, urls))) for h in cover_html]  # noqa: S308
    if typed_numbers(report.cover_note):
        return [Paragraph(n, h) for n, h in enumerate(html, start=1)]
    return html


def annexes_context(report: Report, *, for_print: bool) -> dict:
    notes = FootnoteNumbers(report.footnote_start or 1)
    cover_note = cover_note_paragraphs(report, for_print=for_print)
    return {
        "cover_note": cover_note,
        "cover_note_numbered": bool(cover_note)
        and isinstance(cover_note[0], Paragraph),
        "annexes": [
            build_annex(report, source, notes, for_print=for_print)
            for source in part_sources(report)
        ],
    }


# Quarterly reports -----------------------------------------------------------


def quarterly_context(report: Report, *, for_print: bool) -> dict:
    biennium = report.year - report.year % 2
    activities = (
        Activity.objects.published()
        .in_biennium(biennium)
        .filter(status=Activity.Status.ONGOING)
        .filter(pk__in=Synergy.objects.values("activity"))
        # One table, not lettered sections: the rows keep their own order.
        .order_by("position", "pk")
        .prefetch_related("synergies", "references__document__parallel_symbols")
    )
    savings = CostSaving.objects.in_quarter(report.year, report.quarter).published()
    notes = FootnoteNumbers(report.footnote_start or 1)
    rows, footnotes = [], []
    for activity in activities:
        references = list(activity.references.all())
        anchor = f"fn-q-{activity.pk}"
        number = notes.numbering(activity.pk)
        text = None
        if activity.narrative.strip():
            text = mark_safe(  # noqa: S308 - sanitised, ours added
                keep_together(
                    render_narrative(
                        activity.narrative,
                        references,
                        anchor=anchor,
                        footnotes="inline" if for_print else "links",
                        number=number,
                    )
                )
            )
        by_marker = {ref.marker: ref for ref in references}
        if not for_print:
            footnotes.extend(
                Footnote(
                    f"{anchor}-{marker}",
                    f"{anchor}-ref-{marker}",
                    number(marker),
                    mark_safe(keep_together(reference_html(by_marker[marker]))),  # noqa: S308
                )
                for marker in cited_markers(activity.narrative)
                if marker in by_marker
            )
        rows.append(
            {
                "activity": activity,
                "text": text,
                # Synergies have no references of their own: citations are dropped.
                "synergies": [
                    mark_safe(keep_together(render_narrative(synergy.description)))  # noqa: S308
                    for synergy in activity.synergies.all()
                ],
            }
        )
    overview = str(markdown_to_safe_html(report.overview)).strip()
    return {
        "overview": mark_safe(keep_together(overview)) if overview else "",  # noqa: S308
        "ongoing": rows,
        "footnotes": footnotes,
        "savings": list(savings.select_related("activity").order_by("activity__title")),
        "totals": savings.totals_by_currency(),
    }


# Checks before issuing -----------------------------------------------------------


def report_activities(report: Report) -> list[Activity]:
    """The activities whose narratives the report prints."""
    if report.kind == report.Kind.QUARTERLY:
        biennium = report.year - report.year % 2
        return list(
            Activity.objects.published()
            .in_biennium(biennium)
            .filter(status=Activity.Status.ONGOING)
            .filter(pk__in=Synergy.objects.values("activity"))
            .order_by("position", "pk")
            .prefetch_related("references__document__parallel_symbols")
        )
    return [
        activity
        for source in part_sources(report)
        for activity in part_activities(source.bienniums, planned=source.planned)
    ]


def citation_problems(report: Report) -> list[str]:
    """References never cited and citations of no reference, activity by activity."""
    problems = []
    for activity in report_activities(report):
        cited = cited_markers(activity.narrative)
        markers = [ref.marker for ref in activity.references.all()]
        for marker in cited:
            if marker not in markers:
                problems.append(
                    str(
                        _(
                            "“%(activity)s” cites [^%(marker)s], which is not one of "
                            "its references: the citation is left out."
                        )
                    )
                    % {"activity": activity.title, "marker": marker}
                )
        for marker in markers:
            if marker not in cited:
                problems.append(
                    str(
                        _(
                            "“%(activity)s” never cites its reference %(marker)s: "
                            "it is not printed."
                        )
                    )
                    % {"activity": activity.title, "marker": marker}
                )
    return problems


# Entry points ----------------------------------------------------------------


def masthead_context(report: Report) -> dict:
    return {
        "symbols": report.symbols,
        "meetings": list(report.meeting_lines.select_related("meeting__convention")),
        "document_date": report.date_of_document,
    }


def paragraph_count(report: Report) -> int:
    """How many paragraphs (numbered, table rows, overview) the report would print."""
    context = build_context(report, for_print=True)
    if report.kind != report.Kind.QUARTERLY:  # biennial reports and outlines
        return sum(
            len(annex.introduction)
            + sum(len(section.paragraphs) for section in annex.sections)
            + len(annex.services)
            for annex in context["annexes"]
        )
    overview = 1 if report.overview.strip() else 0
    return overview + len(context["ongoing"]) + len(context["savings"])


def build_context(report: Report, *, for_print: bool = False) -> dict:
    context = {
        "report": report,
        "for_print": for_print,
        "masthead": masthead_context(report),
    }
    if report.kind == report.Kind.QUARTERLY:
        context.update(quarterly_context(report, for_print=for_print))
    else:
        context.update(annexes_context(report, for_print=for_print))
    return context


def revision_changes(report: Report, web_context: dict | None = None):
    """What a revision changes against the issued version it replaces (None for an
    original), read from the replaced version's frozen HTML and this content."""
    from .revisions import compare

    replaced = report.replaces
    if replaced is None or not replaced.is_issued:
        return None
    context = web_context or build_context(report, for_print=False)
    content = render_to_string("reports/document.html", {**context, "changes": None})
    return compare(replaced.html, content)


def render_fragment(report: Report) -> str:
    """The report's content for the web page (what is frozen as `html` at issue)."""
    context = build_context(report, for_print=False)
    context["changes"] = revision_changes(report, context)
    return render_to_string("reports/document.html", context)


def render_print_document(report: Report) -> str:
    """The complete HTML document WeasyPrint lays out (a revision's changes as its
    last annex)."""
    context = build_context(report, for_print=True)
    context["changes"] = revision_changes(report)
    return render_to_string("reports/pdf.html", context)


def render_standalone(report: Report) -> str:
    """The web content as one self-contained file (for render_report --format html)."""
    stylesheet = finders.find("css/print.css")
    css = Path(stylesheet).read_text(encoding="utf-8") if stylesheet else ""
    body = report.html if report.is_issued else render_fragment(report)
    return render_to_string(
        "reports/standalone.html",
        {"report": report, "body": mark_safe(body), "css": mark_safe(css)},  # noqa: S308
    )
