"""The full-text index each database needs: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS library_material_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_materialtext_search_gin"
            " ON library_materialtext USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_material_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_materialtext_search_gin")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
