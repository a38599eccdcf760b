"""Two tiers of evidence (issue 14): quoted passages of held sources, referenced documents."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from cooperation.fixture_io import FIXTURE_LAYOUT
from cooperation.models import Agreement, Citation, Reference

from . import factories as f

pytestmark = pytest.mark.django_db


def reference(**fields) -> Reference:
    n = Reference.objects.count() + 1
    defaults = {
        "slug": f"ref-{n}",
        "publisher": "Ministry of Defense of Japan",
        "title": f"Press release {n}",
        "published_on": datetime.date(2006, 6, 23),
        "published_on_precision": "day",
        "url": f"https://www.mod.go.jp/release-{n}.html",
    }
    return Reference.objects.create(**{**defaults, **fields})


def claim(target, ref: Reference, text: str = "The two governments signed it.", **fields):
    return Citation.objects.create(
        reference=ref, claim=text, **{target._meta.model_name: target}, **fields
    )


# The model ---------------------------------------------------------------------------


def test_a_citation_stands_on_exactly_one_tier():
    agreement, src, ref = f.agreement(), f.source(), reference()
    both = Citation(agreement=agreement, source=src, quote="A quoted passage", reference=ref)
    with pytest.raises(ValidationError, match="exactly one"):
        both.full_clean()
    with pytest.raises(ValidationError) as error:
        Citation(agreement=agreement, reference=ref, claim="  ").full_clean()
    assert "claim" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Citation(agreement=agreement, reference=ref, claim="Fact.", quote="Words").full_clean()
    assert "quote" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        Citation.objects.create(agreement=agreement, claim="No document at all.")


def test_a_reference_needs_an_http_address():
    with pytest.raises(ValidationError) as error:
        Reference(slug="r", publisher="P", title="T", url="ftp://example.org/x").full_clean()
    assert "url" in error.value.message_dict


# Pages, JSON, CSV and lists ------------------------------------------------------------


@pytest.fixture
def referenced_agreement():
    agreement = f.agreement(slug="sm3", name="SM-3 Block IIA cooperative development")
    f.cite(agreement)
    ref = reference(title="SM-3 Block IIA memorandum", language="ja")
    claim(
        agreement,
        ref,
        "Japan and the United States agreed to co-develop the interceptor.",
        locator="para. 2",
        field="signed_on",
    )
    return agreement


def test_the_entity_page_shows_each_tier(client, referenced_agreement):
    html = client.get("/agreements/sm3/").content.decode()
    assert 'data-evidence="quoted"' in html and 'data-evidence="referenced"' in html
    assert "agreed to co-develop the interceptor." in html
    assert "Ministry of Defense of Japan" in html and "SM-3 Block IIA memorandum" in html
    assert 'href="https://www.mod.go.jp/release-1.html"' in html and "para. 2" in html
    assert "(in Japanese)" in html
    assert "1 quoted passage of held sources and 1 claim from referenced documents" in html


def test_the_json_twin_says_the_tier_of_each_citation(client, referenced_agreement):
    data = client.get("/agreements/sm3/?format=json").json()
    assert data["evidence"] == ["quoted", "referenced"]
    by_tier = {c["evidence"]: c for c in data["citations"]}
    assert by_tier["quoted"]["source"]["slug"].startswith("source-")
    referenced = by_tier["referenced"]
    assert referenced["source"] is None and referenced["quote"] == ""
    assert referenced["claim"].startswith("Japan and the United States")
    assert referenced["locator"] == "para. 2" and referenced["field"] == "signed_on"
    assert referenced["reference"] == {
        "slug": "ref-1",
        "publisher": "Ministry of Defense of Japan",
        "title": "SM-3 Block IIA memorandum",
        "published_on": "2006-06-23",
        "url": "https://www.mod.go.jp/release-1.html",
        "language": "ja",
    }


def test_the_csv_twin_has_an_evidence_column(client, referenced_agreement):
    quoted_only = f.agreement(slug="quoted-only")
    f.cite(quoted_only)
    response = client.get("/agreements/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["sm3"]["evidence"] == "quoted; referenced"
    assert by_slug["quoted-only"]["evidence"] == "quoted"
    assert list(rows[0])[:10] == [  # the existing columns keep their names and places
        "slug",
        "name",
        "acronym",
        "kind",
        "status",
        "legally_binding",
        "signed_on",
        "parties",
        "technologies",
        "url",
    ]


@pytest.mark.parametrize("path", ["/agreements/", "/events/", "/agencies/", "/technologies/"])
def test_lists_filter_by_tier(client, path):
    kind = {
        "/agreements/": f.agreement,
        "/events/": f.event,
        "/agencies/": f.agency,
        "/technologies/": f.technology,
    }[path]
    quoted, referenced = kind(name="Quoted entry"), kind(name="Referenced entry")
    f.cite(quoted)
    claim(referenced, reference())
    for value, shown, hidden in [
        ("quoted", quoted, referenced),
        ("referenced", referenced, quoted),
    ]:
        data = client.get(path, {"evidence": value, "format": "json"}).json()
        slugs = {row["slug"] for row in data["results"]}
        assert shown.slug in slugs and hidden.slug not in slugs


def test_a_bad_tier_is_a_400_naming_evidence(client):
    response = client.get("/agreements/", {"evidence": "rumoured", "format": "json"})
    assert response.status_code == 400
    assert "evidence" in response.json()["errors"]
    html = client.get("/agreements/", {"evidence": "rumoured"})
    assert html.status_code == 400 and "evidence" in html.content.decode()


def test_search_finds_a_claim(client):
    agreement = f.agreement(name="Plain name")
    claim(agreement, reference(), "Interceptors were co-produced under licence at Komaki.")
    data = client.get("/search/", {"q": "Komaki", "format": "json"}).json()
    assert agreement.slug in json.dumps(data)


@pytest.mark.parametrize("rows", [1, 25])
def test_entity_page_queries_do_not_grow_with_references(
    client, django_assert_max_num_queries, rows
):
    agreement = f.agreement(slug="many-refs")
    for _ in range(rows):
        claim(agreement, reference(), f"Claim {Reference.objects.count()}.")
    with django_assert_max_num_queries(16):
        assert client.get("/agreements/many-refs/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/agreements/many-refs/?format=json").status_code == 200


# Fixtures ------------------------------------------------------------------------------


@pytest.fixture
def fixture_copy(tmp_path) -> Path:
    directory = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, directory)
    return directory


def _add_reference_and_claim(directory: Path, reference_slug: str = "r-test-1954") -> None:
    refs = json.loads((directory / "01a_references.json").read_text())
    refs.append(
        {
            "model": "cooperation.reference",
            "fields": {
                "slug": "r-test-1954",
                "title": "Mutual Defense Assistance Agreement",
                "publisher": "Ministry of Foreign Affairs of Japan",
                "published_on": "1954-03-08",
                "published_on_precision": "day",
                "url": "https://www.mofa.go.jp/mdaa.html",
                "language": "en",
                "note": "",
                "source": None,
            },
        }
    )
    (directory / "01a_references.json").write_text(json.dumps(refs, indent=2))
    agreements = json.loads((directory / "04_agreements.json").read_text())
    agreements.append(
        {
            "model": "cooperation.citation",
            "fields": {
                "reference": [reference_slug],
                "agreement": ["mou-for-rdte"],
                "agency": None,
                "technology": None,
                "event": None,
                "field": "",
                "claim": "A test claim in our own words.",
                "locator": "art. 1",
            },
        }
    )
    (directory / "04_agreements.json").write_text(json.dumps(agreements, indent=2))


def _load(directory: Path, *args):
    call_command("load_fixtures", *[directory / n for n, _ in FIXTURE_LAYOUT], *args, verbosity=0)


def test_fixtures_round_trip_a_referenced_citation(fixture_copy, tmp_path, load_seed):
    load_seed()  # the record as loaded (tests/conftest.py); the load adds the new files' citation
    _add_reference_and_claim(fixture_copy)
    _load(fixture_copy)
    citation = Citation.objects.get(claim="A test claim in our own words.")
    assert citation.reference.slug == "r-test-1954" and citation.locator == "art. 1"
    _load(fixture_copy)  # idempotent
    assert Citation.objects.filter(claim="A test claim in our own words.").count() == 1
    out = tmp_path / "out"
    call_command("export_fixtures", "--directory", str(out), verbosity=0)
    exported = json.loads((out / "04_agreements.json").read_text())
    record = next(r for r in exported if r["fields"].get("claim", "").startswith("A test"))
    assert "quote" not in record["fields"] and "source" not in record["fields"]
    assert record["fields"]["reference"] == ["r-test-1954"]
    references = json.loads((out / "01a_references.json").read_text())
    assert "r-test-1954" in {r["fields"]["slug"] for r in references}


def test_a_citation_of_an_unknown_reference_names_file_and_record(fixture_copy):
    _add_reference_and_claim(fixture_copy, reference_slug="no-such-reference")
    with pytest.raises(CommandError) as error:
        _load(fixture_copy)
    message = str(error.value)
    assert "04_agreements.json, record" in message and "A test claim" in message
    assert "Nothing was written" in message
    assert not Agreement.objects.exists() and not Reference.objects.exists()


def test_a_reference_without_an_http_address_is_refused(fixture_copy):
    _add_reference_and_claim(fixture_copy)
    path = fixture_copy / "01a_references.json"
    path.write_text(path.read_text().replace("https://www.mofa.go.jp/mdaa.html", "mofa.go.jp"))
    with pytest.raises(CommandError, match=r"01a_references.json, record \d+ .*r-test-1954"):
        _load(fixture_copy)
    assert not Reference.objects.exists()


def test_reindexing_an_area_with_a_referenced_citation(client):
    """Renaming an area re-tags the sources citing it; a referenced citation has none
    (a reload of the researched record crashed here)."""
    area = f.technology(name="Glide phase defense")
    claim(area, reference(), "The interceptor programme covers glide phase defense.")
    f.cite(area)
    area.name = "Glide phase interception"
    area.save()
    data = client.get("/search/", {"q": "interception", "format": "json"}).json()
    assert area.slug in json.dumps(data)
