"""Search in two indexes: every word, to find (SQLite's without positions, so that a common
word's list stays small), and the title and summary alone, to rank.

The data step re-indexes every material as `search.index_material` does."""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

SQLITE_TABLES = (
    "CREATE VIRTUAL TABLE library_material_fts USING fts5("
    "words, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
    "CREATE VIRTUAL TABLE library_material_head_fts USING fts5("
    "title, summary, tokenize = 'unicode61 remove_diacritics 0')",
)


def rebuild(apps, schema_editor):
    from uso.library import search

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_material_fts")
        for statement in SQLITE_TABLES:
            schema_editor.execute(statement)
    elif connection.vendor != "postgresql":
        return
    Material = apps.get_model("library", "Material")
    MaterialText = apps.get_model("library", "MaterialText")
    texts = dict(MaterialText.objects.values_list("material_id", "text"))
    for material in Material.objects.only("id", "language", "title", "summary").iterator():
        search.write_index(connection, material, texts.get(material.pk, ""))


def drop_head(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_material_head_fts")


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = [
        migrations.AddField(
            model_name="materialtext",
            name="head_vector",
            field=SearchVectorField(null=True),
        ),
        migrations.RunPython(rebuild, drop_head),
    ]
