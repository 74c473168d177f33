"""PostgreSQL: a GIN index on the activities' title terms, the expression
activities/search.py's ``title_matches`` builds (a test checks they stay equal), so
the search finds the title matches of a common word from the index and ranks only
a bounded pool of candidates (search.POOL) instead of every match.
"""

from django.db import migrations

INDEX = "activities_activity_title_terms"
EXPRESSION = "to_tsvector('brs_en'::regconfig, COALESCE(\"title\", ''))"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON activities_activity "
            f"USING gin (({EXPRESSION}))"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0012_unaccented_search_configurations")]

    operations = [migrations.RunPython(forward, backward)]
