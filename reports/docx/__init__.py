"""Word output: a report as a .docx (python-docx) for conference services to edit.

It reads the same structure that reports/content.py builds for the PDF (masthead,
annexes, chapters, numbered paragraphs, the quarterly tables) and writes the
paragraphs' sanitised HTML as Word runs. Footnotes are real Word footnotes (a
footnotes part that python-docx does not write itself), numbered by Word from the
report's first footnote number, so they match the web page and the PDF.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from ..content import Paragraph, build_context
from .runs import INDENT, Footnotes, RunWriter, cell_html

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as WordParagraph

    from ..models import Report

FONT = "Times New Roman"  # UN documents; LibreOffice shows Liberation Serif


class EmptyReportError(ValidationError):
    """A report with nothing to put in a Word document."""


# Building the document --------------------------------------------------------


def setup_styles(document: WordDocument, report: Report) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = parse_xml(f'<w:lang {nsdecls("w")} w:val="{report.language}"/>')
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.0)


def bottom_rule(paragraph: WordParagraph, size: int = 18) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" '
            'w:space="1" w:color="000000"/></w:pBdr>'
        )
    )


def two_columns(document, left: list[str], right: list[str], *, bold_left=True):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table.rows[0].cells
    for cell, lines, bold in ((cells[0], left, bold_left), (cells[1], right, False)):
        paragraph = cell.paragraphs[0]
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = bold or None
            if index < len(lines) - 1:
                run.add_break()
    return table


def add_masthead(document: WordDocument, context: dict) -> None:
    report, masthead = context["report"], context["masthead"]
    top = two_columns(document, [_("UNITED NATIONS")], masthead["symbols"])
    for run in top.rows[0].cells[1].paragraphs[0].runs:
        run.bold, run.font.size = True, Pt(14)
    top.rows[0].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    bottom_rule(document.add_paragraph(), size=24)
    distribution = [_("Distr.: %s") % report.get_distribution_display()]
    if masthead["document_date"]:
        distribution.append(date_format(masthead["document_date"], "j F Y"))
    distribution.append(_("Original: %s") % report.get_original_language_display())
    two_columns(document, [_("United Nations Environment Programme")], distribution)
    bottom_rule(document.add_paragraph(), size=24)
    lines = masthead["meetings"]
    if lines:
        table = document.add_table(rows=1, cols=len(lines))
        for cell, line in zip(table.rows[0].cells, lines, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(line.body).bold = True
            for text in (line.session, line.place_and_dates, line.agenda_item):
                if text:
                    paragraph.add_run().add_break()
                    paragraph.add_run(text)
            if line.agenda_title:
                cell.add_paragraph().add_run(line.agenda_title).bold = True
    if report.revision:
        document.add_paragraph().add_run(report.revision_label).bold = True
    title = document.add_paragraph()
    title.paragraph_format.left_indent = INDENT
    title.paragraph_format.space_before = Pt(24)
    run = title.add_run(report.title)
    run.bold, run.font.size = True, Pt(15)
    period = {"quarterly": report.period, "outline": report.outline_label}.get(
        report.kind, ""
    )
    if period:
        document.add_paragraph(period).paragraph_format.left_indent = INDENT


def heading(document, number: str, text: str, size: int) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = INDENT
    paragraph.paragraph_format.first_line_indent = -INDENT
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.tab_stops.add_tab_stop(INDENT)
    run = paragraph.add_run(f"{number}\t{text}" if number else text)
    run.bold, run.font.size = True, Pt(size)


def numbered_paragraph(document, footnotes: Footnotes, paragraph: Paragraph) -> None:
    """'12.<tab>text', the block indented 1.25 cm, sub-paragraphs below it."""

    def first() -> WordParagraph:
        word = document.add_paragraph()
        word.paragraph_format.left_indent = INDENT
        word.paragraph_format.tab_stops.add_tab_stop(INDENT + Cm(0.8))
        word.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        word.add_run(f"{paragraph.number}.\t")
        return word

    writer = RunWriter(document, footnotes)
    writer.new_paragraph_hook = first
    writer.paragraph_indent = INDENT * 2
    writer.feed(str(paragraph.html))
    writer.close()
    if not writer.first_paragraph_used:
        first()


def plain_paragraphs(document, footnotes: Footnotes, html: str) -> None:
    writer = RunWriter(document, footnotes)
    writer.feed(str(html))
    writer.close()


def add_annexes(document, footnotes: Footnotes, context: dict) -> None:
    report = context["report"]
    if context["cover_note"]:
        heading(document, "", _("Note by the secretariat"), 12)
        for paragraph in context["cover_note"]:
            if isinstance(paragraph, Paragraph):
                numbered_paragraph(document, footnotes, paragraph)
            else:
                plain_paragraphs(document, footnotes, paragraph)
    for annex in context["annexes"]:
        if report.kind != report.Kind.OUTLINE:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            document.add_paragraph().add_run(_("Annex %s") % annex.roman).bold = True
            title = document.add_paragraph()
            title.paragraph_format.left_indent = INDENT
            run = title.add_run(annex.title)
            run.bold, run.font.size = True, Pt(14)
        for chapter in annex.chapters:
            heading(document, f"{chapter.roman}.", chapter.heading, 12)
            for paragraph in chapter.paragraphs:
                numbered_paragraph(document, footnotes, paragraph)
            for section in chapter.sections:
                heading(document, f"{section.letter}.", section.heading, 11)
                for paragraph in section.paragraphs:
                    numbered_paragraph(document, footnotes, paragraph)


def add_quarterly(document, footnotes: Footnotes, context: dict) -> None:
    if context["overview"]:
        heading(document, "", _("Overview"), 12)
        plain_paragraphs(document, footnotes, context["overview"])
    heading(
        document,
        "",
        _(
            "Ongoing activities that contribute to efficiencies and delivery "
            "improvements resulting from synergies between the three conventions"
        ),
        12,
    )
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    header = table.rows[0].cells
    header[0].paragraphs[0].add_run(_("Activity")).italic = True
    header[1].paragraphs[0].add_run(_("Synergies")).italic = True
    for row in context["ongoing"]:
        cells = table.add_row().cells
        html = row["text"] or f"<p>{row['activity'].title}</p>"
        cell_html(cells[0], footnotes, str(html))
        cell_html(cells[1], footnotes, "".join(str(s) for s in row["synergies"]))
    heading(document, "", _("Cost savings in the period"), 12)
    if not context["savings"]:
        report = context["report"]
        document.add_paragraph(
            _("No new cost savings were recorded in the period %s.") % report.period
        )
        return
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    for cell, label in zip(
        table.rows[0].cells, (_("Activity"), _("Note"), _("Amount")), strict=True
    ):
        cell.paragraphs[0].add_run(label).italic = True
    for saving in context["savings"]:
        cells = table.add_row().cells
        cells[0].text = saving.activity.title
        cells[1].text = saving.note
        cells[2].text = f"{saving.currency} {saving.amount:,.2f}"
    for currency, total in context["totals"].items():
        cells = table.add_row().cells
        cells[1].text = _("Total in %s") % currency
        cells[2].text = f"{currency} {total:,.2f}"


def add_page_furniture(document: WordDocument, report: Report) -> None:
    """The symbol in the running header and the page number at the foot, none on
    the first page (the masthead's); footnotes numbered from the report's start."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = " ".join(report.symbols) or report.title
    header.runs[0].bold, header.runs[0].font.size = True, Pt(8)
    bottom_rule(header, size=4)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = footer.add_run()
    run.bold = True
    for xml in (
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
    ):
        run._r.append(parse_xml(xml))
    sect_pr = section._sectPr
    sect_pr.insert(
        0,
        parse_xml(
            f"<w:footnotePr {nsdecls('w')}><w:numStart "
            f'w:val="{report.footnote_start or 1}"/></w:footnotePr>'
        ),
    )


def set_properties(document: WordDocument, report: Report) -> None:
    properties = document.core_properties
    properties.title = report.title[:250]
    properties.subject = " ".join(report.symbols) or report.get_kind_display()
    properties.author = report.author[:250]
    properties.language = report.language
    properties.keywords = ", ".join(report.symbols)
    properties.comments = "brsportal"
    if report.issued_at:
        properties.created = properties.modified = report.issued_at
    properties.revision = report.revision + 1


def has_content(context: dict) -> bool:
    if context["report"].kind == "quarterly":
        return bool(context["ongoing"] or context["overview"] or context["savings"])
    return bool(
        context["cover_note"] or any(annex.paragraphs for annex in context["annexes"])
    )


def render_docx(report: Report) -> bytes:
    """The report as a Word document; EmptyReportError when it has no paragraph."""
    context = build_context(report, for_print=True)
    if not has_content(context):
        raise EmptyReportError(
            _(
                "This report has no paragraphs yet: there is nothing to put in a "
                "Word document. Add a cover note, introductions or activities first."
            )
        )
    document = Document()
    setup_styles(document, report)
    footnotes = Footnotes(document)
    add_masthead(document, context)
    if report.kind == report.Kind.QUARTERLY:
        add_quarterly(document, footnotes, context)
    else:
        add_annexes(document, footnotes, context)
    add_page_furniture(document, report)
    set_properties(document, report)
    footnotes.serialize()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
