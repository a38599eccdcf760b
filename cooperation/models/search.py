"""The search index: a derived, public-only copy of what search reads.

Rows here are rebuilt from the entities by `cooperation.search` and never edited
by hand. Only published entities are indexed, and their text never includes a
draft (see cooperation/search/documents.py). The full-text structures that only
one database has (FTS5 tables on SQLite; tsvector columns, GIN and trigram
indexes on PostgreSQL) are created by migration 0004_search.
"""

from django.db import models


class SearchEntry(models.Model):
    """One published entity as search sees it: three weighted texts and filter tags."""

    entity_type = models.CharField(max_length=12)
    object_id = models.BigIntegerField()
    slug = models.CharField(max_length=120)
    name = models.CharField(max_length=300)
    # The Japanese name shown first on Japanese pages, the English `name` beside it;
    # "" where the entry has none (sources have none).
    name_ja = models.CharField(max_length=300, blank=True)
    # Name, acronym and aliases, one per line: line 1 the name, line 2 the
    # acronym (possibly empty), then aliases; "matched in" reads the lines.
    names = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Filter tokens: "zzk<type>" and "zzt<technology id>" for each technology
    # (with its ancestors) the entry is about; matched by the full-text index.
    tags = models.TextField(blank=True)
    # This entry's vocabulary words, space-separated: what to take back from
    # SearchWord's counts when the entry is replaced.
    words = models.TextField(blank=True)
    # Japanese (issue 15), as the analyser reads it (cooperation/search/japanese.py):
    # words space-separated, which both databases' tokenizers split as they are.
    # The Japanese name and aliases, with their readings (weighted as names):
    names_ja = models.TextField(blank=True)
    # The Japanese in the summary, and in the body with the Japanese names of the
    # entries it names (weighted as summary and body):
    summary_ja = models.TextField(blank=True)
    body_ja = models.TextField(blank=True)

    class Meta:
        constraints = [
            # Re-indexing replaces an entity's row; this finds it.
            models.UniqueConstraint(
                fields=["entity_type", "object_id"], name="searchentry_unique_entity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_type} {self.slug}"

    @property
    def url(self) -> str:
        from ..kinds import KINDS  # the registry reads the models: imported when used

        return KINDS[self.entity_type].detail_url(self.slug)


class SearchTerm(models.Model):
    """Type-ahead keys: a name, acronym or alias, and each of its later word starts.

    `key` is normalised (casefolded, punctuation as single spaces); `position`
    is 0 for the whole term and n for the suffix starting at its n-th word, so
    "supp" finds "Security of Supply Arrangement". Display fields are copied
    here so type-ahead reads one table with one index range scan.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="terms")
    key = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()
    entity_type = models.CharField(max_length=12)
    slug = models.CharField(max_length=120)
    name = models.CharField(max_length=300)
    name_ja = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            # Type-ahead: key >= prefix AND key < prefix + U+10FFFF, in key order.
            # (PostgreSQL gets an extra COLLATE "C" index in 0004_search so
            # the range and the order are bytewise there too.)
            models.Index(fields=["key"], name="searchterm_key_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class SearchWord(models.Model):
    """The words of published names, acronyms and aliases: the "Did you mean" vocabulary.

    One row per distinct word, with the number of index entries using it, so
    trigram look-ups read each word once and a word leaves with its last entry.
    """

    word = models.CharField(max_length=100, unique=True)
    entries = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.word
