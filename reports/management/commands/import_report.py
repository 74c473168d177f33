"""Import a past document (.docx, .pdf, .txt, .md) as draft records, after showing
what it read and what it could not place."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.importing import (
    MAX_BYTES,
    ImportRefused,
    Plan,
    propose_file,
    write_plan,
)


class ProgressBar:
    """A one-line bar on standard error; silent when that is not a terminal."""

    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled = stream, enabled

    def stage(self, label: str) -> None:
        self.show(0, 1, label)

    def show(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {label:<12}")
        if done == total and label == "writing":
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Read a past document (.docx, .pdf, .txt or .md: numbered paragraphs, "
        "lettered items, Roman and letter headings, tables, footnotes and endnotes) "
        "and write its activities as DRAFTS, with a draft report when the document "
        "is a joint or quarterly report. Prints what it read, the counts and every "
        "paragraph or citation it could not place. --dry-run writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file: .docx, .pdf, .txt or .md.")
        parser.add_argument("--slug", default="", help="Permalink of the report.")
        parser.add_argument("--title", default="", help="Title of the report.")
        parser.add_argument(
            "--biennium", default=None, help="First year, e.g. 2024 (or 2024-2025)."
        )
        parser.add_argument(
            "--area",
            default="",
            help="Thematic area (identifier) for paragraphs whose heading names none.",
        )
        parser.add_argument(
            "--no-report", action="store_true", help="Write activities only."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the proposal; write nothing."
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show the progress bar even when standard error is not a terminal.",
        )

    def handle(self, *args, path: str, **options) -> None:
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        bar = ProgressBar(self.stderr._out, options["progress"] or sys.stderr.isatty())
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise CommandError(
                f"Nothing imported: {source.name} is {size / 1048576:.1f} MB; files "
                f"up to {MAX_BYTES // 1048576} MB can be imported. Split the document."
            )
        try:
            _, plan = propose_file(
                source.name,
                source.read_bytes(),
                slug=options["slug"],
                title=options["title"],
                biennium=options["biennium"],
                default_area=options["area"],
                make_report=False if options["no_report"] else None,
                progress=bar.stage,
            )
            self.describe(plan)
            if options["dry_run"]:
                self.stdout.write("Dry run: nothing written.")
                return
            written = write_plan(
                plan, progress=lambda done, total: bar.show(done, total, "writing")
            )
        except ImportRefused as error:
            raise CommandError(f"Nothing imported: {error}") from error
        self.done(plan, written)

    def describe(self, plan: Plan) -> None:
        read = plan.read
        self.stdout.write(
            f"Read {plan.filename}: {read.get('lines', 0)} lines"
            + (f" on {read['pages']} pages" if read.get("pages") else "")
            + f", {read.get('sections', 0)} headings, {read.get('paragraphs', 0)} "
            f"paragraphs, {read.get('rows', 0)} table rows, "
            f"{read.get('footnotes', 0)} footnotes; {read.get('noise', 0)} lines of "
            "page furniture left out."
        )
        self.stdout.write(f"Proposed: {plan.summary()}.")
        for item in plan.kept:
            self.stdout.write(f"Kept in {item.reason}: {item.source[:80]}")
        for item in plan.not_placed():
            self.stdout.write(
                self.style.WARNING(
                    f"Not placed (line {item.line}): {item.reason}: {item.source[:120]}"
                )
            )
        for item in plan.not_linked():
            self.stdout.write(
                f"Not linked (line {item.line}): {item.reason}: {item.source[:80]}"
            )

    def done(self, plan: Plan, written) -> None:
        report = written.report
        what = f"Draft report {report.slug!r} with " if report else "Wrote "
        self.stdout.write(
            self.style.SUCCESS(
                f"{what}{len(written.created)} new draft activities, "
                f"{len(written.updated)} earlier imports updated"
                + (
                    f", {len(written.kept)} already published left unchanged"
                    if written.kept
                    else ""
                )
                + ". Review and publish them in the admin, then preview and issue "
                "the report."
            )
        )
