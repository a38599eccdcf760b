"""SQLite backend: FTS5 with bm25 weights and snippet(); a trigram table for typos.

User text reaches MATCH only as double-quoted runs of letters and digits built
by `expression()`; operators are ours, never the user's.
"""

from __future__ import annotations

import re

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
from .query import Clause, ParsedQuery, Phrase, normalise

FTS = "cooperation_search_fts"
WORD_FTS = "cooperation_search_word_fts"
ENTRY = "cooperation_searchentry"
# Each English column has its Japanese twin (names_ja: the analyser's words, see
# japanese.py), which holds no Latin words: an English query reads as it always did.
TEXT_COLUMNS = "{names summary body names_ja summary_ja body_ja}"
TIER_COLUMNS = {
    NAMES: "{names names_ja}",
    SUMMARY: "{names summary names_ja summary_ja}",
    ANYWHERE: TEXT_COLUMNS,
}
# bm25() weights in the table's column order: names, summary, body, tags, then the
# Japanese names, summary and body.
WEIGHTS = f"{NAME_WEIGHT}, {SUMMARY_WEIGHT}, {BODY_WEIGHT}, 0.0, "
WEIGHTS += f"{NAME_WEIGHT}, {SUMMARY_WEIGHT}, {BODY_WEIGHT}"
NAMES_ONLY = "1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0"
# An entry whose own Japanese name (the first line of names_ja) is the query first.
OWN_NAME = "instr(e.names_ja || char(10), %s) = 1 DESC,"
PREFIX_END = "\U0010ffff"
NAME_MARKS = (
    f"CASE WHEN best.tier < {NAMES} AND bm25({FTS}, {NAMES_ONLY}) < 0 "
    f"THEN highlight({FTS}, 0, %s, %s) || char(10) || highlight({FTS}, 4, %s, %s) ELSE '' END"
)


def _phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.words).replace('"', '""') + '"'


