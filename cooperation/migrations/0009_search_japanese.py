"""Japanese in the search index (issue 15): three columns of analysed Japanese words.

The columns hold the words the analyser found (cooperation/search/japanese.py),
space-separated; each database's full-text structure now reads them too:

SQLite: the FTS5 table gains the three columns (an FTS5 table cannot be altered:
it is re-created, with its triggers, which adding a column drops, and refilled
from the entries).
PostgreSQL: the generated vectors are re-created with the Japanese columns at the
weights of the English ones (names A, summary B, body C), and their GIN indexes.

The entries already indexed have no Japanese until the index is rebuilt: run
`manage.py rebuild_search_index` once after this migration.
"""

from django.db import migrations, models

FTS_COLUMNS = "names, summary, body, tags, names_ja, summary_ja, body_ja"


def _sqlite_fts(columns: str) -> list[str]:
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    return [
        "DROP TRIGGER IF EXISTS cooperation_searchentry_fts_au",
        "DROP TRIGGER IF EXISTS cooperation_searchentry_fts_ad",
        "DROP TRIGGER IF EXISTS cooperation_searchentry_fts_ai",
        "DROP TABLE IF EXISTS cooperation_search_fts",
        # bm25 weights are given per query: names > summary > body; tags 0.
        f"""CREATE VIRTUAL TABLE cooperation_search_fts USING fts5(
            {columns},
            content='cooperation_searchentry', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER cooperation_searchentry_fts_ai AFTER INSERT ON cooperation_searchentry
        BEGIN
            INSERT INTO cooperation_search_fts(rowid, {columns}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER cooperation_searchentry_fts_ad AFTER DELETE ON cooperation_searchentry
        BEGIN
            INSERT INTO cooperation_search_fts(cooperation_search_fts, rowid, {columns})
            VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER cooperation_searchentry_fts_au AFTER UPDATE ON cooperation_searchentry
        BEGIN
            INSERT INTO cooperation_search_fts(cooperation_search_fts, rowid, {columns})
            VALUES ('delete', old.id, {old});
            INSERT INTO cooperation_search_fts(rowid, {columns}) VALUES (new.id, {new});
        END""",
        "INSERT INTO cooperation_search_fts(cooperation_search_fts) VALUES ('rebuild')",
    ]


def _postgresql_vectors(japanese: bool) -> list[str]:
    def vector(column: str, weight: str = "") -> str:
        made = f"to_tsvector('english'::regconfig, {column})"
        return f"setweight({made}, '{weight}')" if weight else made

    ja = {
        "document": " || ".join(
            [vector("names_ja", "A"), vector("summary_ja", "B"), vector("body_ja", "C")]
        ),
        "name_vector": vector("names_ja"),
        "head_vector": vector("names_ja || ' ' || summary_ja"),
    }
    en = {
        "document": " || ".join(
            [vector("names", "A"), vector("summary", "B"), vector("body", "C")]
        ),
        "name_vector": vector("names"),
        "head_vector": vector("names || ' ' || summary"),
    }
    statements = []
    for column, index in (
        ("document", "searchentry_document_gin"),
        ("name_vector", "searchentry_name_vector_gin"),
        ("head_vector", "searchentry_head_vector_gin"),
    ):
        made = f"{en[column]} || {ja[column]}" if japanese else en[column]
        statements += [
            f"DROP INDEX IF EXISTS {index}",
            f"ALTER TABLE cooperation_searchentry DROP COLUMN IF EXISTS {column}",
            f"ALTER TABLE cooperation_searchentry ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS ({made}) STORED",
            f"CREATE INDEX {index} ON cooperation_searchentry USING gin ({column})",
        ]
    return statements


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


forward = _run(
    {
        "sqlite": _sqlite_fts(FTS_COLUMNS),
        "postgresql": _postgresql_vectors(japanese=True),
    }
)
# Backwards, what reads the columns goes before they are removed (a trigger naming a
# column blocks its DROP COLUMN; a generated vector depends on it); SQLite's FTS
# table and triggers come back once they are gone.
backward_before_removal = _run(
    {
        "sqlite": _sqlite_fts(FTS_COLUMNS)[:4],
        "postgresql": _postgresql_vectors(japanese=False),
    }
)
backward_after_removal = _run({"sqlite": _sqlite_fts("names, summary, body, tags")})


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0008_japanese_names"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, backward_after_removal),
        migrations.AddField(
            model_name="searchentry",
            name="names_ja",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="summary_ja",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="body_ja",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(forward, backward_before_removal),
    ]
