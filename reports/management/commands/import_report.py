"""Import a joint report in its plain-text form into a draft report and activities."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from reports.importer import ImportResult, import_report


def read_text(source: Path) -> str:
    """The file's text; a clear refusal for what is not a UTF-8 text file."""
    if not source.is_file():
        raise CommandError(f"No such file: {source}")
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"Nothing imported: {source} is not UTF-8 text ({error.reason} at byte "
            f"{error.start})."
        ) from error
    if "\x00" in text:
        # PostgreSQL cannot store NUL; SQLite would, so refuse on both.
        raise CommandError(f"Nothing imported: {source} holds NUL bytes, not text.")
    return text


def check_records(result: ImportResult) -> None:
    """Every record the import made passes its model's rules (lengths, slugs,
    bienniums), which ``objects.create()`` alone never checks."""
    result.report.full_clean()
    for heading in result.report.section_headings.all():
        heading.full_clean()
    for activity in result.activities:
        activity.full_clean()
        for row in [*activity.references.all(), *activity.partnerships.all()]:
            row.full_clean()


def describe(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


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
        text = read_text(Path(path))
        try:
            # All or nothing: a record refused half-way leaves none behind.
            with transaction.atomic():
                result = import_report(text, slug=slug, title=title, biennium=biennium)
                check_records(result)
        except (ValueError, ValidationError, DatabaseError, OverflowError) as error:
            # DatabaseError: a value too long or too large for its column
            # (PostgreSQL); OverflowError: the same on SQLite.
            raise CommandError(f"Nothing imported: {describe(error)}") from error
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
