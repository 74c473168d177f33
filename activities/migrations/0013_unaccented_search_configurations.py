"""PostgreSQL: search in every language, accent- and case-insensitive.

The unaccent extension, and one text search configuration per UN language,
``brs_<language>``: a copy of PostgreSQL's configuration for that language (its
stemmer) whose words pass through ``unaccent`` first, or of ``simple`` where
PostgreSQL has no stemmer (Chinese). Every search expression moves to ``brs_en``
(SEARCH_CONFIG): the activities' stored terms (trigger) and the other tables' term
indexes (migration 0010's, rebuilt).
SQLite needs nothing: its FTS5 tokenizer already folds case and removes diacritics
(``unicode61 remove_diacritics 2``, migration 0009).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# Frozen copies of what the migration creates (models/activities.py holds the live
# mapping, SEARCH_CONFIGS).
CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "zh": "simple",
}
NEW_CONFIG, OLD_CONFIG = "brs_en", "english"
TABLES = {
    "decisions_decision": ("title", "summary"),
    "decisions_document": ("symbol", "title"),
    "decisions_meeting": ("title", "venue", "city", "country"),
    "decisions_organization": ("name", "acronym"),
}
TRIGGER_FUNCTION = "activities_activity_search_document_weighted"


def terms(config: str, columns: tuple[str, ...]) -> str:
    text = " || ' ' || ".join(f"COALESCE(\"{c}\", '')" for c in columns)
    return f"to_tsvector('{config}'::regconfig, {text})"


EXPRESSIONS = {table: terms(NEW_CONFIG, columns) for table, columns in TABLES.items()}


def document_function(config: str) -> str:
    """The activities' stored terms: the title weighed A, the narrative D."""
    return f"""CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger AS $$
    BEGIN
        NEW.search_document :=
            setweight(to_tsvector('{config}', COALESCE(NEW.title, '')), 'A')
            || setweight(to_tsvector('{config}', COALESCE(NEW.narrative, '')), 'D');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql"""


def rebuild(schema_editor, config: str) -> None:
    schema_editor.execute(document_function(config))
    schema_editor.execute("UPDATE activities_activity SET title = title")
    for table, columns in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_terms")
        schema_editor.execute(
            f"CREATE INDEX {table}_search_terms ON {table} "
            f"USING gin (({terms(config, columns)}))"
        )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, base in CONFIGS.items():
        name = f"brs_{language}"
        dictionary = "simple" if base == "simple" else f"{base}_stem"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH unaccent, {dictionary}"
        )
    rebuild(schema_editor, NEW_CONFIG)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    rebuild(schema_editor, OLD_CONFIG)
    for language in CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS brs_{language}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0012_partners_labels")]

    operations = [UnaccentExtension(), migrations.RunPython(forward, backward)]
