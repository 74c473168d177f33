"""The thematic area's position on each activity, kept by database triggers.

"Sort by thematic area" ordered by a joined column, which no index can serve: at
100,000 activities PostgreSQL sorted every published row (74 ms for page 1, 155 ms
for a deep page; bench/results/explain-100k.md). ``theme_position`` copies the
theme's position onto the activity, and the index (theme_position, id) on published
rows serves the sort like the others.

Triggers keep the copy right whatever the write path (save(), bulk_create(),
loaddata, SQL): a new or changed activity takes its theme's position, and a theme
that moves carries its activities with it. PostgreSQL sets the value before the row
is written; SQLite, whose triggers cannot change the row being written, updates it
just after, in the same statement.
"""

from django.db import migrations, models

POSTGRESQL = [
    """CREATE FUNCTION activities_activity_theme_position() RETURNS trigger AS $$
    BEGIN
        NEW.theme_position := (SELECT "position" FROM activities_thematicarea
                               WHERE id = NEW.thematic_area_id);
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER activities_activity_theme_position
    BEFORE INSERT OR UPDATE OF thematic_area_id, theme_position ON activities_activity
    FOR EACH ROW EXECUTE FUNCTION activities_activity_theme_position()""",
    """CREATE FUNCTION activities_thematicarea_moved() RETURNS trigger AS $$
    BEGIN
        UPDATE activities_activity SET theme_position = NEW."position"
        WHERE thematic_area_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER activities_thematicarea_moved
    AFTER UPDATE OF "position" ON activities_thematicarea
    FOR EACH ROW WHEN (OLD."position" IS DISTINCT FROM NEW."position")
    EXECUTE FUNCTION activities_thematicarea_moved()""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS activities_thematicarea_moved ON activities_thematicarea",
    "DROP FUNCTION IF EXISTS activities_thematicarea_moved()",
    "DROP TRIGGER IF EXISTS activities_activity_theme_position ON activities_activity",
    "DROP FUNCTION IF EXISTS activities_activity_theme_position()",
]
SQLITE_COPY = """UPDATE activities_activity SET theme_position = (
        SELECT position FROM activities_thematicarea WHERE id = NEW.thematic_area_id
    ) WHERE id = NEW.id;"""
SQLITE = [
    f"""CREATE TRIGGER activities_activity_theme_position_insert
    AFTER INSERT ON activities_activity BEGIN {SQLITE_COPY} END""",
    f"""CREATE TRIGGER activities_activity_theme_position_update
    AFTER UPDATE OF thematic_area_id, theme_position ON activities_activity
    BEGIN {SQLITE_COPY} END""",
    """CREATE TRIGGER activities_thematicarea_moved
    AFTER UPDATE OF position ON activities_thematicarea
    WHEN OLD.position IS NOT NEW.position BEGIN
        UPDATE activities_activity SET theme_position = NEW.position
        WHERE thematic_area_id = NEW.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS activities_thematicarea_moved",
    "DROP TRIGGER IF EXISTS activities_activity_theme_position_update",
    "DROP TRIGGER IF EXISTS activities_activity_theme_position_insert",
]
BACKFILL = """UPDATE activities_activity SET theme_position = (
    SELECT "position" FROM activities_thematicarea
    WHERE activities_thematicarea.id = activities_activity.thematic_area_id
)"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"No theme_position triggers for {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL_BACKWARD}.get(vendor, SQLITE_BACKWARD):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_search_document_and_recent_index"),
        ("decisions", "0002_versions_and_meeting_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="theme_position",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("publication_status", "published")),
                fields=["theme_position", "id"],
                name="activities_published_theme",
            ),
        ),
    ]
