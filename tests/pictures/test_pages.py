"""The pictures pages on the real fixtures: what a reader sees."""

import csv
import io
import itertools
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from cooperation import charts
from cooperation.filters import AgreementFilter, EventFilter
from cooperation.models import Agency, Agreement, Event, Source, Technology

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


# --- Coverage ---------------------------------------------------------------


def test_coverage_counts_by_year_match_the_published_entries(client, seed_data):
    page = html(client.get(reverse("cooperation:coverage")))
    data = client.get(reverse("cooperation:coverage"), {"format": "json"}).json()
    by_year = {row["year"]: row for row in data["by_year"]}
    for year, row in by_year.items():
        if year is None:
            continue
        assert (
            row["agreements"] == Agreement.objects.published().filter(signed_on__year=year).count()
        )
        assert row["events"] == Event.objects.published().filter(date__year=year).count()
        assert f'<th scope="row">{year}</th>' in page
    undated = Event.objects.published().filter(date__isnull=True).count()
    assert by_year[None]["events"] == undated
    assert "Date not known" in page
    assert "Inclusion criteria" in page


def test_coverage_counts_by_area_and_lists_every_published_source(client, seed_data):
    area = Technology.objects.published().filter(agreements__isnull=False).first()
    data = client.get(reverse("cooperation:coverage"), {"format": "json"}).json()
    row = next(r for r in data["by_technology"] if r["slug"] == area.slug)
    assert row["agreements"] == area.agreements.published().count()
    page = html(client.get(reverse("cooperation:coverage")))
    for source in Source.objects.published():
        assert source.get_absolute_url() in page
        assert source.origin_file in page


def test_coverage_leaves_out_drafts(client, seed_data):
    source = Source.objects.published().first()
    Source.objects.filter(pk=source.pk).update(publication_status="draft")
    page = html(client.get(reverse("cooperation:coverage")))
    assert source.get_absolute_url() not in page


# --- Matrix -----------------------------------------------------------------


def test_matrix_marks_each_area_an_agreement_names(client, seed_data):
    data = client.get(reverse("cooperation:matrix"), {"format": "json"}).json()
    agreement = Agreement.objects.published().filter(technologies__isnull=False).first()
    expected = set(agreement.technologies.published().values_list("slug", flat=True))
    covered = {row["slug"] for row in data["technologies"] if agreement.slug in row["agreements"]}
    assert covered == expected
    assert len(data["agreements"]) == Agreement.objects.published().count()
    page = html(client.get(reverse("cooperation:matrix")))
    assert page.count('<span class="visually-hidden">covered</span>') == sum(
        len(row["agreements"]) for row in data["technologies"]
    )
    assert '<th scope="col" class="matrix__corner">Technology area</th>' in page
    assert agreement.get_absolute_url() in page


def test_matrix_drops_a_draft_agreement(client, seed_data):
    agreement = Agreement.objects.published().first()
    Agreement.objects.filter(pk=agreement.pk).update(publication_status="draft")
    page = html(client.get(reverse("cooperation:matrix")))
    assert agreement.get_absolute_url() not in page


def test_matrix_csv_neutralises_formulas(client, seed_data):
    Technology.objects.filter(pk=Technology.objects.published().first().pk).update(
        name="=HYPERLINK(1)"
    )
    response = client.get(reverse("cooperation:matrix"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "technology area"
    assert len(rows[0]) == Agreement.objects.published().count() + 1
    assert "'=HYPERLINK(1)" in [row[0] for row in rows]
    assert all(cell in ("", "yes") for row in rows[1:] for cell in row[1:])


# --- Timeline ---------------------------------------------------------------


def marks(page: str) -> list[str]:
    svg = page[
        page.index('<svg class="timeline__svg"') : page.index("</svg>", page.index("timeline__svg"))
    ]
    return re.findall(r'<a class="mark mark--\w+" href="([^"]+)">\s*<title>', svg)


def test_timeline_links_every_dated_entry_and_tables_the_rest(client, seed_data):
    page = html(client.get(reverse("cooperation:timeline")))
    dated = [
        a.get_absolute_url() for a in Agreement.objects.published().filter(signed_on__isnull=False)
    ]
    dated += [e.get_absolute_url() for e in Event.objects.published().filter(date__isnull=False)]
    assert sorted(marks(page)) == sorted(dated)
    undated = Event.objects.published().filter(date__isnull=True).first()
    table = page[page.index('<table class="timeline-table"') :]
    assert undated.get_absolute_url() in table and "Not known" in table
    assert 'role="group"' in page and '<desc id="timeline-desc">' in page
    assert "Agreements are squares" in page
    assert 'class="legend"' in page
    assert 'rel="alternate" type="application/atom+xml"' in page


def test_timeline_uses_the_lists_filtersets(client, seed_data):
    area = Technology.objects.published().filter(events__date__isnull=False).first()
    query = QueryDict(f"technology={area.slug}")
    agreements = AgreementFilter(query, queryset=Agreement.objects.published()).qs
    events = EventFilter(query, queryset=Event.objects.published()).qs
    expected = [a.get_absolute_url() for a in agreements if a.signed_on]
    expected += [e.get_absolute_url() for e in events if e.date]
    page = html(client.get(reverse("cooperation:timeline"), {"technology": area.slug}))
    assert sorted(marks(page)) == sorted(expected)
    assert f'<option value="{area.slug}" selected>' in page
    assert "Clear filters" in page


def test_timeline_kind_picks_agreements_or_events(client, seed_data):
    data = client.get(reverse("cooperation:timeline"), {"kind": "summit", "format": "json"}).json()
    assert data["entries"] and {e["type"] for e in data["entries"]} == {"event"}
    assert len(data["entries"]) == Event.objects.published().filter(kind="summit").count()
    kind = Agreement.objects.published().first().kind
    data = client.get(reverse("cooperation:timeline"), {"kind": kind, "format": "json"}).json()
    assert {e["type"] for e in data["entries"]} == {"agreement"}


def test_timeline_form_sends_empty_any_values(client, seed_data):
    query = "technology=&agency=&country=&kind=summit&year_from=&year_to="
    page = html(client.get(reverse("cooperation:timeline") + "?" + query))
    assert (
        len(marks(page))
        == Event.objects.published().filter(kind="summit", date__isnull=False).count()
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"kind": "picnic"}, "kind"),
        ({"year_from": "soon"}, "year_from"),
        ({"technology": "no-such-area"}, "technology"),
        ({"agency": "no-such-agency"}, "agency"),
        ({"country": "XX"}, "country"),
    ],
)
def test_timeline_bad_parameter_is_a_400_naming_it(client, seed_data, query, parameter):
    response = client.get(reverse("cooperation:timeline"), query)
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()
    response = client.get(reverse("cooperation:timeline"), {**query, "format": "json"})
    assert response.status_code == 400 and parameter in response.json()["errors"]