def _clause(clause: Clause) -> str:
    alternatives = [_phrase(p) for p in clause.alternatives]
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def expression(query: ParsedQuery, columns: str = TEXT_COLUMNS, tags=()) -> str:
    expr = f"{columns} : ({' AND '.join(_clause(c) for c in query.positive)})"
    for clause in query.negative:
        expr = f"({expr}) NOT ({TEXT_COLUMNS} : {_clause(clause)})"
    for tag in tags:
        expr = f'({expr}) AND ({{tags}} : "{tag}")'
    return expr


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def name_hits(highlighted: str, query: ParsedQuery) -> int:
    """How many positive clauses matched in the names, from highlight()'s marks.

    Each marked text goes to the clause it resembles most (FTS5 matched it by
    its stem: "Hypersonics" is the clause "hypersonic").
    """
    clauses = query.positive
    found = set()
    for marked in re.findall(f"{MARK_START}(.*?){MARK_END}", highlighted or "", re.S):
        text = normalise(marked)
        scores = [
            max(_common_prefix(text, " ".join(p.words)) for p in clause.alternatives)
            for clause in clauses
        ]
        if max(scores, default=0):
            found.add(scores.index(max(scores)))
    return len(found)


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def ranked(self, query, filters, exact_ids, offset, limit):
        tags = filters.tags()
        parts, params = [], []
        for tier in (NAMES, SUMMARY, ANYWHERE):
            parts.append(
                f"SELECT rowid, {tier} AS tier FROM (SELECT rowid FROM {FTS} "
                f"WHERE {FTS} MATCH %s LIMIT %s)"
            )
            params += [expression(query, TIER_COLUMNS[tier], tags), RANK_CAP]
        if exact_ids:
            marks = ", ".join(["%s"] * len(exact_ids))
            parts.append(
                f"SELECT rowid, {EXACT} AS tier FROM {FTS} "
                f"WHERE {FTS} MATCH %s AND rowid IN ({marks})"
            )
            params += [expression(query, TEXT_COLUMNS, tags), *exact_ids]
        # Within a tier, entries whose names hold more of the query's words come
        # first. Only highlight() tells which words matched where, so with
        # several words every (capped) candidate is read and ordered here;
        # highlight() runs only where the names match some words but not all
        # (a names-only bm25 below zero says they match some).
        by_name_hits = len(query.positive) > 1
        page = "" if by_name_hits else "LIMIT %s OFFSET %s"
        # Scoring walks the match list once over the candidates' rowid range and
        # computes bm25 only for candidates. (Joining the other way round makes
        # FTS5 re-run the MATCH once per candidate.) CROSS JOIN fixes that order.
        sql = f"""
            WITH candidates(entry_id, tier) AS ({" UNION ALL ".join(parts)}),
            best AS (SELECT entry_id, MAX(tier) AS tier FROM candidates GROUP BY entry_id)
            SELECT e.id, e.entity_type, e.slug, e.name, best.tier,
                (SELECT COUNT(*) FROM best) AS total,
                {NAME_MARKS if by_name_hits else "''"}, e.name_ja
            FROM {FTS} CROSS JOIN best ON best.entry_id = {FTS}.rowid
            CROSS JOIN {ENTRY} e ON e.id = best.entry_id
            WHERE {FTS} MATCH %s
                AND {FTS}.rowid BETWEEN (SELECT MIN(entry_id) FROM best)
                    AND (SELECT MAX(entry_id) FROM best)
            ORDER BY best.tier DESC, {OWN_NAME if query.japanese_name else ""}
                bm25({FTS}, {WEIGHTS}), e.id
            {page}
        """
        if by_name_hits:
            params += [MARK_START, MARK_END] * 2
        params.append(expression(query, TEXT_COLUMNS, tags))
        if query.japanese_name:
            params.append(query.japanese_name + "\n")
        if not by_name_hits:
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = rows[0][5] if rows else 0
        if by_name_hits:
            # sorted() is stable: bm25 order is kept within equal (tier, hits); as on
            # PostgreSQL, an agreement naming the words comes before an event that does.
            rows = sorted(
                rows,
                key=lambda row: (-row[4], -name_hits(row[6], query), row[1] == "event"),
            )
            rows = rows[offset : offset + limit]
        return [RankedRow(*row[:5], name_ja=row[-1]) for row in rows], total

    def type_counts(self, query, filters):
        parts, params = [], []
        for entity_type in KINDS:
            parts.append(
                f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {FTS} "
                f"WHERE {FTS} MATCH %s LIMIT %s))"
            )
            tags = Filters(entity_type, filters.technology_id).tags()
            params += [entity_type, expression(query, TEXT_COLUMNS, tags), COUNT_CAP + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return {kind: (n, n > COUNT_CAP) for kind, n in cursor.fetchall()}

    def highlights(self, query, entry_ids):
        if not entry_ids:
            return {}
        marks = ", ".join(["%s"] * len(entry_ids))
        sql = f"""
            SELECT rowid,
                highlight({FTS}, 0, %s, %s),
                snippet({FTS}, 1, %s, %s, ' … ', 40),
                snippet({FTS}, 2, %s, %s, ' … ', 32),
                highlight({FTS}, 4, %s, %s)
            FROM {FTS} WHERE {FTS} MATCH %s AND rowid BETWEEN %s AND %s AND +rowid IN ({marks})
        """
        # "+rowid" keeps the IN list out of FTS5's plan: given it, FTS5 would
        # re-run the MATCH once per id instead of walking the match list once.
        params = [MARK_START, MARK_END] * 4
        params += [expression(query), min(entry_ids), max(entry_ids), *entry_ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: Highlight(*(text or "" for text in row[1:])) for row in cursor}

    def match_sql(self, query, entity_type):
        return (
            f"SELECT e.object_id FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid "
            f"WHERE {FTS} MATCH %s",
            [expression(query, TEXT_COLUMNS, Filters(entity_type).tags())],
        )

    def prefix_terms(self, prefix, limit):
        # BINARY collation compares UTF-8 bytes, so this range is exactly "starts with".
        sql = """
            SELECT entry_id, key, position, entity_type, slug, name, name_ja
            FROM cooperation_searchterm WHERE key >= %s AND key < %s ORDER BY key LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [prefix, prefix + PREFIX_END, limit])
            return cursor.fetchall()

    def shortest_terms(self, prefix, lengths, per_length, shortest, longer):
        # A range of searchterm_length_key_idx per length, then, only if they held too
        # few, one range of searchterm_key_idx for longer keys.
        columns = "entry_id, key, position, entity_type, slug, name, name_ja"
        in_range = "key >= %s AND key < %s ORDER BY key"
        one_length = (
            f"SELECT * FROM (SELECT {columns} FROM cooperation_searchterm "
            f"WHERE length(key) = %s AND {in_range} LIMIT %s)"
        )
        each_length = " UNION ALL ".join([one_length] * len(lengths))
        sql = f"""
            WITH short AS MATERIALIZED (
                SELECT * FROM ({each_length}) ORDER BY position <> 0, length(key) LIMIT %s
            )
            SELECT * FROM short
            UNION ALL
            SELECT * FROM (
                SELECT {columns} FROM cooperation_searchterm
                WHERE (SELECT count(*) FROM short) < %s AND {in_range} LIMIT %s
            )
        """
        in_range_params = [prefix, prefix + PREFIX_END]
        params = [p for length in lengths for p in (length, *in_range_params, per_length)]
        params += [shortest, shortest, *in_range_params, longer]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def similar_words(self, word, limit):
        trigrams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
        if not trigrams:
            return []
        match = " OR ".join(f'"{t}"' for t in trigrams)
        sql = f"""
            SELECT w.word, w.entries FROM (
                SELECT rowid FROM {WORD_FTS} WHERE {WORD_FTS} MATCH %s ORDER BY rank LIMIT %s
            ) AS hit CROSS JOIN cooperation_searchword w ON w.id = hit.rowid
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, limit])
            return cursor.fetchall()
