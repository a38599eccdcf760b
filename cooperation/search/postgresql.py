"""PostgreSQL backend: weighted tsvector with GIN, ts_rank, ts_headline, pg_trgm.

The tsquery is built by `tsquery()` from the parsed query: each phrase's typed
text goes through phraseto_tsquery, which has no syntax (so user text is never
read as operators) and tokenises it as the documents were ("U.S." is one token
to PostgreSQL, two words to SQLite); our operators join the phrases.
"""

from __future__ import annotations

from django.db import connection

from ..kinds import KINDS
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
# Each vector holds the Japanese columns' words beside the English (migration 0009).
# Each tier has a vector (and GIN index) of its own, so no tier needs a
# weight-restricted query, which PostgreSQL would recheck row by row.
TIER_COLUMNS = {NAMES: "name_vector", SUMMARY: "head_vector", ANYWHERE: "document"}
# A phrase is found by the GIN index as all of its words, and its word order is
# then checked in at most this many of those rows: two very common words in a
# phrase never make PostgreSQL read every document holding both.
SCAN_CAP = 1000
PREFIX_END = "\U0010ffff"
# An entry whose own Japanese name (the first line of names_ja) is the query first.
OWN_NAME = "strpos(e.names_ja || chr(10), %s) = 1 DESC,"
# ts_rank weights are {D, C, B, A}.
RANK_WEIGHTS = f"'{{0, {BODY_WEIGHT / 10}, {SUMMARY_WEIGHT / 10}, {NAME_WEIGHT / 10}}}'"
# Divide the rank by 1 + log(document length), as bm25 does on SQLite: without
# it a long article outranks a short entry about the very thing searched for.
RANK_NORMALIZATION = 1
HEADLINE_NAMES = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
SUMMARY_WORDS = 40
HEADLINE_SUMMARY = (
    f"MaxWords={SUMMARY_WORDS}, MinWords=20, StartSel={MARK_START}, StopSel={MARK_END}"
)
HEADLINE_BODY = (
    f'MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", '
    f"StartSel={MARK_START}, StopSel={MARK_END}"
)


def _phrase(phrase: Phrase) -> tuple[str, list]:
    # PostgreSQL's own parser reads the typed text as it read the documents
    # ("U.S." is one token to it); phraseto_tsquery has no syntax to inject.
    return "phraseto_tsquery('english', %s)", [phrase.text or " ".join(phrase.words)]


def _clause(clause: Clause) -> tuple[str, list]:
    parts = [_phrase(p) for p in clause.alternatives]
    return "(" + " || ".join(sql for sql, _ in parts) + ")", [x for _, ps in parts for x in ps]


def _combine(parts: list[tuple[str, list]]) -> tuple[str, list]:
    return "(" + " && ".join(sql for sql, _ in parts) + ")", [x for _, ps in parts for x in ps]


def tsquery(query: ParsedQuery) -> tuple[str, list]:
    """A tsquery expression (folded to a constant by the planner) and its parameters."""
    parts = [_clause(c) for c in query.positive]
    parts += [(f"!!{sql}", params) for sql, params in map(_clause, query.negative)]
    return _combine(parts)


def clause_tsqueries(query: ParsedQuery) -> list[tuple[str, list]]:
    """One expression per positive clause: how many of them a name holds."""
    return [_clause(c) for c in query.positive]


def _has_phrase(query: ParsedQuery) -> bool:
    return any(len(p.words) > 1 for c in query.clauses for p in c.alternatives)


def loose_tsquery(query: ParsedQuery) -> tuple[str, list]:
    """The query with phrases as plain AND (exact in a GIN index); phrase exclusions dropped."""

    def clause(c: Clause) -> tuple[str, list]:
        parts = [
            ("plainto_tsquery('english', %s)", [p.text or " ".join(p.words)])
            for p in c.alternatives
        ]
        return "(" + " || ".join(sql for sql, _ in parts) + ")", [x for _, ps in parts for x in ps]

    parts = [clause(c) for c in query.positive]
    parts += [
        (f"!!{sql}", params)
        for sql, params in (_clause(c) for c in query.negative if len(c.alternatives[0].words) == 1)
    ]
    return _combine(parts)


