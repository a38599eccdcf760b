"""Type-ahead for Japanese: keys of one length, in byte order (issue 15).

A Japanese prefix such as 防衛 starts thousands of keys at scale; the short names a reader
wants (防衛省) sort late among them bytewise. With this index type-ahead reads, for each
length from the prefix's own, the first keys of that length: shortest names first, each
length an index range.
"""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS searchterm_length_key_c_idx "
        'ON cooperation_searchterm (char_length(key), (key COLLATE "C"))'
    ],
    "sqlite": [
        "CREATE INDEX IF NOT EXISTS searchterm_length_key_idx "
        "ON cooperation_searchterm (length(key), key)"
    ],
}
BACKWARD = {
    "postgresql": ["DROP INDEX IF EXISTS searchterm_length_key_c_idx"],
    "sqlite": ["DROP INDEX IF EXISTS searchterm_length_key_idx"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0013_published_newest_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
