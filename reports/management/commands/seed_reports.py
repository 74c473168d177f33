"""Make sure the demo's two seed reports exist and are issued (run by `make run`)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from reports.models import Report

FIXTURE = "70_reports.json"


def seed_slugs() -> list[str]:
    """The reports the shipped fixture defines, by permalink."""
    path = Path(settings.BASE_DIR) / "fixtures" / FIXTURE
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [row["fields"]["slug"] for row in rows if row["model"] == "reports.report"]


class Command(BaseCommand):
    help = "Load the seed reports if missing and issue any still in draft (idempotent)."

    def handle(self, *args, **options) -> None:
        slugs = seed_slugs()
        if Report.objects.filter(slug__in=slugs).count() < len(slugs):
            self.stdout.write(f"Loading {FIXTURE}")
            call_command("loaddata", FIXTURE, verbosity=0)
        for report in Report.objects.filter(slug__in=slugs).order_by("slug"):
            if report.is_issued:
                self.stdout.write(f"Already issued: {report.slug}")
                continue
            self.stdout.write(f"Issuing {report.slug} ...")
            report.issue(None)
            self.stdout.write(
                self.style.SUCCESS(f"Issued {report.slug} (SHA-256 {report.sha256})")
            )