def matching(column: str, query: ParsedQuery, tags: list[str], limit: int) -> tuple[str, list]:
    """SQL selecting up to `limit` ids whose `column` matches, and a flag column.

    The flag says the phrase check stopped at SCAN_CAP rows, so a count is a lower bound.
    """
    tag_sql, tag_params = _tag_condition(tags)
    exact, exact_params = tsquery(query)
    if not _has_phrase(query):
        return (
            f"SELECT id, false AS partial FROM {ENTRY} "
            f"WHERE {column} @@ {exact} "
            f"AND querytree({exact}) NOT IN ('T', ''){tag_sql} LIMIT %s",
            [*exact_params, *exact_params, *tag_params, limit],
        )
    loose, loose_params = loose_tsquery(query)
    return (
        f"SELECT id, scanned >= %s AS partial FROM ("
        f"SELECT id, vector, COUNT(*) OVER () AS scanned FROM ("
        f"SELECT id, {column} AS vector FROM {ENTRY} "
        f"WHERE {column} @@ {loose} "
        f"AND querytree({loose}) NOT IN ('T', ''){tag_sql} LIMIT %s"
        f") AS hits) AS candidates WHERE vector @@ {exact} LIMIT %s",
        [SCAN_CAP, *loose_params, *loose_params, *tag_params, SCAN_CAP, *exact_params, limit],
    )


def _tag_condition(tags: list[str]) -> tuple[str, list]:
    if not tags:
        return "", []
    return " AND tag_vector @@ to_tsquery('simple', %s)", [" & ".join(tags)]


