import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    environment.pop("DATABASE_URL", None)
    # The browser tests set this for Playwright; a deployment never has it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_debug_off_and_a_real_secret():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_the_development_secret():
    result = run_manage("check", "--deploy", DJANGO_DEBUG="false")
    assert "security.W009" in result.stdout + result.stderr


def test_database_url_switches_to_postgresql_with_persistent_connections():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='brsportal.settings';"
        "from django.conf import settings as s; d=s.DATABASES['default'];"
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"},
        check=True,
    )
    engine, max_age, health = result.stdout.split()
    assert engine.endswith("postgresql")
    assert int(max_age) > 0
    assert health == "True"


def test_sqlite_lets_two_writers_queue_instead_of_failing(db):
    """WAL, a busy timeout and immediate transactions (tests/safety/
    test_concurrency.py shows the effect: 200 and 412, never "database is locked")."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings only")
    options = settings.DATABASES["default"]["OPTIONS"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_ms = cursor.fetchone()[0]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert journal == "wal"
    assert busy_ms == options["timeout"] * 1000
