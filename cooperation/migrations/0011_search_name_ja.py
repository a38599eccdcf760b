"""The index carries each entry's Japanese name (issue 15), shown first on /ja/ results.

Search results and type-ahead read only the index (one table each), so the name a
Japanese page shows first is copied there like the English one, in SearchEntry and in
SearchTerm, rather than read from each kind's table per page.

Adding a column makes Django re-create an SQLite table, which drops the FTS5 triggers
on cooperation_searchentry: they are re-created, as in 0009, and the FTS table
refilled. PostgreSQL adds the columns in place; its generated vectors are untouched.
The columns are filled here from the entries' own tables, so a deployment shows the
Japanese names without `rebuild_search_index`.
"""

import importlib

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

# 0009 re-creates the same FTS table and triggers; its statements are frozen with it.
_sqlite_fts = importlib.import_module("cooperation.migrations.0009_search_japanese")._sqlite_fts
FTS_COLUMNS = "names, summary, body, tags, names_ja, summary_ja, body_ja"
# The index's entity types with a Japanese name, and their models.
NAMED = {"agency": "Agency", "agreement": "Agreement", "event": "Event", "technology": "Technology"}


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("cooperation", "SearchEntry")
    SearchTerm = apps.get_model("cooperation", "SearchTerm")
    for entity_type, model_name in NAMED.items():
        model = apps.get_model("cooperation", model_name)
        own = model.objects.filter(pk=OuterRef("object_id")).values("name_ja")[:1]
        SearchEntry.objects.filter(entity_type=entity_type).update(
            name_ja=Coalesce(Subquery(own), Value(""))
        )
    entry = SearchEntry.objects.filter(pk=OuterRef("entry_id")).values("name_ja")[:1]
    SearchTerm.objects.update(name_ja=Coalesce(Subquery(entry), Value("")))


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0010_source_language"),
    ]

    operations = [
        # Backwards, removing the columns re-creates the table too: the FTS table and
        # its triggers come back once they are gone.
        migrations.RunPython(migrations.RunPython.noop, _sqlite(_sqlite_fts(FTS_COLUMNS))),
        migrations.AddField(
            model_name="searchentry",
            name="name_ja",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="searchterm",
            name="name_ja",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        # Backwards, the triggers go before the columns, as in 0009.
        migrations.RunPython(
            _sqlite(_sqlite_fts(FTS_COLUMNS)), _sqlite(_sqlite_fts(FTS_COLUMNS)[:4])
        ),
    ]
