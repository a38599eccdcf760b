"""PostgreSQL backend: weighted tsvector with GIN, ts_rank, ts_headline, pg_trgm.

The tsquery is built by `tsquery()` from the parsed query: each word is a
single-quoted run of letters and digits, so to_tsquery never sees user syntax.
"""

from __future__ import annotations

from django.db import connection

from .base import (
    ANYWHERE,
    BODY_WEIGHT,
    COUNT_CAP,
    EXACT,
    NAME_WEIGHT,
    NAMES,
    RANK_CAP,
    SUMMARY,
    SUMMARY_WEIGHT,
    Filters,
    Highlight,
    RankedRow,
    SearchBackend,
)
from .documents import MARK_END, MARK_START
from .query import Clause, ParsedQuery, Phrase

ENTRY = "cooperation_searchentry"
ENTITY_TYPES = ("agreement", "agency", "technology", "event", "source")
TIER_WEIGHTS = {NAMES: "A", SUMMARY: "AB", ANYWHERE: ""}
PREFIX_END = "\U0010ffff"
# ts_rank weights are {D, C, B, A}.
RANK_WEIGHTS = f"'{{0, {BODY_WEIGHT / 10}, {SUMMARY_WEIGHT / 10}, {NAME_WEIGHT / 10}}}'"
HEADLINE_NAMES = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
HEADLINE_SUMMARY = f"MaxWords=40, MinWords=20, StartSel={MARK_START}, StopSel={MARK_END}"
HEADLINE_BODY = (
    f'MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", '
    f"StartSel={MARK_START}, StopSel={MARK_END}"
)
# Matches the query, unless it has no indexable part (only stop words and
# exclusions), which would scan every row to list nearly all of them.
MATCHES = (
    "document @@ to_tsquery('english', %s) "
    "AND querytree(to_tsquery('english', %s)) NOT IN ('T', '')"
)


def _phrase(phrase: Phrase, weights: str) -> str:
    suffix = f":{weights}" if weights else ""
    words = [f"'{w}'{suffix}" for w in phrase.words]
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


def _clause(clause: Clause, weights: str) -> str:
    alternatives = [_phrase(p, weights) for p in clause.alternatives]
    return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"


def tsquery(query: ParsedQuery, weights: str = "") -> str:
    parts = [_clause(c, weights) for c in query.positive]
    parts += [f"!{_clause(c, '')}" for c in query.negative]
    return " & ".join(parts)


def _tag_condition(tags: list[str]) -> tuple[str, list]:
    if not tags:
        return "", []
    return " AND tag_vector @@ to_tsquery('simple', %s)", [" & ".join(tags)]


class PostgreSQLBackend(SearchBackend):
    vendor = "postgresql"

    def ranked(self, query, filters, exact_ids, offset, limit):
        tag_sql, tag_params = _tag_condition(filters.tags())
        parts, params = [], []
        for tier in (NAMES, SUMMARY, ANYWHERE):
            q = tsquery(query, TIER_WEIGHTS[tier])
            parts.append(
                f"(SELECT id, {tier} AS tier FROM {ENTRY} WHERE {MATCHES}{tag_sql} LIMIT %s)"
            )
            params += [q, q, *tag_params, RANK_CAP]
        q = tsquery(query)
        if exact_ids:
            parts.append(
                f"(SELECT id, {EXACT} AS tier FROM {ENTRY} "
                f"WHERE id = ANY(%s) AND {MATCHES}{tag_sql})"
            )
            params += [list(exact_ids), q, q, *tag_params]
        sql = f"""
            WITH candidates AS ({" UNION ALL ".join(parts)}),
            best AS (SELECT id, MAX(tier) AS tier FROM candidates GROUP BY id)
            SELECT e.id, e.entity_type, e.slug, e.name, best.tier, COUNT(*) OVER () AS total
            FROM best JOIN {ENTRY} e ON e.id = best.id
            ORDER BY best.tier DESC,
                ts_rank({RANK_WEIGHTS}, e.document, to_tsquery('english', %s)) DESC, e.id
            LIMIT %s OFFSET %s
        """
        params += [q, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = rows[0][5] if rows else 0
        return [RankedRow(*row[:5]) for row in rows], total

    def type_counts(self, query, filters):
        q = tsquery(query)
        parts, params = [], []
        for entity_type in ENTITY_TYPES:
            tag_sql, tag_params = _tag_condition(Filters(entity_type, filters.technology_id).tags())
            parts.append(
                f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {ENTRY} "
                f"WHERE {MATCHES}{tag_sql} LIMIT %s) AS hits)"
            )
            params += [entity_type, q, q, *tag_params, COUNT_CAP + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())

    def highlights(self, query, entry_ids):
        if not entry_ids:
            return {}
        sql = f"""
            SELECT id,
                ts_headline('english', names, to_tsquery('english', %s), %s),
                ts_headline('english', summary, to_tsquery('english', %s), %s),
                ts_headline('english', body, to_tsquery('english', %s), %s)
            FROM {ENTRY} WHERE id = ANY(%s)
        """
        q = tsquery(query)
        params = [q, HEADLINE_NAMES, q, HEADLINE_SUMMARY, q, HEADLINE_BODY, list(entry_ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: Highlight(*(text or "" for text in row[1:])) for row in cursor}

    def match_sql(self, query, entity_type):
        q = tsquery(query)
        tag_sql, tag_params = _tag_condition(Filters(entity_type).tags())
        return (
            f"SELECT object_id FROM {ENTRY} WHERE {MATCHES}{tag_sql}",
            [q, q, *tag_params],
        )

    def prefix_terms(self, prefix, limit):
        # Served by searchterm_key_c_idx: a bytewise range, already in order.
        sql = """
            SELECT entry_id, key, position, entity_type, slug, name
            FROM cooperation_searchterm
            WHERE key COLLATE "C" >= %s AND key COLLATE "C" < %s
            ORDER BY key COLLATE "C" LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [prefix, prefix + PREFIX_END, limit])
            return cursor.fetchall()

    def similar_words(self, word, limit):
        sql = """
            SELECT word, COUNT(*) FROM cooperation_searchword
            WHERE word %% %s GROUP BY word ORDER BY MAX(similarity(word, %s)) DESC, COUNT(*) DESC
            LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [word, word, limit])
            return cursor.fetchall()
