"""PDF rendering: the only module that imports WeasyPrint.

WeasyPrint resolves every URL in the document it lays out. Reports contain text that
staff typed, so the fetcher given to it serves only files inside the project's static
directories (checked on the resolved real path, so ``..`` and symlinks cannot escape)
and refuses everything else: other file paths, http(s), data:, ftp, ...
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .content import render_print_document

if TYPE_CHECKING:
    from .models import Report

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the PDF renderer may not read."""


def static_roots() -> list[Path]:
    """The directories whose files the PDF may use (stylesheets, images)."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        directory = entry[1] if isinstance(entry, (tuple, list)) else entry
        roots.append(Path(directory).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def base_url() -> str:
    """Relative URLs in the print template resolve inside the first static dir."""
    return static_roots()[0].as_uri() + "/"


def static_path(url: str) -> Path:
    """The real path of a static file named by a file: URL, or RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"Only the project's static files may be used: {url!r}")
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
    except (OSError, RuntimeError, ValueError) as error:
        raise RefusedURL(f"No such static file: {url!r}") from error
    if not path.is_file() or not any(path.is_relative_to(r) for r in static_roots()):
        raise RefusedURL(f"Outside the static directories: {url!r}")
    return path


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static files and refuses the rest."""

    def __init__(self) -> None:
        super().__init__(
            allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False
        )
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            path = static_path(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )


def html_to_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Lay out a complete HTML document as an A4 PDF with the locked fetcher."""
    document = HTML(
        string=html,
        base_url=base_url(),
        url_fetcher=fetcher or StaticOnlyFetcher(),
        media_type="print",
    )
    # No presentational hints, user stylesheets or attachments: the document's
    # own print.css is the only style, and nothing typed can embed a file.
    return document.write_pdf(
        stylesheets=None,
        attachments=None,
        presentational_hints=False,
        pdf_tags=True,
        # PDF/UA-1: tagged, with the title shown and XMP metadata (title,
        # subject, language, dates) beside the document information.
        pdf_variant="pdf/ua-1",
        custom_metadata=False,
    )


def render_report_pdf(
    report: Report, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """Render a report (draft or being issued) from its records to PDF bytes."""
    return html_to_pdf(render_print_document(report), fetcher)
