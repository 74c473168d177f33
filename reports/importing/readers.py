"""Read an uploaded file into text the layout reader understands.

Word (.docx) through python-docx, with Word's own paragraph numbering written out,
footnotes and endnotes as ``[footnoteRef:N]`` citations and ``[^N]: text`` notes, and
tables as tab-separated rows; PDF through pdfplumber, with superscript numbers as
citations, the footnote area of each page as notes, page headers, footers and page
numbers left out, and lines joined back into paragraphs; .txt and .md as they are.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .docx_reader import read_docx
from .pdf_reader import read_pdf
from .plan import ImportRefused

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
KINDS = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf"}


@dataclass
class Source:
    """A file's text, as read, and what kind of file it was."""

    name: str
    kind: str
    text: str
    pages: int = 0


def suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def read_source(name: str, data: bytes) -> Source:
    """The text of an uploaded file, or ImportRefused saying what is wrong with it."""
    kind = KINDS.get(suffix(name))
    if kind is None:
        raise ImportRefused(
            f"{name}: only .docx, .pdf, .txt and .md files can be imported."
        )
    if not data:
        raise ImportRefused(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"{name} is {len(data) / 1048576:.1f} MB; files up to "
            f"{MAX_BYTES // 1048576} MB can be imported. Split the document."
        )
    if kind == "docx":
        check_docx(name, data)
        text = read_docx(io.BytesIO(data), name)
        source = Source(name, kind, text)
    elif kind == "pdf":
        if not data.startswith(b"%PDF"):
            raise ImportRefused(f"{name} is not a PDF file (it does not start as one).")
        text, pages = read_pdf(io.BytesIO(data), name)
        source = Source(name, kind, text, pages)
    else:
        source = Source(name, kind, decode(name, data))
    if not source.text.strip():
        raise ImportRefused(
            f"{name} has no text to import"
            + (
                " (a scanned PDF needs text recognition first)."
                if kind == "pdf"
                else "."
            )
        )
    check_language(source)
    return source


def check_docx(name: str, data: bytes) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(
            f"{name} is not a Word .docx file (an older .doc? Save it as .docx)."
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ImportRefused(f"{name} is a zip archive, not a Word .docx file.")
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise ImportRefused(f"{name} unpacks to more than 200 MB; not imported.")


def decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(
                f"{name} is not UTF-8 text ({error.reason} at byte {error.start}); "
                "if it is a Word or PDF file, give it its .docx or .pdf name."
            ) from error
    if (
        "\x00" in text
        or sum(not c.isprintable() and c not in "\t\r\n" for c in text[:4096]) > 40
    ):
        raise ImportRefused(f"{name} holds binary data, not text.")
    return text


ENGLISH = {
    "the", "of", "and", "to", "in", "on", "for", "with", "by", "secretariat",
    "is", "was", "were", "have", "has", "that", "this", "as", "at", "from",
}  # fmt: skip


def check_language(source: Source) -> None:
    """The portal's records are in English: a text in another language is refused
    rather than turned into activities nobody can search."""
    words = [w.strip(".,;:()\"'").lower() for w in source.text.split()[:3000]]
    words = [w for w in words if w.isalpha()]
    if len(words) < 20:
        return
    share = sum(w in ENGLISH for w in words) / len(words)
    if share < 0.08:
        raise ImportRefused(
            f"{source.name} does not read as English ({share:.0%} common English "
            "words); import the English version of the document."
        )
