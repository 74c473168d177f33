from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class BrsportalConfig(AppConfig):
    """Glue: management commands, role groups, the public page cache."""

    name = "brsportal"
    verbose_name = "brsportal"

    def ready(self) -> None:
        # Connects the cache invalidation signals for every process, not only web
        # requests: the shell, loaddata and management commands change records too.
        from . import cache  # noqa: F401


class StaffAdminConfig(AdminConfig):
    """Django's admin, with the staff home and sections (brsportal/staff.py)."""

    default_site = "brsportal.staff.StaffAdminSite"
