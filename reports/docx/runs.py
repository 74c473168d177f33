"""Sanitised report HTML written as Word runs, and Word's footnotes part.

python-docx writes no footnotes: ``Footnotes`` adds the part (with Word's two
separator notes) and ``RunWriter`` turns each ``<span class="footnote">`` into a real
footnote where it is cited.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING

from django.utils.html import escape
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as WordParagraph

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
