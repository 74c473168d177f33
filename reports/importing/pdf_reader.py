"""PDF files as text: paragraphs rejoined, superscripts as citations, the footnote
area as notes, tables as tab-separated rows, page furniture left out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import IO

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from .layout import BULLET, LETTERED, NUMBERED, TAB_HEADING
from .plan import ImportRefused

MAX_PAGES = 500
DIGITS = re.compile(r"\d+")


@dataclass
class Line:
    top: float
    bottom: float
    x0: float
    size: float
    words: list[dict] = field(default_factory=list)
    x1: float = 0.0
    row: str = ""  # a table row, already as tab-separated text

    @property
    def main_size(self) -> float:
        """The size most of its characters have (a note's number may be larger)."""
        sizes: Counter[float] = Counter()
        for word in self.words:
            sizes[round(word["size"], 1)] += len(word["text"])
        return sizes.most_common(1)[0][0] if sizes else self.size

    def text(self, body: float) -> str:
        if self.row:
            return self.row
        parts: list[str] = []
        for word in sorted(self.words, key=lambda w: w["x0"]):
            superscript = word["size"] < 0.8 * self.size and word["text"].isdigit()
            if superscript and parts:
                parts[-1] += f"[footnoteRef:{word['text']}]"
            else:
                parts.append(word["text"])
        return " ".join(parts)


def joined(previous: str, text: str) -> str:
    """A line run on: a line cut after a hyphen, dash or slash (compound words,
    joint symbols, web addresses) continues without a space."""
    if previous.endswith(("-", "\u2013", "/")):
        return previous + text
    last = previous.rsplit(" ", 1)[-1]
    if "/" in last and last.endswith(".") and text[:1].isdigit():
        return previous + text  # a symbol cut after its dot: "Add." + "1"
    return f"{previous} {text}"


def cell_text(cell: str | None) -> str:
    text = ""
    for line in (cell or "").splitlines():
        text = joined(text, line.strip()) if text else line.strip()
    return text


def page_lines(page) -> list[Line]:
    """Words grouped into lines by vertical overlap; tables as rows."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    lines: list[Line] = []
    words = page.extract_words(extra_attrs=["size"], x_tolerance=1.5)
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle_x = (word["x0"] + word["x1"]) / 2
        middle_y = (word["top"] + word["bottom"]) / 2
        if any(
            x0 - 1 <= middle_x <= x1 + 1 and top - 1 <= middle_y <= bottom + 1
            for x0, top, x1, bottom in boxes
        ):
            continue
        for line in reversed(lines[-3:]):
            overlap = min(line.bottom, word["bottom"]) - max(line.top, word["top"])
            if overlap > 0.4 * min(
                line.bottom - line.top, word["bottom"] - word["top"]
            ):
                line.words.append(word)
                line.top, line.bottom = (
                    min(line.top, word["top"]),
                    max(line.bottom, word["bottom"]),
                )
                line.size = max(line.size, word["size"])
                line.x0 = min(line.x0, word["x0"])
                line.x1 = max(line.x1, word["x1"])
                break
        else:
            line = Line(word["top"], word["bottom"], word["x0"], word["size"], [word])
            line.x1 = word["x1"]
            lines.append(line)
    for table in tables:
        top = table.bbox[1]
        for index, row in enumerate(table.extract()):
            cells = [cell_text(cell) for cell in row]
            lines.append(
                Line(top + index * 0.01, top, table.bbox[0], 0, row="\t".join(cells))
            )
    return sorted(lines, key=lambda line: line.top)


def furniture(pages: list[list[Line]], body: float) -> set[str]:
    """Text repeated at the top or bottom of most pages (headers, footers, numbers)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {DIGITS.sub("#", line.text(body)) for line in [*lines[:2], *lines[-2:]]}
        counts.update(edge)
    return {text for text, n in counts.items() if n >= max(2, len(pages) // 2)}


def starts_paragraph(text: str) -> bool:
    return bool(
        NUMBERED.match(text)
        or LETTERED.match(text)
        or BULLET.match(text)
        or TAB_HEADING.match(text)
    )


@dataclass
class Flow:
    """Body lines joined into paragraphs; footnote-area lines collected as notes."""

    body: float
    left: float = 0.0
    right: float = 0.0
    last_x1: float = 0.0
    paragraphs: list[str] = field(default_factory=list)
    notes: list[list[str]] = field(default_factory=list)
    last_bottom: float | None = None
    last_page: int = -1

    def add(self, line: Line, text: str, page: int, lead: float) -> None:
        gap = None if self.last_bottom is None else line.top - self.last_bottom
        previous = self.paragraphs[-1] if self.paragraphs else ""
        new = (
            not previous
            or line.row
            or "\t" in previous
            or starts_paragraph(text)
            or (page == self.last_page and gap is not None and gap > lead)
            or self.ended(previous)
            or (page != self.last_page and previous.rstrip().endswith((".", ":")))
        )
        if line.row and page != self.last_page and "\t" in previous:
            cells, before = text.split("\t"), previous.split("\t")
            unfinished = not before[0].rstrip().endswith((".", ";", ":", "!", "?", ")"))
            if (
                not cells[0]
                or cells[0][:1].islower()
                or (unfinished and not self.header_row(before))
            ):
                # A table row broken across the page: its rest opens the next page.
                merged = [
                    joined(a, b) if b else a
                    for a, b in zip(before, cells + [""] * len(before), strict=False)
                ]
                self.paragraphs[-1] = "\t".join(merged)
                self.last_bottom, self.last_page = line.bottom, page
                return
        if new:
            self.paragraphs.append(text)
        else:
            self.paragraphs[-1] = joined(previous, text)
        self.last_bottom, self.last_page = line.bottom, page
        self.last_x1 = line.x1

    def header_row(self, cells: list[str]) -> bool:
        """The row opens its table and reads as a header (short cells, no sentence):
        left alone at the foot of a page, it is not the start of the next row."""
        opens = len(self.paragraphs) < 2 or "\t" not in self.paragraphs[-2]
        return opens and all(
            len(cell.strip()) < 40 and not cell.rstrip().endswith(".") for cell in cells
        )

    def ended(self, previous: str) -> bool:
        """The last line stopped short of the margin: its paragraph ended there
        (for documents without space between paragraphs)."""
        width = self.right - self.left
        if width <= 0 or not self.last_x1:
            return False
        filled = (self.last_x1 - self.left) / width
        closed = previous.rstrip().endswith((".", ":", ";", "!", "?"))
        return (filled < 0.85 and closed) or filled < 0.5

    def note(self, line: Line, text: str) -> None:
        first = line.words[0]["text"] if line.words else ""
        marker = first.rstrip(".")
        if marker.isdigit() and len(marker) <= 4:
            self.notes.append([marker, text[len(first) :].strip()])
        elif self.notes:
            self.notes[-1][1] = joined(self.notes[-1][1], text)


def read_pdf(stream: IO[bytes], name: str) -> tuple[str, int]:
    try:
        pdf = pdfplumber.open(stream)
    except (PdfminerException, PDFPasswordIncorrect, PDFSyntaxError) as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(error).lower():
            raise ImportRefused(
                f"{name} is protected by a password; save an unprotected copy."
            ) from error
        raise ImportRefused(f"{name} is not a readable PDF file.") from error
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ImportRefused(f"{name} has more than {MAX_PAGES} pages; split it.")
        try:
            pages = [page_lines(page) for page in pdf.pages]
        except Exception as error:  # pdfminer raises many kinds
            raise ImportRefused(
                f"{name}: its pages cannot be read ({error})."
            ) from error
        count = len(pdf.pages)
    sizes = Counter(round(ln.size, 1) for lines in pages for ln in lines if ln.words)
    if not sizes:
        return "", count
    body = sizes.most_common(1)[0][0]
    # The space between two lines of one paragraph; a paragraph break adds more.
    leads = [
        b.top - a.bottom
        for lines in pages
        for a, b in zip(lines, lines[1:], strict=False)
        if abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5
    ]
    lead = median([g for g in leads if g >= 0] or [body * 0.3]) + 0.35 * body
    skip = furniture(pages, body)
    flow = Flow(body)
    for number, lines in enumerate(pages):
        text_lines = [ln for ln in lines if ln.words and abs(ln.size - body) < 0.5]
        flow.left = min((ln.x0 for ln in text_lines), default=0.0)
        flow.right = max((ln.x1 for ln in text_lines), default=0.0)
        last_body = max(
            (ln.bottom for ln in lines if ln.row or ln.main_size >= body - 0.4),
            default=0,
        )
        for line in lines:
            text = line.text(body)
            if DIGITS.sub("#", text) in skip or not text.strip():
                continue
            small = line.main_size < body - 0.4
            if not line.row and small and line.top > last_body:
                flow.note(line, text)
            else:
                flow.add(line, text, number, lead)
    notes = [f"[^{marker}]: {text}" for marker, text in flow.notes]
    return "\n".join([*flow.paragraphs, "", *notes]), count
