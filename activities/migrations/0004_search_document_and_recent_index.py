"""A stored full-text document for the activity search, and the list-order indexes.

On PostgreSQL, ``search_document`` is written by a trigger from the title and the
narrative on every insert and update, so every write path keeps it right (save(),
bulk_create(), loaddata, SQL), and it is backfilled here. The GIN index moves from the
expression to the stored column: a search then reads the index and the stored terms
instead of parsing each matching narrative again (plans at 100,000 activities:
bench/results/explain-100k.md). SQLite keeps the column empty; its fallback search
does not use it.
"""

import django.contrib.postgres.search
from django.db import migrations, models

TRIGGER = "activities_activity_search_document"
FORWARD = [
    "DROP INDEX IF EXISTS activities_activity_search",
    f"""CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON activities_activity
    FOR EACH ROW EXECUTE FUNCTION
    tsvector_update_trigger(search_document, 'pg_catalog.english', title, narrative)""",
    # Fires the trigger once per existing row.
    "UPDATE activities_activity SET title = title",
    "CREATE INDEX activities_activity_search ON activities_activity "
    "USING gin (search_document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS activities_activity_search",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON activities_activity",
    "CREATE INDEX activities_activity_search ON activities_activity "
    "USING gin (to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(narrative, '')))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_publish_permission_and_version"),
        ("decisions", "0002_versions_and_meeting_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["-updated_at", "-id"],
                name="activities_published_recent",
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["title", "id"],
                name="activities_published_title",
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["biennium", "id"],
                name="activities_published_biennium",
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
