"""The interface every database backend implements, and the limits they share."""

from __future__ import annotations

from dataclasses import dataclass

from .query import ParsedQuery

# Each ranking tier (names; names and summary; everything) contributes at most
# this many candidates, and only candidates are ranked: a word found in most
# documents never makes the database rank every match.
RANK_CAP = 300
# Counts stop here; beyond it the page says "more than".
COUNT_CAP = 1000
# Tiers, best first in the ordering: exact name/acronym/alias, then names,
# then names or summary, then anywhere.
EXACT, NAMES, SUMMARY, ANYWHERE = 4, 3, 2, 1
# bm25 / ts_rank column weights: names above summary above full text.
NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0


@dataclass
class Filters:
    entity_type: str | None = None
    technology_id: int | None = None

    def tags(self, entity_type: str | None = None) -> list[str]:
        from .documents import TECHNOLOGY_TAG, TYPE_TAG

        tags = []
        if entity_type or self.entity_type:
            tags.append(TYPE_TAG.format(entity_type or self.entity_type))
        if self.technology_id is not None:
            tags.append(TECHNOLOGY_TAG.format(self.technology_id))
        return tags


@dataclass
class RankedRow:
    entry_id: int
    entity_type: str
    slug: str
    name: str
    tier: int
    name_ja: str = ""


@dataclass
class Highlight:
    """Texts with matched terms between MARK_START and MARK_END (not yet escaped)."""

    names: str
    summary: str
    body: str
    names_ja: str = ""


class SearchBackend:
    vendor = ""

    def ranked(
        self,
        query: ParsedQuery,
        filters: Filters,
        exact_ids: list[int],
        offset: int,
        limit: int,
    ) -> tuple[list[RankedRow], int]:
        """One page of the ranked candidates, and how many candidates there are."""
        raise NotImplementedError

    def type_counts(self, query: ParsedQuery, filters: Filters) -> dict[str, tuple[int, bool]]:
        """Matches per entity type (ignoring filters.entity_type), capped at COUNT_CAP + 1.

        With each count, whether it is a lower bound (counting stopped early).
        """
        raise NotImplementedError

    def highlights(self, query: ParsedQuery, entry_ids: list[int]) -> dict[int, Highlight]:
        raise NotImplementedError

    def match_sql(self, query: ParsedQuery, entity_type: str) -> tuple[str, list]:
        """SQL selecting the object ids of one type that match (for list pages)."""
        raise NotImplementedError

    def prefix_terms(self, prefix: str, limit: int) -> list[tuple]:
        """(entry_id, key, position, entity_type, slug, name, name_ja) whose key starts
        with prefix."""
        raise NotImplementedError

    def shortest_terms(
        self, prefix: str, lengths: range, per_length: int, shortest: int, longer: int
    ) -> list[tuple]:
        """prefix_terms' rows, in one query: the `shortest` shortest keys with a length in
        `lengths` (in characters; at most `per_length` of each length, whole names before
        later words), so the shortest names are found however many longer keys sort
        before them; then, if those were fewer than `shortest`, the first `longer` keys
        of any length, in byte order."""
        raise NotImplementedError

    def after_rebuild(self) -> None:
        """Leave the indexes ready for fast reads after a bulk write."""

    def similar_words(self, word: str, limit: int) -> list[tuple[str, int]]:
        """Vocabulary words that look like `word`, with how many entries use each."""
        raise NotImplementedError
