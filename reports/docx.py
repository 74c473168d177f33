"""Word output: a report as a .docx (python-docx) for conference services to edit.

It reads the same structure that reports/document.py builds for the PDF (masthead,
annexes, chapters, numbered paragraphs, the quarterly tables) and writes the
paragraphs' sanitised HTML as Word runs. Footnotes are real Word footnotes (a
footnotes part that python-docx does not write itself), numbered by Word from the
report's first footnote number, so they match the web page and the PDF.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from .document import Paragraph, build_context

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as WordParagraph

    from .models import Report

FONT = "Times New Roman"  # UN documents; LibreOffice shows Liberation Serif
INDENT = Cm(1.25)
FOOTNOTES_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
)
# Word's two reserved footnotes: the separator lines above the footnote area.
FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
    "</w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
    "<w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class EmptyReportError(ValidationError):
    """A report with nothing to put in a Word document."""


class Footnotes:
    """The document's footnotes part; add() returns the new footnote's id."""

    def __init__(self, document: WordDocument) -> None:
        self.element = parse_xml(FOOTNOTES_XML)
        self.part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_CONTENT_TYPE,
            b"",
            document.part.package,
        )
        document.part.relate_to(self.part, RT.FOOTNOTES)
        self.count = 0

    def add(self, html: str) -> int:
        self.count += 1
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{self.count}"><w:p><w:pPr>'
            '<w:spacing w:after="40"/></w:pPr><w:r><w:rPr>'
            '<w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr>'
            '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
            "</w:p></w:footnote>"
        )
        self.element.append(note)
        writer = RunWriter(None, self, size=Pt(8))
        writer.paragraph_element = note[0]
        writer.feed(html)
        return self.count

    def serialize(self) -> None:
        from lxml import etree

        self.part._blob = etree.tostring(
            self.element, xml_declaration=True, encoding="UTF-8", standalone=True
        )


class RunWriter(HTMLParser):
    """Writes sanitised report HTML (p, em, strong, a, lists, footnotes) as runs of
    Word paragraphs; a footnote span becomes a real footnote."""

    def __init__(self, document, footnotes: Footnotes | None, *, size=None) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.footnotes = footnotes
        self.size = size
        self.paragraph_element = None
        self.paragraph: WordParagraph | None = None
        self.bold = self.italic = self.superscript = 0
        self.note_depth = 0
        self.note_html: list[str] = []
        self.list_stack: list[list] = []
        self.first_paragraph_used = False
        self.new_paragraph_hook = None
        # Sub-paragraphs of a numbered paragraph sit one step further in.
        self.paragraph_indent = None

    # Paragraphs -------------------------------------------------------------

    def start_paragraph(self, indent=None, prefix: str = "") -> None:
        if self.document is None:  # inside a footnote: one paragraph
            return
        if self.new_paragraph_hook and not self.first_paragraph_used:
            self.first_paragraph_used = True
            self.paragraph = self.new_paragraph_hook()
        else:
            self.paragraph = self.document.add_paragraph()
            indent = indent if indent is not None else self.paragraph_indent
            if indent is not None:
                self.paragraph.paragraph_format.left_indent = indent
        if prefix:
            self.text(prefix)

    def text(self, text: str) -> None:
        if not text:
            return
        if self.paragraph_element is not None:
            run = parse_xml(f"<w:r {nsdecls('w')}><w:rPr/><w:t/></w:r>")
            run[1].text = text
            run[1].set(qn("xml:space"), "preserve")
            rpr = run[0]
            if self.size:
                rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="16"/>'))
            if self.italic:
                rpr.append(parse_xml(f"<w:i {nsdecls('w')}/>"))
            if self.bold:
                rpr.append(parse_xml(f"<w:b {nsdecls('w')}/>"))
            self.paragraph_element.append(run)
            return
        if self.paragraph is None:
            self.start_paragraph()
        run = self.paragraph.add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        run.font.superscript = bool(self.superscript) or None
        if self.size:
            run.font.size = self.size

    def footnote(self, html: str) -> None:
        number = self.footnotes.add(html)
        run = self.paragraph.add_run()
        run.font.superscript = True
        run._r.append(
            parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>')
        )

    # HTMLParser -------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if self.note_depth:
            if tag == "span":
                self.note_depth += 1
            self.note_html.append(self.get_starttag_text() or "")
            return
        if tag == "span" and "footnote" in (attributes.get("class") or "").split():
            self.note_depth, self.note_html = 1, []
        elif tag == "p":
            if self.list_stack:
                return
            self.start_paragraph(indent=self.indent_for_depth())
        elif tag in ("ul", "ol"):
            start = int(attributes.get("start") or 1) if tag == "ol" else 0
            self.list_stack.append([tag, start])
        elif tag == "li" and self.list_stack:
            kind, counter = self.list_stack[-1]
            prefix = f"{counter}.\t" if kind == "ol" else "\u2022\t"
            if kind == "ol":
                self.list_stack[-1][1] += 1
            self.start_paragraph(indent=self.indent_for_depth(), prefix=prefix)
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag in ("strong", "b", "h3", "h4", "h5", "h6"):
            if tag.startswith("h"):
                self.start_paragraph()
            self.bold += 1
        elif tag == "sup":
            self.superscript += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "h3", "h4", "h5", "h6") and not self.note_depth:
            self.trim_paragraph()
            if self.document is not None:
                self.paragraph = None
        if self.note_depth:
            if tag == "span":
                self.note_depth -= 1
                if not self.note_depth:
                    self.footnote("".join(self.note_html))
                    return
            self.note_html.append(f"</{tag}>")
            return
        if tag in ("ul", "ol") and self.list_stack:
            self.list_stack.pop()
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("strong", "b", "h3", "h4", "h5", "h6"):
            self.bold = max(0, self.bold - 1)
        elif tag == "sup":
            self.superscript = max(0, self.superscript - 1)

    def handle_data(self, data: str) -> None:
        if self.note_depth:
            from django.utils.html import escape

            self.note_html.append(escape(data))
            return
        if not data.strip() and self.paragraph is None:
            return
        self.text(data.replace("\n", " "))

    def trim_paragraph(self) -> None:
        """Drop the whitespace that the HTML source left at a paragraph's end."""
        if self.paragraph is None or not self.paragraph.runs:
            return
        last = self.paragraph.runs[-1]
        if last.text and last.text != last.text.rstrip():
            last.text = last.text.rstrip()

    def indent_for_depth(self):
        base = self.paragraph_indent or INDENT
        return base + INDENT * (len(self.list_stack) - 1) if self.list_stack else None


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
    if report.version:
        document.add_paragraph().add_run(report.version_label).bold = True
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


class CellDocument:
    """Lets RunWriter add paragraphs to a table cell (its first one reused)."""

    def __init__(self, cell) -> None:
        self.cell, self.used = cell, False

    def add_paragraph(self):
        if not self.used:
            self.used = True
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()


def cell_html(cell, footnotes: Footnotes, html: str) -> None:
    writer = RunWriter(CellDocument(cell), footnotes)
    writer.feed(html)
    writer.close()


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
    properties.revision = report.version + 1


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
