"""PostgreSQL: GIN indexes on the full-text terms that the portal-wide search reads
from decisions, documents, meetings and organisations. The expressions are
activities/search.py's ``terms_sql`` (a test checks they stay equal), so the planner
uses these indexes. SQLite searches its FTS5 table (migration 0008) instead.
"""

from django.db import migrations

EXPRESSIONS = {
    "decisions_decision": (
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"title\", '') || ' ' || COALESCE(\"summary\", ''))"
    ),
    "decisions_document": (
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"symbol\", '') || ' ' || COALESCE(\"title\", ''))"
    ),
    "decisions_meeting": (
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"title\", '') || ' ' || COALESCE(\"venue\", '') || ' ' || "
        "COALESCE(\"city\", '') || ' ' || COALESCE(\"country\", ''))"
    ),
    "decisions_organization": (
        "to_tsvector('english'::regconfig, "
        "COALESCE(\"name\", '') || ' ' || COALESCE(\"acronym\", ''))"
    ),
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, expression in EXPRESSIONS.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_terms ON {table} "
                f"USING gin (({expression}))"
            )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in EXPRESSIONS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_terms")


class Migration(migrations.Migration):
    dependencies = [("activities", "0009_search_index")]

    operations = [migrations.RunPython(forward, backward)]
