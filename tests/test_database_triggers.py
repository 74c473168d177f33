"""The triggers that keep derived columns and the search index current must survive
every migration: on SQLite a later migration that rebuilds a table (a new constraint,
an altered column) silently drops the triggers defined on it."""

import pytest
from django.db import connection

SEARCH_TABLES = {
    "activity": "activities_activity",
    "decision": "decisions_decision",
    "document": "decisions_document",
    "meeting": "decisions_meeting",
    "organization": "decisions_organization",
}


def triggers() -> set[tuple[str, str]]:
    """(trigger, table) pairs defined in the test database, built by the migrations."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type='trigger'"
            )
        else:
            cursor.execute(
                "SELECT tgname, relname FROM pg_trigger JOIN pg_class "
                "ON pg_class.oid = tgrelid WHERE NOT tgisinternal"
            )
        return set(cursor.fetchall())


@pytest.mark.django_db
def test_every_trigger_the_migrations_define_is_there_after_the_last_one():
    expected = (
        {
            ("activities_activity_theme_position_insert", "activities_activity"),
            ("activities_activity_theme_position_update", "activities_activity"),
            ("activities_thematicarea_moved", "activities_thematicarea"),
        }
        | {
            (f"search_index_{kind}_{event}", table)
            for kind, table in SEARCH_TABLES.items()
            for event in ("insert", "update", "delete")
        }
        if connection.vendor == "sqlite"
        else {
            ("activities_activity_theme_position", "activities_activity"),
            ("activities_thematicarea_moved", "activities_thematicarea"),
            ("activities_activity_search_document", "activities_activity"),
        }
    )
    assert expected <= triggers()