class PostgreSQLBackend(SearchBackend):
    vendor = "postgresql"

    def ranked(self, query, filters, exact_ids, offset, limit):
        tags = filters.tags()
        parts, params = [], []
        for tier, column in TIER_COLUMNS.items():
            sql, tier_params = matching(column, query, tags, RANK_CAP)
            parts.append(f"SELECT id, {tier} AS tier FROM ({sql}) AS tier{tier}")
            params += tier_params
        q, q_params = tsquery(query)
        if exact_ids:
            tag_sql, tag_params = _tag_condition(tags)
            parts.append(
                f"SELECT id, {EXACT} AS tier FROM {ENTRY} "
                f"WHERE id = ANY(%s) AND document @@ {q}{tag_sql}"
            )
            params += [list(exact_ids), *q_params, *tag_params]
        # Within a tier, entries whose names hold more of the query's words come
        # first: "Kishida Biden summit" puts the Kishida–Biden agreement above an
        # entry that only mentions the summit. Checked on candidates only. Where an
        # agreement and an event name the words alike ("SM-3 Block IIA"), the
        # agreement, the lasting instrument, comes before what happened under it.
        hits = clause_tsqueries(query)
        name_hits = " + ".join(f"(e.name_vector @@ {sql})::int" for sql, _ in hits) or "0"
        sql = f"""
            WITH candidates AS ({" UNION ALL ".join(parts)}),
            best AS (SELECT id, MAX(tier) AS tier FROM candidates GROUP BY id)
            SELECT e.id, e.entity_type, e.slug, e.name, best.tier, COUNT(*) OVER () AS total,
                e.name_ja
            FROM best JOIN {ENTRY} e ON e.id = best.id
            ORDER BY best.tier DESC, {OWN_NAME if query.japanese_name else ""}
                {name_hits} DESC, (e.entity_type = 'event') ASC,
                ts_rank({RANK_WEIGHTS}, e.document, {q}, {RANK_NORMALIZATION}) DESC, e.id
            LIMIT %s OFFSET %s
        """
        if query.japanese_name:
            params.append(query.japanese_name + "\n")
        params += [x for _, ps in hits for x in ps]
        params += [*q_params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = rows[0][5] if rows else 0
        return [RankedRow(*row[:5], name_ja=row[-1]) for row in rows], total

    def type_counts(self, query, filters):
        parts, params = [], []
        for entity_type in KINDS:
            tags = Filters(entity_type, filters.technology_id).tags()
            sql, match_params = matching("document", query, tags, COUNT_CAP + 1)
            parts.append(
                f"SELECT %s, COUNT(*), COALESCE(bool_or(partial), false) FROM ({sql}) AS hits"
            )
            params += [entity_type, *match_params]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return {kind: (n, n > COUNT_CAP or partial) for kind, n, partial in cursor}

    def highlights(self, query, entry_ids):
        if not entry_ids:
            return {}
        q, q_params = tsquery(query)
        sql = rf"""
            SELECT id,
                ts_headline('english', names, {q}, %s),
                CASE WHEN array_length(regexp_split_to_array(summary, '\s+'), 1) <= %s
                    THEN ts_headline('english', summary, {q}, %s)
                    ELSE ts_headline('english', summary, {q}, %s) END,
                ts_headline('english', body, {q}, %s),
                ts_headline('english', names_ja, {q}, %s)
            FROM {ENTRY} WHERE id = ANY(%s)
        """
        # A short summary is shown whole, from its first word, as SQLite's
        # snippet() shows it; a long one is cut around the matches.
        params = [*q_params, HEADLINE_NAMES, SUMMARY_WORDS, *q_params, HEADLINE_NAMES]
        params += [*q_params, HEADLINE_SUMMARY]
        params += [*q_params, HEADLINE_BODY, *q_params, HEADLINE_NAMES, list(entry_ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: Highlight(*(text or "" for text in row[1:])) for row in cursor}

    def match_sql(self, query, entity_type):
        # A list page narrows by every match, so no cap here.
        q, q_params = tsquery(query)
        tag_sql, tag_params = _tag_condition(Filters(entity_type).tags())
        return (
            f"SELECT object_id FROM {ENTRY} WHERE document @@ {q} "
            f"AND querytree({q}) NOT IN ('T', ''){tag_sql}",
            [*q_params, *q_params, *tag_params],
        )

    def prefix_terms(self, prefix, limit):
        # Served by searchterm_key_c_idx: a bytewise range, already in order.
        sql = """
            SELECT entry_id, key, position, entity_type, slug, name, name_ja
            FROM cooperation_searchterm
            WHERE key COLLATE "C" >= %s AND key COLLATE "C" < %s
            ORDER BY key COLLATE "C" LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [prefix, prefix + PREFIX_END, limit])
            return cursor.fetchall()

    def shortest_terms(self, prefix, lengths, per_length, shortest, longer):
        # A range of searchterm_length_key_c_idx per length (LATERAL over the lengths: a
        # UNION of one subquery each took longer to plan than to run), then, only if they
        # held too few, one range of searchterm_key_c_idx for longer keys.
        columns = "entry_id, key, position, entity_type, slug, name, name_ja"
        in_range = 'key COLLATE "C" >= %s AND key COLLATE "C" < %s ORDER BY key COLLATE "C"'
        sql = f"""
            WITH short AS (
                SELECT t.* FROM generate_series(%s, %s) AS length CROSS JOIN LATERAL (
                    SELECT {columns} FROM cooperation_searchterm
                    WHERE char_length(key) = length AND {in_range} LIMIT %s
                ) AS t ORDER BY t.position <> 0, length LIMIT %s
            )
            SELECT * FROM short
            UNION ALL
            (SELECT {columns} FROM cooperation_searchterm
             WHERE (SELECT count(*) FROM short) < %s AND {in_range} LIMIT %s)
        """
        in_range_params = [prefix, prefix + PREFIX_END]
        params = [lengths.start, lengths.stop - 1, *in_range_params, per_length, shortest]
        params += [shortest, *in_range_params, longer]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def after_rebuild(self):
        # Bulk inserts wait in each GIN index's pending list, which every search
        # then scans in full (milliseconds per query) until a vacuum: merge now.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(c.oid) FROM pg_class c "
                "JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'gin' AND i.indrelid IN "
                "('cooperation_searchentry'::regclass, 'cooperation_searchword'::regclass)"
            )

    def similar_words(self, word, limit):
        sql = """
            SELECT word, entries FROM cooperation_searchword
            WHERE word %% %s ORDER BY similarity(word, %s) DESC, entries DESC LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [word, word, limit])
            return cursor.fetchall()
