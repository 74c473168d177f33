"""Write every record (and uploaded files such as issued reports) to one archive."""

import io
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# Rebuilt by migrate on the target database; copying them would clash.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "Back up all records (natural foreign keys) and media files to a .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="Path of the .tar.gz archive to write.")

    def handle(self, *args, output: str, **options) -> None:
        data = io.StringIO()
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            indent=1,
            stdout=data,
        )
        payload = data.getvalue().encode()
        media_root = Path(settings.MEDIA_ROOT)
        files = (
            [p for p in media_root.rglob("*") if p.is_file()]
            if media_root.exists()
            else []
        )
        with tarfile.open(output, "w:gz") as archive:
            info = tarfile.TarInfo("data.json")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
        self.stdout.write(f"Backed up records and {len(files)} files to {output}")
