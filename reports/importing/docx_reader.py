"""Word .docx files as text: numbering written out, notes and tables kept."""

from __future__ import annotations

from typing import IO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from .layout import HEADING, TAB_HEADING
from .plan import ImportRefused

SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

FORMATS = {
    "decimal": str,
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": lambda n: roman(n).lower(),
    "upperRoman": lambda n: roman(n),
}


def roman(number: int) -> str:
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, letters in [(1000, "M"), (500, "D"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), *values]:  # fmt: skip
        while number >= value:
            result, number = result + letters, number - value
    return result


class Numbering:
    """Word's automatic list numbers ("1.", "(a)", "II."), counted as Word does."""

    def __init__(self, document):
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, str]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        if numbering is not None:
            self.read(numbering)
        for style in document.styles.element.findall(qn("w:style")):
            num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num is not None:
                self.style_num[style.get(qn("w:styleId"))] = self.ids(num)

    def read(self, numbering) -> None:
        for abstract in numbering.findall(qn("w:abstractNum")):
            aid = abstract.get(qn("w:abstractNumId"))
            for level in abstract.findall(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                text = level.find(qn("w:lvlText"))
                start = level.find(qn("w:start"))
                self.levels[(aid, level.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
        for num in numbering.findall(qn("w:num")):
            abstract = num.find(qn("w:abstractNumId"))
            if abstract is not None:
                self.abstract_of[num.get(qn("w:numId"))] = abstract.get(qn("w:val"))

    @staticmethod
    def ids(num) -> tuple[str, str]:
        ilvl, num_id = num.find(qn("w:ilvl")), num.find(qn("w:numId"))
        return (
            num_id.get(qn("w:val")) if num_id is not None else "",
            ilvl.get(qn("w:val")) if ilvl is not None else "0",
        )

    def label(self, paragraph) -> str:
        ppr = paragraph.find(qn("w:pPr"))
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num is not None:
            num_id, ilvl = self.ids(num)
        else:
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            num_id, ilvl = self.style_num.get(
                style.get(qn("w:val")) if style is not None else "", ("", "0")
            )
        aid = self.abstract_of.get(num_id)
        if aid is None or (aid, ilvl) not in self.levels:
            return ""
        level = int(ilvl)
        counters = self.counters.setdefault(aid, {})
        fmt, text, start = self.levels[(aid, ilvl)]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        for k in range(level + 1):
            kfmt, _, kstart = self.levels.get((aid, str(k)), ("decimal", "", 1))
            value = counters.get(k, kstart)
            text = text.replace(f"%{k + 1}", FORMATS.get(kfmt, str)(value))
        return "" if fmt in ("bullet", "none") else text


def run_text(element, notes: dict[str, str]) -> str:
    """A paragraph's text with tabs, breaks and note citations, in order."""
    parts = []
    for node in element.iter():
        tag = node.tag
        if tag == qn("w:t") and node.text:
            parts.append(node.text)
        elif tag == qn("w:tab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append(" ")
        elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
            kind = "f" if tag == qn("w:footnoteReference") else "e"
            marker = notes.get(f"{kind}{node.get(qn('w:id'))}")
            if marker:
                parts.append(f"[footnoteRef:{marker}]")
    return "".join(parts)


def note_texts(document, notes: dict[str, str]) -> dict[str, str]:
    """The footnotes' and endnotes' texts by Word's id ("f4", "e1")."""
    texts = {}
    for part in document.part.package.parts:
        name = str(part.partname)
        if name not in ("/word/footnotes.xml", "/word/endnotes.xml"):
            continue
        kind = "f" if "foot" in name else "e"
        root = etree.fromstring(part.blob, parser=SAFE_XML)
        for note in root:
            if note.get(qn("w:type")) in ("separator", "continuationSeparator"):
                continue
            text = " ".join(
                run_text(p, notes).strip() for p in note.iter(qn("w:p"))
            ).strip()
            texts[f"{kind}{note.get(qn('w:id'))}"] = text
    return texts


def note_markers(body, start: int) -> dict[str, str]:
    """Word shows notes numbered in the order they are cited, from numStart."""
    markers, footnote, endnote = {}, start, 1
    for node in body.iter(qn("w:footnoteReference"), qn("w:endnoteReference")):
        if node.tag == qn("w:footnoteReference"):
            key = f"f{node.get(qn('w:id'))}"
            if key not in markers:
                markers[key], footnote = str(footnote), footnote + 1
        else:
            key = f"e{node.get(qn('w:id'))}"
            if key not in markers:
                markers[key], endnote = f"e{endnote}", endnote + 1
    return markers


def read_docx(stream: IO[bytes], name: str) -> str:
    try:
        document = docx.Document(stream)
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ImportRefused(f"{name} is not a readable Word .docx file.") from error
    body = document.element.body
    start = body.find(f".//{qn('w:footnotePr')}/{qn('w:numStart')}")
    markers = note_markers(
        body, int(start.get(qn("w:val"))) if start is not None else 1
    )
    numbering = Numbering(document)
    lines = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(paragraph_line(child, numbering, markers))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [
                    " ".join(run_text(p, markers).strip() for p in cell.iter(qn("w:p")))
                    for cell in row.iter(qn("w:tc"))
                ]
                lines.append("\t".join(c.replace("\t", " ") for c in cells))
    texts = note_texts(document, markers)
    notes = [
        f"[^{marker}]: {texts[key]}" for key, marker in markers.items() if key in texts
    ]
    return "\n".join([*lines, "", *notes])


def paragraph_line(paragraph, numbering: Numbering, markers: dict[str, str]) -> str:
    text = run_text(paragraph, markers)
    label = numbering.label(paragraph)
    if label:
        return f"{label} {text.lstrip()}"
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style_id = style.get(qn("w:val")) if style is not None else ""
    level = style_id[7:] if style_id.startswith("Heading") else ""
    if level.isdigit() and text.strip() and not HEADING.match(text):
        if TAB_HEADING.match(text):
            return text
        return f"{'#' * int(level)} {text.strip()}"
    return text
