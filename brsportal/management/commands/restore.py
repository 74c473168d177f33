"""Restore an archive written by `backup` into an empty, migrated database."""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

DOMAIN_APPS = ("decisions", "activities", "reports")


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="A .tar.gz written by `manage.py backup`.")

    def handle(self, *args, archive: str, **options) -> None:
        if self._has_records():
            raise CommandError(
                "The database already holds records; restore only into an empty, "
                "migrated database."
            )
        with tempfile.TemporaryDirectory() as tmp:
            self._extract(archive, tmp)
            data = Path(tmp) / "data.json"
            if not data.exists():
                raise CommandError(
                    f"{archive} has no data.json: not a brsportal backup."
                )
            # The archive carries the history tables; loading must not add to them.
            with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
                call_command("loaddata", str(data), verbosity=0)
            copied = self._copy_media(Path(tmp) / "media")
        self.stdout.write(f"Restored records and {copied} files from {archive}")

    def _extract(self, archive: str, target: str) -> None:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                members = [m for m in tar.getmembers() if self._safe(m)]
                tar.extractall(target, members=members, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise CommandError(f"Cannot read {archive}: {error}") from error

    def _has_records(self) -> bool:
        return any(
            model.objects.exists()
            for name in DOMAIN_APPS
            for model in apps.get_app_config(name).get_models()
        )

    @staticmethod
    def _safe(member: tarfile.TarInfo) -> bool:
        path = PurePosixPath(member.name)
        return (
            member.isfile()
            and not path.is_absolute()
            and ".." not in path.parts
            and (member.name == "data.json" or path.parts[0] == "media")
        )

    @staticmethod
    def _copy_media(source: Path) -> int:
        if not source.exists():
            return 0
        count = 0
        for path in source.rglob("*"):
            if path.is_file():
                target = Path(settings.MEDIA_ROOT) / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
                count += 1
        return count