def test_timeline_hides_drafts(client, seed_data):
    event = Event.objects.published().filter(date__isnull=False).first()
    Event.objects.filter(pk=event.pk).update(publication_status="draft")
    page = html(client.get(reverse("cooperation:timeline")))
    assert event.get_absolute_url() not in page


# --- How the pictures read ----------------------------------------------------


def test_coverage_leads_with_totals_and_draws_bars_on_one_scale(client, seed_data):
    page = html(client.get(reverse("cooperation:coverage")))
    data = client.get(reverse("cooperation:coverage"), {"format": "json"}).json()
    expected = {
        "agreements": Agreement.objects.published().count(),
        "events": Event.objects.published().count(),
        "agencies": Agency.objects.published().count(),
        "technologies": Technology.objects.published().count(),
        "sources": Source.objects.published().count(),
    }
    assert data["totals"] == expected
    assert f"<strong>{expected['agencies']}</strong> agencies" in page
    assert f"<strong>{expected['technologies']}</strong> technology areas" in page
    # The fullest year's bar spans the whole width; the others are shorter.
    year_bars = page[page.index('id="years-heading"') : page.index('id="areas-heading"')]
    widths = [
        sum(
            float(w)
            for w in re.findall(r'<rect class="bar--\w+" x="[\d.]+" y="0" width="([\d.]+)"', bar)
        )
        for bar in re.findall(r'<svg class="bar".*?</svg>', year_bars)
    ]
    assert len(widths) == len(data["by_year"])
    assert max(widths) == pytest.approx(charts.BAR_WIDTH)
    assert min(widths) < charts.BAR_WIDTH


def test_timeline_marks_the_years_with_no_entry_and_points_to_the_undated(client, seed_data):
    page = html(client.get(reverse("cooperation:timeline")))
    years = sorted(
        {
            d.year
            for d in Agreement.objects.published()
            .exclude(signed_on=None)
            .values_list("signed_on", flat=True)
        }
        | {
            d.year
            for d in Event.objects.published().exclude(date=None).values_list("date", flat=True)
        }
    )
    skipped = [(a, b) for a, b in itertools.pairwise(years) if b - a > 1]
    assert skipped, "the fixtures have a stretch of years with no entry"
    first, last = skipped[0][0] + 1, skipped[0][1] - 1
    years_text = str(first) if first == last else f"{first}–{last}"
    assert '<text class="gap-label"' in page and f"No entries in {years_text}</text>" in page
    undated = (
        Agreement.objects.published().filter(signed_on=None).count()
        + Event.objects.published().filter(date=None).count()
    )
    assert (
        f'<a href="#timeline-table">{undated} more</a> whose date the sources do not give' in page
    )
    # The table names the type and the kind of each entry.
    assert '<td class="timeline-table__kind">Event · Summit</td>' in page


def test_timeline_with_only_undated_entries_says_so_and_keeps_the_table(client, seed_data):
    # A kind of agreement none of whose entries has a known date.
    kind = Agreement.objects.published().filter(signed_on=None).values_list("kind", flat=True)[0]
    Agreement.objects.filter(kind=kind).update(signed_on=None, signed_on_precision="")
    undated = Agreement.objects.published().filter(kind=kind)
    page = html(client.get(reverse("cooperation:timeline"), {"kind": kind}))
    assert '<svg class="timeline__svg"' not in page
    assert "No dated entry matches these filters. The entries below have no known date." in page
    table = page[page.index('<table class="timeline-table"') :]
    for agreement in undated:
        assert agreement.get_absolute_url() in table
    assert table.count('<td class="timeline-table__date">Not known</td>') == undated.count()
