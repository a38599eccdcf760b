"""Finding the entries a text names: each entry's terms, the index, the mentions page."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..kinds import CITABLE
from ..models import QUOTE_MAX_LENGTH, Citation, Source
from .japanese import JAPANESE, CharacterIndex, fold, has_japanese
from .words import (
    CONNECTORS,
    MIN_TERM_LENGTH,
    PLACES,
    SKIPPED,
    Token,
    cased_form,
    sentence_spans,
    tokenize,
    variants,
)

# The cited type (Citation's target field) → its model, in the order mentions are shown.
MENTIONABLE: dict[str, type] = {name: kind.model for name, kind in CITABLE.items()}


@dataclass
class Mention:
    target_type: str
    entity: object
    terms: list[str]
    sentence: str
    other_sentences: int = 0
    already_cited: bool = False
    key: str = ""
    # The quote this source's citation of the entry holds (what was saved, maybe edited).
    cited_quote: str = ""


@dataclass(frozen=True)
class Term:
    keys: tuple[str, ...]
    cased: tuple[str | None, ...]  # per word: compared case-sensitively when not None
    proper: bool  # a name written capitalised (may sit inside a longer capitalised name)
    rank: int  # name first, then acronym, then aliases: the order "Named as" lists them
    # A Japanese name (japanese.py), found as characters rather than words: its folded text.
    characters: str = ""


@dataclass
class Match:
    target_type: str
    entity: object
    start: int
    end: int
    text: str
    rank: int
    sentence: tuple[int, int]


def _term(text: str, rank: int, sentence_case: bool, by_case: bool = True) -> Term | None:
    words = [t for t in tokenize(text) if t.key not in SKIPPED]
    if not words or len(text.strip()) < MIN_TERM_LENGTH:
        return None
    # A word written in capitals is an acronym, compared as written: "AI" is not "ai".
    cased = tuple(
        w.cased if by_case and w.cased.isupper() and w.cased.upper() != w.cased.lower() else None
        for w in words
    )
    content = [w for w in words if w.key not in CONNECTORS]
    if sentence_case:
        content = content[1:]  # "Ballistic missile defense": a name starts with a capital
    proper = bool(content) and all(w.capitalised for w in content)
    return Term(tuple(w.key for w in words), cased, proper, rank)


def terms_of(entity, target_type: str = "") -> list[Term]:
    """The terms an entity is known by, in every word order, and its Japanese names."""
    written: list[tuple[str, bool]] = []
    name = getattr(entity, "name", "") or ""
    # Technology areas are common nouns named in sentence case ("Hypersonics").
    written.append((name, target_type == "technology"))
    written.append((getattr(entity, "acronym", "") or "", False))
    written += [(alias, False) for alias in getattr(entity, "aliases", None) or []]
    # Japanese names follow the English ones; those in Latin letters ("ATLA") are words.
    written.append((getattr(entity, "name_ja", "") or "", False))
    written += [(alias, False) for alias in getattr(entity, "aliases_ja", None) or []]
    terms: dict[tuple, Term] = {}
    for rank, (text, sentence_case) in enumerate(written):
        if has_japanese(text):
            folded = fold(text.strip())
            terms.setdefault((folded,), Term((folded,), (None,), True, rank, folded))
            continue
        for variant in variants(text.strip()) if text.strip() else []:
            # A name is matched in any case ("5G" in "5g"), as before; acronyms and the
            # words of aliases written in capitals only as written.
            term = _term(variant, rank, sentence_case, by_case=rank > 0)
            if term is not None and (term.keys, term.cased) not in terms:
                terms[(term.keys, term.cased)] = term
    return list(terms.values())


class MentionIndex:
    """Every term of every entry, looked up by its first word."""

    def __init__(self, entries: dict[str, list]):
        self.by_first: dict[str, list[tuple[Term, str, object]]] = defaultdict(list)
        self.japanese = CharacterIndex()
        self.known_keys: set[tuple[str, ...]] = set()
        # Words written in capitals inside known names: "MOU" of "MOU for RDT&E", "U.S.".
        self.acronym_words: set[str] = {cased_form(p) for p in PLACES if p.isupper()}
        for target_type, entities in entries.items():
            for entity in entities:
                for term in terms_of(entity, target_type):
                    if term.characters:
                        self.japanese.add(term.characters, (term, target_type, entity))
                        continue
                    self.by_first[term.keys[0]].append((term, target_type, entity))
                    self.known_keys.add(term.keys)
                    self.acronym_words.update(c for c in term.cased if c)

    @classmethod
    def from_database(cls) -> MentionIndex:
        return cls(
            {name: list(model.objects.order_by("name")) for name, model in MENTIONABLE.items()}
        )

    def find(self, text: str) -> list[Match]:
        """Every mention in the text, longest first where they overlap."""
        found: list[Match] = []
        for span in sentence_spans(text):
            found += self._find_in_sentence(text, span)
        return found

    def _find_in_sentence(self, text: str, span: tuple[int, int]) -> list[Match]:
        tokens = tokenize(text, *span)
        words = [t for t in tokens if t.key not in SKIPPED]
        names = capitalised_runs(tokens, text)
        candidates: dict[tuple[int, int], list[tuple[Term, str, object]]] = defaultdict(list)
        for start, end, found, country in self.japanese.find(text[span[0] : span[1]], span[0]):
            owner = getattr(found[2], "country", "")
            if country and owner and country != owner:
                continue  # 英国防省 is Britain's, not the Pentagon (国防省)
            candidates[(start, end)].append(found)
        for i, first in enumerate(words):
            for term, target_type, entity in self.by_first.get(first.key, ()):
                n = len(term.keys)
                window = words[i : i + n]
                if len(window) < n or any(
                    w.key != k or (c is not None and w.cased != c)
                    for w, k, c in zip(window, term.keys, term.cased, strict=True)
                ):
                    continue
                start, end = window[0].start, window[-1].end
                if n > 1 and JAPANESE.search(text, start, end):
                    continue  # words of a name, with Japanese between them: not the name
                if not term.proper and _inside_a_longer_name(window, names):
                    continue
                candidates[(start, end)].append((term, target_type, entity))
        chosen: list[tuple[int, int]] = []
        matches: list[Match] = []
        # Longest first; a shorter name inside a chosen one is part of it, not a mention.
        for start, end in sorted(candidates, key=lambda s: (s[0] - s[1], s[0])):
            if any(start < e and s < end for s, e in chosen):
                continue
            chosen.append((start, end))
            seen = set()
            for term, target_type, entity in candidates[(start, end)]:
                if (target_type, entity.pk) in seen:
                    continue
                seen.add((target_type, entity.pk))
                matches.append(
                    Match(target_type, entity, start, end, text[start:end], term.rank, span)
                )
        return sorted(matches, key=lambda m: m.start)


def capitalised_runs(tokens: list[Token], text: str = "") -> list[tuple[int, int]]:
    """(first, last) token indexes of each run of capitalised words ("Missile Defense Agency",
    "Ministry of Defense"), small connecting words allowed inside; Japanese between two
    words (in `text`) ends a run."""
    runs, start = [], None
    for i, token in enumerate(tokens):
        if start is not None and text and JAPANESE.search(text, tokens[i - 1].end, token.start):
            runs.append((start, i - 1))
            start = None
        if token.capitalised:
            if start is None:
                start = i
            continue
        if (
            start is not None
            and token.key in CONNECTORS
            and (i + 1 < len(tokens) and tokens[i + 1].capitalised)
        ):
            continue
        if start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(tokens) - 1))
    return [(tokens[a].start, tokens[b].end) for a, b in runs]


def _inside_a_longer_name(window: list[Token], names: list[tuple[int, int]]) -> bool:
    if not all(w.capitalised for w in window):
        return False
    start, end = window[0].start, window[-1].end
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in names)


# The mentions page ------------------------------------------------------------------


def quote_around(text: str, span: tuple[int, int], at: int) -> str:
    """The sentence, or a window of it around the mention when it is too long to quote."""
    start, end = span
    if end - start > QUOTE_MAX_LENGTH:
        start = max(start, at - QUOTE_MAX_LENGTH // 2)
        end = min(end, start + QUOTE_MAX_LENGTH)
    return text[start:end].strip()


def find_mentions(source: Source, index: MentionIndex | None = None) -> list[Mention]:
    """Each existing entry the source's text names, with the first sentence naming it.

    One row per entry keeps the list short; `other_sentences` says how many more
    sentences name it, and the curator may replace the quote with any of them.
    """
    text = source.text or ""
    index = index or MentionIndex.from_database()
    cited: dict[tuple[str, int], str] = {}
    for citation in Citation.objects.filter(source=source).order_by("pk"):
        for target_type in MENTIONABLE:
            target_id = getattr(citation, f"{target_type}_id")
            if target_id:
                cited.setdefault((target_type, target_id), citation.quote)
    by_entry: dict[tuple[str, int], list[Match]] = defaultdict(list)
    for match in index.find(text):
        by_entry[(match.target_type, match.entity.pk)].append(match)
    mentions: list[Mention] = []
    for (target_type, pk), matches in by_entry.items():
        first = min(matches, key=lambda m: m.start)
        sentences = {m.sentence for m in matches}
        terms = [m.text for m in sorted(matches, key=lambda m: (m.rank, m.start))]
        mentions.append(
            Mention(
                target_type=target_type,
                entity=first.entity,
                terms=list(dict.fromkeys(re.sub(r"\s+", " ", t) for t in terms)),
                sentence=quote_around(text, first.sentence, first.start),
                other_sentences=len(sentences) - 1,
                already_cited=(target_type, pk) in cited,
                key=f"{target_type}-{pk}",
                cited_quote=cited.get((target_type, pk), ""),
            )
        )
    # Entries that cite the source without being named in it (an event created from one of
    # its sentences) are listed too, so the curator sees what they just created.
    unnamed: dict[str, list[int]] = defaultdict(list)
    for target_type, pk in cited:
        if (target_type, pk) not in by_entry:
            unnamed[target_type].append(pk)
    for target_type, pks in unnamed.items():
        for entity in MENTIONABLE[target_type].objects.filter(pk__in=pks):
            quote = cited[(target_type, entity.pk)]
            mentions.append(
                Mention(
                    target_type=target_type,
                    entity=entity,
                    terms=[],
                    sentence=quote,
                    already_cited=True,
                    key=f"{target_type}-{entity.pk}",
                    cited_quote=quote,
                )
            )
    order = list(MENTIONABLE)
    mentions.sort(key=lambda m: (order.index(m.target_type), m.entity.name, m.entity.pk))
    return mentions
