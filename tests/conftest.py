import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from brsportal.cache import new_generation
from tests import factories, summary


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests create many users; the production hasher costs ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages: its rolled-back data must not leak."""
    cache.clear()
    new_generation()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request activates its page's language in the thread; the next test starts
    in English, so its reverse() and get_absolute_url() give unprefixed addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def staff_user(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
) -> None:
    """On SQLite, the test database is a file, as in production: writers in other
    threads (the concurrency tests, the live server) then wait for the write lock
    (WAL, busy timeout) instead of failing on an in-memory database's table locks."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what tests noted for the log (tests/summary.py)."""
    if summary.LINES:
        terminalreporter.section("robustness figures")
        for line in summary.LINES:
            terminalreporter.write_line(line)
