"""Render a report to an HTML, PDF or Word file, for scripts and scheduled jobs."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.docx import EmptyReportError
from reports.models import Report


class Command(BaseCommand):
    help = (
        "Render a report to a file. Issued reports give their frozen HTML, PDF or "
        "Word document; "
        "drafts are rendered from the records as they are now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The report's permalink.")
        parser.add_argument(
            "--format", choices=["html", "pdf", "docx"], default="pdf", dest="fmt"
        )
        parser.add_argument("--output", "-o", required=True, help="File to write.")

    def handle(self, *args, slug: str, fmt: str, output: str, **options) -> None:
        report = Report.objects.filter(slug=slug).first()
        if report is None:
            raise CommandError(f"No report with the permalink {slug!r}.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        self.progress(f"[1/3] {report} ({report.get_status_display().lower()})")
        if fmt == "html":
            data = self.html(report).encode()
        elif fmt == "docx":
            data = self.docx(report)
        else:
            data = self.pdf(report)
        path.write_bytes(data)
        self.progress(f"[3/3] Wrote {len(data):,} bytes to {path}", self.style.SUCCESS)

    def progress(self, message: str, style=None) -> None:
        self.stdout.write(style(message) if style else message)

    def html(self, report: Report) -> str:
        if report.is_issued:
            self.progress("[2/3] Using the HTML frozen when the report was issued")
        else:
            self.progress("[2/3] Rendering the HTML from the records")
        return report.standalone_html()

    def pdf(self, report: Report) -> bytes:
        if report.is_issued:
            self.progress("[2/3] Using the PDF stored when the report was issued")
            with report.pdf.open("rb") as stored:
                return stored.read()
        self.progress("[2/3] Collecting the records and laying out the PDF")
        return report.render_pdf()

    def docx(self, report: Report) -> bytes:
        if report.is_issued and report.docx:
            self.progress("[2/3] Using the Word document stored at issue")
            with report.docx.open("rb") as stored:
                return stored.read()
        self.progress("[2/3] Collecting the records and writing the Word document")
        try:
            return report.render_docx()
        except EmptyReportError as error:
            raise CommandError(error.messages[0]) from error
