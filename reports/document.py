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
from decisions.symbols import DecisionSymbol, decision_condition, find_decision_symbols

if TYPE_CHECKING:
    from .models import Report

ROMAN = {1: "I", 2: "II"}
_BLANK_LINE = re.compile(r"\n\s*\n")
_TAG = re.compile(r"(<[^>]+>)")


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
    marker: str
    html: SafeString


@dataclass
class Section:
    """A lettered section (A, B, ...) of programmatic cooperation."""

    letter: str
    heading: str
    slug: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Annex:
    """Annex I (activities undertaken) or II (activities planned)."""

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
    def anchor(self) -> str:
        return f"annex-{self.roman.lower()}"


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
    """Split Markdown into its paragraphs (blank-line separated), each rendered."""
    chunks = [chunk.strip() for chunk in _BLANK_LINE.split(text or "")]
    return [str(markdown_to_safe_html(chunk)) for chunk in chunks if chunk]


# Biennial reports ------------------------------------------------------------


def annex_activities(report: Report, annex: int) -> list[Activity]:
    activities = Activity.objects.published().select_related("thematic_area")
    if annex == 1:
        activities = activities.in_biennium(report.biennium).undertaken()
    else:
        activities = activities.in_biennium(report.next_biennium).planned()
    return list(
        activities.in_report_order().prefetch_related(
            "references__document__parallel_symbols"
        )
    )


def annex_agreements(report: Report, annex: int) -> list[ServiceAgreement]:
    biennium = report.biennium if annex == 1 else report.next_biennium
    return list(
        ServiceAgreement.objects.published()
        .in_biennium(biennium)
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


def build_annex(report: Report, annex_number: int, *, for_print: bool) -> Annex:
    title = report.annex1_title if annex_number == 1 else report.annex2_title
    intro = (
        report.annex1_introduction if annex_number == 1 else report.annex2_introduction
    )
    services_intro = (
        report.annex1_services_introduction
        if annex_number == 1
        else report.annex2_services_introduction
    )
    annex = Annex(number=annex_number, title=title)
    headings = {
        h.thematic_area_id: h.heading
        for h in report.section_headings.all()
        if h.annex == annex_number
    }
    intro_html = markdown_paragraphs(intro)
    activity_html = []
    for activity in annex_activities(report, annex_number):
        references = list(activity.references.all())
        anchor = f"fn-{annex.roman.lower()}-{activity.pk}"
        html = render_narrative(
            activity.narrative,
            references,
            anchor=anchor,
            footnotes="inline" if for_print else "links",
        )
        activity_html.append((activity, str(html)))
        if not for_print:
            by_marker = {ref.marker: ref for ref in references}
            annex.footnotes.extend(
                Footnote(
                    f"{anchor}-{marker}",
                    f"{anchor}-ref-{marker}",
                    marker,
                    reference_html(by_marker[marker]),
                )
                for marker in cited_markers(activity.narrative)
                if marker in by_marker
            )
    services_html = markdown_paragraphs(services_intro) + [
        str(markdown_to_safe_html(agreement_text(agreement)))
        for agreement in annex_agreements(report, annex_number)
    ]
    # The PDF keeps symbols as text: a relative link means nothing on paper.
    urls = (
        {}
        if for_print
        else decision_urls(
            intro_html + [html for _, html in activity_html] + services_html
        )
    )
    number = 0
    for html in intro_html:
        number += 1
        annex.introduction.append(Paragraph(number, link_decisions(html, urls)))
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
        annex.sections[-1].paragraphs.append(
            Paragraph(number, link_decisions(html, urls))
        )
    for html in services_html:
        number += 1
        annex.services.append(Paragraph(number, link_decisions(html, urls)))
    return annex


def biennial_context(report: Report, *, for_print: bool) -> dict:
    cover_html = markdown_paragraphs(report.cover_note)
    urls = {} if for_print else decision_urls(cover_html)
    return {
        "cover_note": [link_decisions(html, urls) for html in cover_html],
        "annexes": [
            build_annex(report, number, for_print=for_print) for number in (1, 2)
        ],
    }


# Quarterly reports -----------------------------------------------------------


def quarterly_context(report: Report) -> dict:
    biennium = report.year - report.year % 2
    activities = (
        Activity.objects.published()
        .in_biennium(biennium)
        .filter(status=Activity.Status.ONGOING)
        .filter(pk__in=Synergy.objects.values("activity"))
        # One table, not lettered sections: the rows keep their own order.
        .order_by("position", "pk")
        .prefetch_related("synergies")
    )
    savings = CostSaving.objects.in_quarter(report.year, report.quarter).filter(
        activity__publication_status="published"
    )
    return {
        "overview": markdown_to_safe_html(report.overview),
        "ongoing": [
            {
                "activity": activity,
                "text": markdown_to_safe_html(activity.narrative)
                if activity.narrative.strip()
                else None,
                "synergies": [
                    markdown_to_safe_html(synergy.description)
                    for synergy in activity.synergies.all()
                ],
            }
            for activity in activities
        ],
        "savings": list(savings.select_related("activity").order_by("activity__title")),
        "totals": savings.totals_by_currency(),
    }


# Entry points ----------------------------------------------------------------


def build_context(report: Report, *, for_print: bool = False) -> dict:
    context = {"report": report, "for_print": for_print}
    if report.kind == report.Kind.BIENNIAL:
        context.update(biennial_context(report, for_print=for_print))
    else:
        context.update(quarterly_context(report))
    return context


def render_fragment(report: Report) -> str:
    """The report's content for the web page (what is frozen as `html` at issue)."""
    return render_to_string(
        "reports/document.html", build_context(report, for_print=False)
    )


def render_print_document(report: Report) -> str:
    """The complete HTML document WeasyPrint lays out."""
    return render_to_string("reports/pdf.html", build_context(report, for_print=True))


def render_standalone(report: Report) -> str:
    """The web content as one self-contained file (for render_report --format html)."""
    stylesheet = finders.find("css/print.css")
    css = Path(stylesheet).read_text(encoding="utf-8") if stylesheet else ""
    body = report.html if report.is_issued else render_fragment(report)
    return render_to_string(
        "reports/standalone.html",
        {"report": report, "body": mark_safe(body), "css": mark_safe(css)},  # noqa: S308
    )
