"""Create the demo administrator for a local try-out; refuses on any real database."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_PASSWORD = "brsportal-demo"  # noqa: S105 - local SQLite demo only, printed to the user


class Command(BaseCommand):
    help = "Create a demo admin account, only on the local SQLite database."

    def handle(self, *args, **options) -> None:
        engine = settings.DATABASES["default"]["ENGINE"]
        if not engine.endswith("sqlite3"):
            raise CommandError(
                "The demo admin is only created on the local SQLite database; "
                "on PostgreSQL use `manage.py createsuperuser`."
            )
        username = settings.DEMO_ADMIN_USERNAME
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        self.stdout.write(
            "Demo admin (local SQLite only): http://127.0.0.1:{port}/admin/ "
            f"user '{username}', password '{DEMO_PASSWORD}'"
            + ("" if created else " (already existed)")
        )
