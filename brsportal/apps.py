from django.apps import AppConfig


class BrsportalConfig(AppConfig):
    """Glue: management commands, role groups, the public page cache."""

    name = "brsportal"
    verbose_name = "brsportal"

    def ready(self) -> None:
        # Connects the cache invalidation signals for every process, not only web
        # requests: the shell, loaddata and management commands change records too.
        from . import cache  # noqa: F401
