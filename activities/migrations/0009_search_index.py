"""SQLite: the FTS5 table the portal-wide search reads (activities/search.py).

One row per activity, decision, document, meeting and organisation, rowid = primary
key × 8 + the kind's number (1 activity, 2 decision, 3 document, 4 meeting,
5 organisation), kept by triggers on every insert, update and delete, whatever the
write path (save(), bulk_create(), loaddata, SQL). Porter stemming, as PostgreSQL's
english configuration stems. PostgreSQL needs nothing here: it searches the stored
``search_document`` and the other tables' text directly.
"""

from django.db import migrations

SOURCES = {
    # kind: (number, table, title expression, body expression) over NEW / OLD rows
    "activity": (1, "activities_activity", "{row}.title", "{row}.narrative"),
    "decision": (
        2,
        "decisions_decision",
        "(SELECT code FROM decisions_convention WHERE id = {row}.convention_id)"
        " || '-' || {row}.meeting_number || '/' || {row}.number || ' ' || {row}.title",
        "{row}.summary",
    ),
    "document": (3, "decisions_document", "{row}.symbol || ' ' || {row}.title", "''"),
    "meeting": (
        4,
        "decisions_meeting",
        "{row}.title",
        "{row}.venue || ' ' || {row}.city || ' ' || {row}.country",
    ),
    "organization": (
        5,
        "decisions_organization",
        "{row}.name",
        "{row}.acronym",
    ),
}


def statements() -> list[str]:
    sql = [
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    ]
    for kind, (number, table, title, body) in SOURCES.items():
        new = (
            f"INSERT INTO search_index(rowid, kind, title, body) VALUES "
            f"(NEW.id * 8 + {number}, '{kind}', {title.format(row='NEW')}, "
            f"{body.format(row='NEW')});"
        )
        delete = f"DELETE FROM search_index WHERE rowid = OLD.id * 8 + {number};"
        sql += [
            f"CREATE TRIGGER search_index_{kind}_insert AFTER INSERT ON {table} "
            f"BEGIN {new} END",
            f"CREATE TRIGGER search_index_{kind}_update AFTER UPDATE ON {table} "
            f"BEGIN {delete} {new} END",
            f"CREATE TRIGGER search_index_{kind}_delete AFTER DELETE ON {table} "
            f"BEGIN {delete} END",
            f"INSERT INTO search_index(rowid, kind, title, body) SELECT "
            f"t.id * 8 + {number}, '{kind}', {title.format(row='t')}, "
            f"{body.format(row='t')} FROM {table} t",
        ]
    return sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in statements():
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for kind in SOURCES:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS search_index_{kind}_{event}")
        schema_editor.execute("DROP TABLE IF EXISTS search_index")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_informea_terms"),
        ("decisions", "0007_canonical_document_symbols"),
    ]

    operations = [migrations.RunPython(forward, backward)]
