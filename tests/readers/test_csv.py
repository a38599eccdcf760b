"""The CSV export an analyst can use (issue 18): names, countries, precision, sources."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.browse import factories as make

pytestmark = pytest.mark.django_db

AGREEMENT_COLUMNS = [
    "slug", "name", "acronym", "kind", "status", "legally_binding", "signed_on", "parties",
    "technologies", "url",
]  # fmt: skip


def export(client, url_name, params=None):
    response = client.get(reverse(url_name), {**(params or {}), "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return response, list(csv.DictReader(io.StringIO(text))), text.splitlines()[0].split(",")


def test_agreement_csv_keeps_its_columns_and_adds_what_an_analyst_needs(client):
    src = make.source(original_url="https://news.example/article")
    area = make.technology(name="Hypersonics", slug="hypersonics")
    agreement = make.agreement(
        name="Glide accord",
        name_ja="滑空協定",
        signed_on=datetime.date(2023, 1, 1),
        signed_on_precision="month",
        summary="Joint work on glide bodies.",
        legally_binding=True,
    )
    agreement.technologies.add(area)
    agreement.parties.add(
        make.agency(name="DARPA", country="US"),
        make.agency(name="ATLA", country="JP"),
        make.agency(name="Hidden", publication_status="draft", country="KR"),
    )
    make.cite(agreement, src)
    response, rows, header = export(
        client, "cooperation:agreement-list", {"technology": "hypersonics", "binding": "yes"}
    )
    assert header[: len(AGREEMENT_COLUMNS)] == AGREEMENT_COLUMNS
    (row,) = rows
    assert row["signed_on"] == "2023-01" and row["signed_on_precision"] == "month"
    assert sorted(row["party_names"].split("; ")) == ["ATLA", "DARPA"]
    assert sorted(row["party_countries"].split("; ")) == ["JP", "US"]
    assert row["technology_names"] == "Hypersonics"
    assert row["kind_label"] == "Memorandum of understanding"
    assert row["summary"] == "Joint work on glide bodies."
    assert row["source_urls"] == "https://news.example/article"
    assert row["name_ja"] == "滑空協定"  # both names, as in the JSON twins
    assert response["Content-Disposition"] == (
        'attachment; filename="agreements_technology-hypersonics_binding-yes.csv"'
    )


def test_event_agency_technology_and_source_csv_add_names_and_sources(client):
    src = make.source(original_url="")
    event = make.event(summary="A summit.")
    event.participants.add(make.agency(name="METI", country="JP"))
    make.cite(event, src)
    _, rows, _ = export(client, "cooperation:event-list")
    (row,) = rows
    assert row["participant_names"] == "METI" and row["participant_countries"] == "JP"
    assert row["date_precision"] == "month" and row["summary"] == "A summit."
    # An article without an original address is cited by its page here.
    assert row["source_urls"] == f"http://testserver{src.get_absolute_url()}"
    _, rows, _ = export(client, "cooperation:agency-list", {"country": "JP"})
    assert rows[0]["country_name"] == "Japan" and rows[0]["name"] == "METI"
    _, rows, _ = export(client, "cooperation:source-list")
    assert rows[0]["published_on_precision"] == "year"


def test_csv_file_name_is_safe_whatever_the_filters(client):
    response, _, _ = export(client, "cooperation:agreement-list", {"q": '"radar" ; rm -rf / 日本'})
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert name.startswith("agreements_q-") and name.endswith(".csv")
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789_+.-")
    response, _, _ = export(client, "cooperation:source-list", {"sort": "title"})
    assert response["Content-Disposition"] == 'attachment; filename="sources.csv"'
