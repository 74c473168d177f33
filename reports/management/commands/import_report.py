"""Import a joint report in its plain-text form into a draft report and activities."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from reports.importer import import_report


class Command(BaseCommand):
    help = (
        "Read a joint report (numbered paragraphs, lettered sections, "
        "[footnoteRef:N] markers) into a DRAFT report with DRAFT activities, reusing "
        "existing decisions, documents and organizations; prints what it could not "
        "place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The plain-text file (UTF-8).")
        parser.add_argument("--slug", default="", help="Permalink of the new report.")
        parser.add_argument("--title", default="", help="Title of the new report.")
        parser.add_argument(
            "--biennium", type=int, default=None, help="First year, e.g. 2024."
        )

    def handle(self, *args, path: str, slug: str, title: str, biennium, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        try:
            result = import_report(
                source.read_text(encoding="utf-8"),
                slug=slug,
                title=title,
                biennium=biennium,
            )
        except (ValueError, ValidationError, IntegrityError) as error:
            raise CommandError(f"Nothing imported: {error}") from error
        report = result.report
        self.stdout.write(
            self.style.SUCCESS(
                f"Draft report {report.slug!r} with {len(result.activities)} draft "
                "activities. Review and publish them, then preview and issue the "
                "report in the admin."
            )
        )
        for line in result.unplaced:
            self.stdout.write(self.style.WARNING(f"Not placed: {line}"))
