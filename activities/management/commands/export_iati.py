"""Write the published activities as an IATI 2.03 activity file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from activities.iati import iati_activities, iati_chunks


class Command(BaseCommand):
    help = "Write the published activities as IATI activity XML 2.03."

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", help="The file to write, e.g. activities.xml.")
        parser.add_argument(
            "--base-url",
            default="https://brsportal.example.org",
            help="The portal's public address, for the activities' page links.",
        )

    def handle(self, *args, output: str, base_url: str, **options) -> None:
        base = base_url.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://.")
        count = 0

        def counted():
            nonlocal count
            for activity in iati_activities():
                count += 1
                yield activity

        try:
            with open(output, "wb") as target:
                for chunk in iati_chunks(counted(), lambda path: f"{base}{path}"):
                    target.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {count} activities to {output}.")
