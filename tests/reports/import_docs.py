"""Word and PDF files built from a plain-text document, as a secretariat would have
them: Word footnotes (numbered from where the text's own numbering starts), Word
tables, headings; a PDF with real footnotes at the foot of the page, superscript
calls, a running header and page numbers."""

from __future__ import annotations

import html
import io
import re

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

NOTE = re.compile(r"\[(\d+):\s*(.*?)\](?=\s*(?:\[\d+:|$))")
REF = re.compile(r"\[footnoteRef:(\d+)\]")
TAB_HEADING = re.compile(r"^\s*\t([IVX]+|[A-Z])\.\t(.+?)\s*$")
FOOTNOTES_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
)


def split_notes(line: str) -> tuple[str, dict[str, str]]:
    notes = {m[1]: m[2].strip() for m in NOTE.finditer(line)}
    return NOTE.sub("", line).rstrip(), notes


def docx_from_text(text: str) -> bytes:
    """A .docx with the text's paragraphs, headings, tables and real footnotes."""
    document = docx.Document()
    notes: dict[str, str] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if (
            "\t" in line.strip()
            and not TAB_HEADING.match(line)
            and not line.lstrip().startswith("(")
        ):
            rows = []
            while index < len(lines) and (
                not lines[index].strip() or "\t" in lines[index]
            ):
                if lines[index].strip():
                    rows.append(lines[index].split("\t", 1))
                index += 1
            table = document.add_table(rows=len(rows), cols=2, style="Table Grid")
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value.strip()
            continue
        body, found = split_notes(line)
        notes.update(found)
        heading = TAB_HEADING.match(body)
        if heading:
            level = 1 if re.fullmatch(r"[IVX]+", heading[1]) else 2
            paragraph = document.add_paragraph(style=f"Heading {level}")
            paragraph.add_run(f"{heading[1]}.\t{heading[2]}")
        else:
            paragraph = document.add_paragraph()
            for position, part in enumerate(REF.split(body.strip())):
                if position % 2:
                    paragraph._p.append(footnote_reference(part))
                elif part:
                    paragraph.add_run(part)
        index += 1
    if notes:
        add_footnotes(document, notes)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def footnote_reference(note_id: str):
    return parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def add_footnotes(document, notes: dict[str, str]) -> None:
    """Word's footnotes part; numbering starts at the first note's number."""
    body = "".join(
        # Word's footnote text is 10 pt, its number a superscript.
        f'<w:footnote w:id="{marker}"><w:p><w:r><w:rPr><w:vertAlign '
        'w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r><w:r>'
        '<w:rPr><w:sz w:val="20"/></w:rPr><w:t '
        f'xml:space="preserve"> {html.escape(note)}</w:t></w:r></w:p></w:footnote>'
        for marker, note in notes.items()
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes '
        f'{nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
        f"<w:separator/></w:r></w:p></w:footnote>{body}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        FOOTNOTES_TYPE,
        xml.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    section = document.sections[0]._sectPr
    properties = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:numStart w:val="{min(map(int, notes))}"/>'
        "</w:footnotePr>"
    )
    section.insert(0, properties)
    assert section.find(qn("w:footnotePr")) is not None


PDF_CSS = """
@page { size: A4; margin: 25mm 20mm;
  @top-center { content: "UNEP/MC/COP.6/INF/10"; font-size: 9pt }
  @bottom-center { content: counter(page); font-size: 9pt } }
body { font: 11pt/1.35 "DejaVu Serif", serif; counter-reset: footnote __START__ }
p { margin: 0 0 8pt }
h1, h2, h3 { font-size: 12pt; margin: 12pt 0 8pt }
.fn { float: footnote; font-size: 8pt }
::footnote-call { font-size: 7pt; vertical-align: super }
::footnote-marker { content: counter(footnote) " " }
table { border-collapse: collapse; width: 100% }
td, th { border: 0.5pt solid black; padding: 3pt; vertical-align: top }
"""


def pdf_from_text(text: str) -> bytes:
    """A PDF (WeasyPrint) of the text, with footnotes at the foot of each page."""
    import weasyprint

    starts = [int(m[1]) for m in REF.finditer(text)]
    parts = []
    lines = text.splitlines()
    notes = {m[1]: m[2].strip() for line in lines for m in NOTE.finditer(line)}
    in_table = False
    for line in lines:
        if not line.strip():
            continue
        if (
            "\t" in line.strip()
            and not TAB_HEADING.match(line)
            and not line.lstrip().startswith("(")
        ):
            cells = "".join(
                f"<td>{html.escape(c.strip())}</td>" for c in line.split("\t", 1)
            )
            if not in_table:
                parts.append("<table>")
                in_table = True
            parts.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        body, _ = split_notes(line)
        if heading := TAB_HEADING.match(body):
            parts.append(f"<h2>{heading[1]}.&nbsp;{html.escape(heading[2])}</h2>")
            continue
        escaped = html.escape(body.strip())
        escaped = REF.sub(
            lambda m: f'<span class="fn">{html.escape(notes.get(m[1], ""))}</span>',
            escaped.replace("[footnoteRef:", "[footnoteRef:"),
        )
        parts.append(f"<p>{escaped}</p>")
    if in_table:
        parts.append("</table>")
    css = PDF_CSS.replace("__START__", str(min(starts) - 1 if starts else 0))
    page = (
        f"<html><head><style>{css}</style></head><body>{''.join(parts)}</body></html>"
    )
    return weasyprint.HTML(string=page).write_pdf()
