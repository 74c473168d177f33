"""Files an import must refuse with a clear message: the same cases for the command
and the admin."""

from __future__ import annotations

import io
import zipfile

import docx
import pypdf

from .import_docs import pdf_from_text

FRENCH = (
    "Le secrétariat a organisé plusieurs ateliers régionaux sur la gestion des "
    "déchets de mercure, avec le soutien financier de la Suisse. Les participants "
    "ont échangé leurs expériences et ont recensé les besoins des pays en matière "
    "de renforcement des capacités et de transfert de technologies.\n"
) * 3


def empty_docx() -> bytes:
    stream = io.BytesIO()
    docx.Document().save(stream)
    return stream.getvalue()


def protected_pdf() -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(pdf_from_text("1. A paragraph of text.\n")))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def zip_not_docx() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return stream.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
# (case id, file name, content maker, words the refusal must contain)
BAD_FILES = [
    ("empty-file", "report.txt", lambda: b"", "is empty"),
    ("empty-docx-file", "report.docx", lambda: b"", "is empty"),
    ("binary-named-pdf", "report.pdf", lambda: PNG, "is not a PDF file"),
    ("binary-named-docx", "report.docx", lambda: PNG, "not a Word .docx file"),
    ("binary-named-txt", "report.txt", lambda: PNG, "not UTF-8 text"),
    ("zip-named-docx", "report.docx", zip_not_docx, "zip archive, not a Word"),
    ("pdf-cut-short", "report.pdf", lambda: b"%PDF-1.7\n1 0 obj", "not a readable"),
    ("50-mb", "report.txt", lambda: b"a" * (50 * 1024 * 1024), "up to 20 MB"),
    ("password-pdf", "report.pdf", protected_pdf, "protected by a password"),
    ("docx-without-text", "report.docx", empty_docx, "has no text"),
    ("other-language", "rapport.txt", lambda: FRENCH.encode(), "does not read as"),
    ("unknown-kind", "report.odt", lambda: b"x", "only .docx, .pdf, .txt and .md"),
]
