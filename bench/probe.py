"""The benchmark's in-process half: pick concrete URLs from a corpus, count their queries.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.probe   # prints JSON

Runs inside Django against the database the environment points at, which must
hold a synthetic corpus (`manage.py generate_corpus`). Each route is fetched
once with the test client inside CaptureQueriesContext: its status (404 means
the page does not exist on this branch yet: "missing"), its SQL query count and
its size. run.py then loads only the routes that answered.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

# Budgets of issue 6 per group: (least throughput ratio to the minimal view, most p95 ms).
BUDGETS = {
    "entity": (0.40, 10),
    "list": (0.15, 40),
    "area": (0.15, 40),
    "home": (0.20, 30),
    "search": (0.05, 60),
    "typeahead": (0.30, 15),
}
# Issue 16's budgets with the page cache off: every request rendered from scratch.
COLD_BUDGETS = {
    "entity": (0.25, 15),
    "list": (0.08, 40),
    "area": (0.08, 40),
    "home": (0.10, 30),
    "search": (0.05, 60),
    "typeahead": (0.30, 15),  # never cached: the same either way
}
MINIMAL = "minimal"


@dataclass
class Route:
    name: str
    group: str
    url: str
    note: str = ""
    status: int | None = None
    queries: int | None = None  # as served by a warm worker (a page-cache hit: 1)
    queries_cold: int | None = None  # rendering it: what must not grow with the corpus
    bytes: int | None = None
    state: str = "pending"  # ok, missing (404), error (another status)
    extra: dict = field(default_factory=dict)


def _search(q: str) -> str:
    return "/search/?" + urlencode({"q": q})


def pick_routes(sample_size: int = 2000) -> list[Route]:
    """Concrete URLs for the issue's routes, chosen from the corpus in the database."""
    from django.db.models import Count, Q

    from bench.synthetic import generator as synthetic
    from cooperation.models import Agency, Agreement, Source, Technology

    if not Source.objects.filter(origin_file=synthetic.SYNTHETIC_ORIGIN).exists():
        raise SystemExit(
            "This database holds no synthetic corpus: run `manage.py generate_corpus` first."
        )
    routes = [Route(MINIMAL, "baseline", "/bench/minimal/", "no database, no template")]
    routes.append(Route("home", "home", "/"))

    # The top-level area linked (through its sub-areas too) to the most agreements.
    best_top, best_count = None, -1
    for top in Technology.objects.published().filter(parent=None):
        subtree = Q(technologies=top) | Q(technologies__parent=top)
        subtree |= Q(technologies__parent__parent=top)
        count = Agreement.objects.published().filter(subtree).distinct().count()
        if count > best_count:
            best_top, best_count = top, count
    kind = (
        Agreement.objects.published()
        .values_list("kind", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    filters = urlencode({"technology": best_top.slug, "kind": kind})
    routes.append(
        Route(
            "agreements-filtered",
            "list",
            f"/agreements/?{filters}",
            f"technology + kind, {best_count:,} agreements in the area",
        )
    )
    routes.append(
        Route(
            "technology-area",
            "area",
            best_top.get_absolute_url(),
            f"top-level area, {best_count:,} agreements in its subtree, "
            f"{best_top.citations.count():,} citations",
        )
    )

    agreement = (
        Agreement.objects.published()
        .annotate(n=Count("parties", distinct=True) + Count("technologies", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    cited = agreement.citations.count()
    routes.append(
        Route(
            "agreement",
            "entity",
            agreement.get_absolute_url(),
            f"{agreement.n} parties and technologies, {cited} citations",
        )
    )

    # An agency with hundreds of relations (agreements + events), the closest to 300.
    agreements_of = dict(
        Agreement.parties.through.objects.values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    events_of = dict(
        Agency.events.through.objects.values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    totals = {pk: agreements_of.get(pk, 0) + events_of.get(pk, 0) for pk in agreements_of}
    agency_pk = min(totals, key=lambda pk: (abs(totals[pk] - 300), pk))
    agency = Agency.objects.annotate(cited=Count("citations")).get(pk=agency_pk)
    routes.append(
        Route(
            "agency",
            "entity",
            agency.get_absolute_url(),
            f"{agreements_of.get(agency_pk, 0)} agreements + {events_of.get(agency_pk, 0)} events, "
            f"{agency.cited} citations",
        )
    )

    # Search words by document frequency, checked on a sample of the articles.
    texts = list(Source.objects.order_by("pk").values_list("text", flat=True)[:sample_size])
    common = synthetic.word_with_document_frequency(0.98)
    queries = [
        ("search-rare", synthetic.word_with_document_frequency(0.0002, avoid=[common])),
        ("search-1pct", synthetic.word_with_document_frequency(0.01)),
        ("search-common", common),
        ("search-phrase", f'"{synthetic.phrase_with_document_frequency(0.05)}"'),
    ]
    for name, q in queries:
        pattern = re.compile(r"\b" + re.escape(q.strip('"')) + r"\b", re.IGNORECASE)
        share = sum(1 for t in texts if pattern.search(t)) / max(1, len(texts))
        routes.append(
            Route(name, "search", _search(q), f"q={q}: in {share:.2%} of {len(texts):,} articles")
        )

    # Japanese (issue 15): the query goes through the analyser as the names did. A word
    # in one name in twenty-four, one agreement's whole Japanese name, and a mixed query.
    named = Agreement.objects.exclude(name_ja="").order_by("pk").first()
    japanese = [
        ("search-ja-word", "量子", "a word of 1 in 24 Japanese names"),
        ("search-ja-name", named.name_ja if named else "防衛装備庁", "one agreement's name"),
        ("search-ja-mixed", f"{common} 協力", "an English word and a Japanese one"),
    ]
    for name, q, note in japanese:
        routes.append(Route(name, "search", _search(q), f"q={q}: {note}"))

    prefix = best_top.name[:3].lower()
    routes.append(
        Route(
            "typeahead",
            "typeahead",
            "/search/suggest/?" + urlencode({"q": prefix}),
            f"prefix {prefix!r}",
        )
    )
    routes.append(
        Route(
            "typeahead-ja",
            "typeahead",
            "/search/suggest/?" + urlencode({"q": "防衛"}),
            "prefix '防衛' (Japanese names)",
        )
    )
    routes.append(Route("agreements-json", "json", "/agreements/?format=json", "first page"))
    routes.append(
        Route(
            "agreements-csv",
            "csv",
            "/agreements/?" + urlencode({"technology": best_top.slug, "format": "csv"}),
            f"{best_count:,} rows, streamed",
        )
    )
    return routes


def count_queries(routes: list[Route]) -> list[Route]:
    """Fetch each route cold, then warm: status, SQL queries and bytes (streams consumed)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    for route in routes:
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(route.url)
            if response.streaming:
                b"".join(response.streaming_content)
        route.queries_cold = len(cold.captured_queries)
        # Then as a running worker serves it: from the page cache, where it is cached.
        with CaptureQueriesContext(connection) as captured:
            response = client.get(route.url)
            streamed = response.streaming
            body = b"".join(response.streaming_content) if streamed else response.content
        route.status = response.status_code
        route.queries = len(captured.captured_queries)
        route.bytes = len(body)
        if response.status_code == 404:
            route.state = "missing"
        elif response.status_code >= 400:
            route.state = "error"
        else:
            route.state = "ok"
    return routes


def main() -> None:
    import django

    django.setup()
    routes = count_queries(pick_routes())
    json.dump([asdict(r) for r in routes], sys.stdout)


if __name__ == "__main__":
    main()
