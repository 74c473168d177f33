"""GIN index for the activity keyword search, on PostgreSQL only.

The indexed expression is exactly what activities.models.activities.search_vector()
compiles to, so PostgreSQL can use the index for ActivityQuerySet.search(). SQLite has
no full-text index of this kind; its fallback search needs none.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS activities_activity_search ON activities_activity "
    "USING gin (to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(narrative, '')))"
)
DROP = "DROP INDEX IF EXISTS activities_activity_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
