"""The search index, and the full-text structures only one database has.

SQLite: FTS5 tables kept in step with their content tables by triggers
(porter-stemmed text with bm25 for search, a trigram table for "Did you mean").
PostgreSQL: weighted tsvector columns generated from the text, GIN indexes,
pg_trgm for "Did you mean", and a bytewise index for type-ahead prefixes.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_FORWARD = [
    # Search text: bm25 weights are given per query (names > summary > body; tags 0).
    """CREATE VIRTUAL TABLE cooperation_search_fts USING fts5(
        names, summary, body, tags,
        content='cooperation_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER cooperation_searchentry_fts_ai AFTER INSERT ON cooperation_searchentry BEGIN
        INSERT INTO cooperation_search_fts(rowid, names, summary, body, tags)
        VALUES (new.id, new.names, new.summary, new.body, new.tags);
    END""",
    """CREATE TRIGGER cooperation_searchentry_fts_ad AFTER DELETE ON cooperation_searchentry BEGIN
        INSERT INTO cooperation_search_fts(cooperation_search_fts, rowid, names, summary, body, tags)
        VALUES ('delete', old.id, old.names, old.summary, old.body, old.tags);
    END""",
    """CREATE TRIGGER cooperation_searchentry_fts_au AFTER UPDATE ON cooperation_searchentry BEGIN
        INSERT INTO cooperation_search_fts(cooperation_search_fts, rowid, names, summary, body, tags)
        VALUES ('delete', old.id, old.names, old.summary, old.body, old.tags);
        INSERT INTO cooperation_search_fts(rowid, names, summary, body, tags)
        VALUES (new.id, new.names, new.summary, new.body, new.tags);
    END""",
    # "Did you mean": words of names and aliases, found by shared trigrams.
    """CREATE VIRTUAL TABLE cooperation_search_word_fts USING fts5(
        word, content='cooperation_searchword', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER cooperation_searchword_fts_ai AFTER INSERT ON cooperation_searchword BEGIN
        INSERT INTO cooperation_search_word_fts(rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER cooperation_searchword_fts_ad AFTER DELETE ON cooperation_searchword BEGIN
        INSERT INTO cooperation_search_word_fts(cooperation_search_word_fts, rowid, word)
        VALUES ('delete', old.id, old.word);
    END""",
    """CREATE TRIGGER cooperation_searchword_fts_au AFTER UPDATE ON cooperation_searchword BEGIN
        INSERT INTO cooperation_search_word_fts(cooperation_search_word_fts, rowid, word)
        VALUES ('delete', old.id, old.word);
        INSERT INTO cooperation_search_word_fts(rowid, word) VALUES (new.id, new.word);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cooperation_searchword_fts_au",
    "DROP TRIGGER IF EXISTS cooperation_searchword_fts_ad",
    "DROP TRIGGER IF EXISTS cooperation_searchword_fts_ai",
    "DROP TABLE IF EXISTS cooperation_search_word_fts",
    "DROP TRIGGER IF EXISTS cooperation_searchentry_fts_au",
    "DROP TRIGGER IF EXISTS cooperation_searchentry_fts_ad",
    "DROP TRIGGER IF EXISTS cooperation_searchentry_fts_ai",
    "DROP TABLE IF EXISTS cooperation_search_fts",
]

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Generated, so the vector can never disagree with the text it is made of.
    """ALTER TABLE cooperation_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, names), 'A')
        || setweight(to_tsvector('english'::regconfig, summary), 'B')
        || setweight(to_tsvector('english'::regconfig, body), 'C')) STORED""",
    """ALTER TABLE cooperation_searchentry ADD COLUMN tag_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, tags)) STORED""",
    # The ranking tiers (in names; in names or summary) as vectors of their own,
    # so a tier is an exact GIN lookup: a weight-restricted query (word:A) would
    # recheck every row holding a common word.
    """ALTER TABLE cooperation_searchentry ADD COLUMN name_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, names)) STORED""",
    """ALTER TABLE cooperation_searchentry ADD COLUMN head_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, names || ' ' || summary)) STORED""",
    # Search: document @@ query (and the capped candidate sets).
    "CREATE INDEX searchentry_document_gin ON cooperation_searchentry USING gin (document)",
    "CREATE INDEX searchentry_name_vector_gin ON cooperation_searchentry USING gin (name_vector)",
    "CREATE INDEX searchentry_head_vector_gin ON cooperation_searchentry USING gin (head_vector)",
    # Type and technology filters: tag_vector @@ 'zzkagreement & zzt12'.
    "CREATE INDEX searchentry_tags_gin ON cooperation_searchentry USING gin (tag_vector)",
    # Type-ahead: a bytewise range and order, whatever the database's collation.
    'CREATE INDEX searchterm_key_c_idx ON cooperation_searchterm ((key COLLATE "C"))',
    # "Did you mean": word % query, by trigram similarity.
    "CREATE INDEX searchword_word_trgm ON cooperation_searchword USING gin (word gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS searchword_word_trgm",
    "DROP INDEX IF EXISTS searchterm_key_c_idx",
    "DROP INDEX IF EXISTS searchentry_tags_gin",
    "DROP INDEX IF EXISTS searchentry_document_gin",
    "DROP INDEX IF EXISTS searchentry_name_vector_gin",
    "DROP INDEX IF EXISTS searchentry_head_vector_gin",
    "ALTER TABLE cooperation_searchentry DROP COLUMN IF EXISTS head_vector",
    "ALTER TABLE cooperation_searchentry DROP COLUMN IF EXISTS name_vector",
    "ALTER TABLE cooperation_searchentry DROP COLUMN IF EXISTS tag_vector",
    "ALTER TABLE cooperation_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


forward = _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})
backward = _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0003_curators"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entity_type", models.CharField(max_length=12)),
                ("object_id", models.BigIntegerField()),
                ("slug", models.CharField(max_length=120)),
                ("name", models.CharField(max_length=300)),
                ("names", models.TextField()),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                ("words", models.TextField(blank=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("entity_type", "object_id"), name="searchentry_unique_entity"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=300)),
                ("position", models.PositiveSmallIntegerField()),
                ("entity_type", models.CharField(max_length=12)),
                ("slug", models.CharField(max_length=120)),
                ("name", models.CharField(max_length=300)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="terms",
                        to="cooperation.searchentry",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["key"], name="searchterm_key_idx")],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=100, unique=True)),
                ("entries", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
