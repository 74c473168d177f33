"""Read the layout of a document's plain text into sections, paragraphs and rows.

The text is what a reader (readers.py) made of a file, or a file's own text: one
paragraph per line, or hard-wrapped paragraphs separated by blank lines. It may be a
Word export (tab-indented ``I.``/``A.`` headings, ``[footnoteRef:N]`` citations and
``[N: text]`` notes), a web copy (``[N]`` citations, notes at the end, page numbers,
"Transcription", repeated page headers), Markdown (``#`` headings, ``[^N]``), or a
PDF's text (superscript citations already turned into ``[footnoteRef:N]``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

ROMAN = re.compile(r"^[IVXL]+$")
TAB_HEADING = re.compile(r"^\s*\t([IVXL]+|[A-Z])\.\t+(.+?)\s*$")
HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?([IVXL]+|[A-Z])\.\s+(\S.{0,200}?)\s*$")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
# "12." or "3)": a year at the start of a wrapped line ("2026) and") is not one.
NUMBERED = re.compile(r"^\s*(\d+(?=\.)|\d{1,2}(?=\)))[.)]\s+(\S.*)$")
LETTERED = re.compile(r"^\s*\(([a-z]{1,3}|[ivx]{1,5})\)\s*(.*)$")
BULLET = re.compile(r"^\s*[-\u2022*\u2013\u25aa\u25cf]\s+(.*)$")
ANNEX = re.compile(r"^\s*annex\s*([IVX]+|\d+)?\s*$", re.I)
NOTES_HEADING = re.compile(r"^\s*(?:#+\s*)?(notes|endnotes|footnotes)\s*:?\s*$", re.I)
# Footnote definitions and citations in the forms Word exports and web copies use.
WORD_NOTE = re.compile(r"\[(\d{1,12}):\s*(.*?)\](?=\s*(?:\[\d+:|$))")
WORD_REF = re.compile(r"\[footnoteRef:(\d{1,12})\]")
MD_NOTE = re.compile(r"^\s*\[\^(\w{1,12})\]:\s*(.*)$")
MD_REF = re.compile(r"\[\^(\w{1,12})\]")
BRACKET_NOTE = re.compile(r"^\s*\[(\d{1,4})\]\s+(.+)$")
BRACKET_REF = re.compile(r"\[(\d{1,4})\]")
SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
SUPER_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
SUPER_REF = re.compile(f"[{SUPERSCRIPTS}]+")
SUPER_NOTE = re.compile(f"^\\s*([{SUPERSCRIPTS}]+)\\s*(.+)$")
PAREN_REF = re.compile(r"(?<=[\w.;,:)])\((\d{1,3})\)(?=[\s.,;:]|$)")
ENDNOTE_LINE = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\.?)\s+(.+)$")
# Web-copy noise: page furniture and the captions of document-sharing sites.
NOISE = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|[-\u2013]?\s*\d{1,4}\s*[-\u2013]?|\d+\s*/\s*\d+|"
    r"transcription|size:\s*px|start display at page:?|download\s+\".*\"|"
    r"similar documents|loading image\.*|document actions|skip to main content|"
    r"share meeting|full text|read in:.*|\S+\.(?:jpg|jpeg|png|gif|bmp)\s*\(\d+ bytes\)|"
    r"copyright .*|.*all rights reserved\.?|user\(s\) online.*|post date:.*|"
    r"last update:.*|published on .*|get regular updates from .*)"
    r"\s*$",
    re.I,
)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_<\[\]])")
MAX_NUMBER = 9999


@dataclass
class Item:
    """A paragraph (with its lettered items and bullets) or a table row, as read."""

    line: int
    number: int | None = None
    blocks: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    source: list[str] = field(default_factory=list)

    @property
    def is_row(self) -> bool:
        return bool(self.cells)

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)

    @property
    def source_text(self) -> str:
        return " ".join(self.source)


@dataclass
class Section:
    """A heading (chapter, lettered section or plain heading) and what follows it."""

    label: str
    heading: str
    kind: str  # "chapter", "section", "heading", "start", "cover", "notes"
    annex: int | None = None
    chapter: str = ""
    items: list[Item] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # a table's header row


@dataclass
class Layout:
    """A document's text, read."""

    title: str = ""
    annex_titles: dict[int, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    lines_read: int = 0
    noise: list[str] = field(default_factory=list)

    def items(self) -> list[tuple[Section, Item]]:
        return [(s, item) for s in self.sections for item in s.items]

    @property
    def paragraph_count(self) -> int:
        return sum(not item.is_row for _, item in self.items())

    @property
    def row_count(self) -> int:
        return sum(item.is_row for _, item in self.items())


def escape_markdown(text: str) -> str:
    """Keep typed text literal in Markdown; citations are added afterwards."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plain_markers(line: str, known: set[str]) -> str:
    """The line with every citation form written as ``\x00N\x00`` (N a marker)."""
    line = WORD_REF.sub(lambda m: f"\x00{m[1]}\x00", line)
    line = MD_REF.sub(lambda m: f"\x00{m[1]}\x00", line)

    def known_only(match: re.Match) -> str:
        marker = match[1].translate(SUPER_DIGITS)
        return f"\x00{marker}\x00" if marker in known else match[0]

    line = BRACKET_REF.sub(known_only, line)
    line = SUPER_REF.sub(lambda m: known_only(re.match(r"(.+)", m[0])), line)
    return PAREN_REF.sub(known_only, line)


def to_markdown(line: str, known: set[str]) -> str:
    """Escaped text with citations as ``[^N]``; spaces collapsed."""
    text = re.sub(r"[ \t]+", " ", plain_markers(line, known)).strip()
    parts = text.split("\x00")
    return "".join(
        f"[^{part}]" if index % 2 else escape_markdown(part)
        for index, part in enumerate(parts)
    ).strip()


def cited(markdown: str) -> list[str]:
    return MD_REF.findall(markdown)


# Cleaning ---------------------------------------------------------------------


def normalise_line(line: str) -> str:
    return line.replace("\u00a0", " ").replace("\u200b", "").rstrip()


def looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text: paragraphs cut at a fixed width, separated by blank lines."""
    lengths = [len(line) for line in lines if len(line.strip()) > 30]
    if len(lengths) < 4 or not any(not line.strip() for line in lines):
        return False
    lengths.sort()
    return max(lengths) <= 100 and lengths[len(lengths) // 2] >= 45


def starts_block(line: str) -> bool:
    return bool(
        NUMBERED.match(line)
        or LETTERED.match(line)
        or BULLET.match(line)
        or HEADING.match(line)
        or TAB_HEADING.match(line)
        or MD_HEADING.match(line)
        or MD_NOTE.match(line)
        or "\t" in line
    )


def unwrap(lines: list[str]) -> list[str]:
    """Join the lines of each hard-wrapped paragraph."""
    joined: list[str] = []
    for line in lines:
        if (
            joined
            and joined[-1].strip()
            and line.strip()
            and not starts_block(line)
            and not NOTES_HEADING.match(joined[-1])
        ):
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def drop_noise(lines: list[str], layout: Layout) -> list[str]:
    """Page numbers, web-copy captions and headers repeated on every page."""
    counts = Counter(line.strip() for line in lines if line.strip())
    kept = []
    for line in lines:
        stripped = line.strip()
        repeated = (
            counts[stripped] >= 3
            and len(stripped) < 150
            and not NUMBERED.match(stripped)
            and not LETTERED.match(stripped)
            and "\t" not in line
        )
        if stripped and (NOISE.match(stripped) or repeated):
            layout.noise.append(stripped)
            continue
        kept.append(line)
    return kept


def collect_notes(lines: list[str], layout: Layout) -> list[str]:
    """Take out the footnote and endnote texts, in every form; the rest of the
    lines are returned. Word's inline ``[N: text]`` stay for their paragraph."""
    kept: list[str] = []
    in_notes = False
    cited_brackets = {m for line in lines for m in BRACKET_REF.findall(line)}
    for line in lines:
        stripped = line.strip()
        if NOTES_HEADING.match(stripped):
            in_notes = True
            continue
        if match := MD_NOTE.match(stripped):
            layout.notes.setdefault(match[1], match[2].strip())
            continue
        if match := SUPER_NOTE.match(stripped):
            layout.notes.setdefault(match[1].translate(SUPER_DIGITS), match[2].strip())
            continue
        if (match := BRACKET_NOTE.match(stripped)) and match[1] in cited_brackets:
            layout.notes.setdefault(match[1], match[2].strip())
            continue
        if in_notes and (match := ENDNOTE_LINE.match(stripped)):
            marker = match[1] or match[2] or match[3]
            layout.notes.setdefault(marker, match[4].strip())
            continue
        if in_notes and stripped and (HEADING.match(line) or ANNEX.match(line)):
            in_notes = False
        if in_notes and stripped and layout.notes:
            # A note's text that runs on to the next line.
            last = list(layout.notes)[-1]
            layout.notes[last] = f"{layout.notes[last]} {stripped}"
            continue
        for match in WORD_NOTE.finditer(line):
            layout.notes.setdefault(match[1], match[2].strip())
        kept.append(line)
    return kept


# Structure --------------------------------------------------------------------


def next_letter(label: str) -> str:
    return chr(ord(label) + 1) if len(label) == 1 and label < "Z" else ""


class Reader:
    """Walks the lines once, building the sections."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.annex: int | None = None
        self.chapter = ""
        self.last_letter = ""
        self.title_next = False
        self.section = Section("", "", "start")
        layout.sections.append(self.section)

    def open(self, label: str, heading: str, kind: str) -> None:
        if kind == "chapter":
            self.chapter, self.last_letter = label, ""
        elif kind == "section":
            self.last_letter = label
        self.section = Section(label, heading, kind, self.annex, self.chapter)
        self.layout.sections.append(self.section)

    def heading(self, line: str) -> bool:
        match = TAB_HEADING.match(line) or HEADING.match(line)
        if match is None or (
            not TAB_HEADING.match(line) and match[2].rstrip().endswith((".", ";", ","))
        ):
            md = MD_HEADING.match(line)
            if md is None:
                return False
            self.open("", md[1].strip(), "heading")
            return True
        label, text = match[1], match[2].strip()
        # "I." after section H is section I, not chapter I.
        if ROMAN.match(label) and label != next_letter(self.last_letter or "@"):
            self.open(label, text, "chapter")
        else:
            self.open(label, text, "section")
        return True

    def feed(self, number: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if stripped.lower() == "note by the secretariat":
            self.open("", stripped, "cover")
            return
        if match := ANNEX.match(stripped):
            self.annex = (
                (self.annex or 0) + 1 if match[1] is None else annex_number(match[1])
            )
            self.layout.annex_titles.setdefault(self.annex, "")
            self.chapter, self.last_letter, self.title_next = "", "", True
            self.open("", stripped, "start")
            return
        if self.title_next:
            self.title_next = False
            self.layout.annex_titles[self.annex] = stripped
            return
        untitled = not self.layout.title and not self.layout.annex_titles
        if untitled and not starts_block(line) and len(stripped) < 300:
            self.layout.title = stripped.strip("*# ")
            return
        if self.row(number, line) or self.heading(line) or self.plain_heading(line):
            return
        self.paragraph(number, line)

    def plain_heading(self, line: str) -> bool:
        """An unnumbered short line without closing punctuation ("Overview")."""
        stripped = line.strip().strip("*").strip()
        if (
            not stripped
            or stripped[-1] in ".;:,!?)]"
            or stripped[0].islower()
            or len(stripped.split()) > 20
            or LETTERED.match(stripped)
            or BULLET.match(stripped)
            or NUMBERED.match(stripped)
        ):
            return False
        self.open("", stripped, "heading")
        return True

    def row(self, number: int, line: str) -> bool:
        cells = [cell.strip() for cell in line.split("\t")]
        stripped = line.strip()
        if (
            len([c for c in cells if c]) < 2
            or TAB_HEADING.match(line)
            or HEADING.match(stripped)
            or LETTERED.match(stripped)
            or NUMBERED.match(stripped)
            or BULLET.match(stripped)
        ):
            return False
        cells = [c for c in cells if c] if not cells[0] else cells
        short = all(len(c) < 40 and not c.endswith(".") for c in cells)
        if short and not self.section.header and not self.section.items:
            self.section.header = cells
            return True
        if short and not self.section.header:
            self.open("", " / ".join(cells), "heading")
            self.section.header = cells
            return True
        self.section.items.append(Item(number, cells=cells, source=[line.strip()]))
        return True

    def paragraph(self, number: int, line: str) -> None:
        stripped = line.strip()
        items = self.section.items
        current = items[-1] if items and not items[-1].is_row else None
        if match := NUMBERED.match(stripped):
            value = int(match[1]) if len(match[1]) <= 6 else MAX_NUMBER + 1
            items.append(Item(number, value, [match[2]], source=[stripped]))
        elif current is not None and (
            current.number is not None
            or LETTERED.match(stripped)
            or BULLET.match(stripped)
            or current.blocks[-1].rstrip().endswith(":")
        ):
            if bullet := BULLET.match(stripped):
                stripped = f"- {bullet[1]}"
            current.blocks.append(stripped)
            current.source.append(stripped)
        else:
            items.append(Item(number, None, [stripped], source=[stripped]))


def annex_number(label: str) -> int:
    if label.isdigit():
        return int(label)
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for char, following in zip(label, [*label[1:], ""], strict=True):
        value = values[char]
        total += -value if following and values[following] > value else value
    return total


def split_run_on(lines: list[str]) -> list[str]:
    """A flattened copy puts many numbered paragraphs on one line: cut it before
    each next number in sequence (" 2. The", " 3. At")."""
    result = []
    for line in lines:
        if len(line) < 600:
            result.append(line)
            continue
        pieces, rest = [], line
        first = NUMBERED.match(rest)
        expected = int(first[1]) + 1 if first and len(first[1]) < 4 else 1
        while match := re.search(rf"\s({expected})\.\s+(?=[A-Z(])", rest):
            pieces.append(rest[: match.start()])
            rest = rest[match.start() + 1 :]
            expected += 1
        result.extend([*pieces, rest])
    return result


def finish(layout: Layout) -> None:
    """Markdown for every paragraph and cell, with its footnotes."""
    known = set(layout.notes)
    for _, item in layout.items():
        inline = {}
        for index, block in enumerate(item.blocks):
            inline.update({m[1]: m[2].strip() for m in WORD_NOTE.finditer(block)})
            item.blocks[index] = to_markdown(
                WORD_NOTE.sub("", block), known | set(inline)
            )
        item.cells = [to_markdown(WORD_NOTE.sub("", c), known) for c in item.cells]
        for marker in (m for text in [*item.blocks, *item.cells] for m in cited(text)):
            note = inline.get(marker, layout.notes.get(marker))
            if note is not None:
                item.notes[marker] = note
    layout.sections = [s for s in layout.sections if s.items or s.kind != "start"]


def read_layout(text: str) -> Layout:
    """The document's structure, footnotes and the noise left out."""
    layout = Layout()
    lines = [normalise_line(line) for line in text.splitlines()]
    layout.lines_read = sum(1 for line in lines if line.strip())
    if looks_wrapped(lines):
        lines = unwrap(lines)
    lines = split_run_on(collect_notes(drop_noise(lines, layout), layout))
    reader = Reader(layout)
    for number, line in enumerate(lines, start=1):
        reader.feed(number, line)
    finish(layout)
    return layout
