"""The index follows every change within the request, and holds only public text."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from cooperation import search
from cooperation.fixture_io import FIXTURE_LAYOUT
from cooperation.models import Agency, PublicationStatus, SearchEntry

pytestmark = pytest.mark.django_db
DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def found(client, q: str, **params) -> list[str]:
    response = client.get("/search/", {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return [r["slug"] for r in response.json()["results"]]


def typeahead(client, q: str) -> list[str]:
    return [r["slug"] for r in client.get("/search/suggest/", {"q": q}).json()["results"]]


def test_drafts_never_appear_in_results_counts_or_typeahead(client, make):
    tech = make.technology("Lattice optics")
    draft = make.agency(
        "Zebulon Secret Office", acronym="ZSO", aliases=["Quorvex"], publication_status=DRAFT
    )
    agreement = make.agreement("Zebulon optics pact", publication_status=DRAFT)
    agreement.technologies.add(tech)
    agreement.parties.add(draft)
    for q in ("Zebulon", "ZSO", "Quorvex", "Zebulon Secret Office"):
        data = client.get("/search/", {"q": q, "format": "json"}).json()
        assert data["count"] == 0 and data["results"] == []
        assert set(data["facets"]["type"].values()) == {0}
    assert found(client, "pact", technology=tech.slug) == []
    for prefix in ("zebul", "zso", "quorv", "secret"):
        assert typeahead(client, prefix) == []
    # A draft's words are not in the "Did you mean" vocabulary.
    for typo in ("zebulin", "quorvx", "zebuln secrt"):
        assert client.get("/search/", {"q": typo, "format": "json"}).json()["suggestion"] is None
    html = client.get("/search/", {"q": "zebulin"}).content.decode()
    assert "Zebulon" not in html and "Did you mean" not in html
    assert not SearchEntry.objects.filter(slug=draft.slug).exists()


def test_publishing_and_unpublishing_updates_the_entity_and_its_neighbours(client, make):
    agency = make.agency("Quillfeather Institute", publication_status=DRAFT)
    agreement = make.agreement("Harbor pact")
    agreement.parties.add(agency)
    # The published agreement must not carry its draft party's name.
    assert found(client, "Quillfeather") == []

    agency.publication_status = PUBLISHED
    agency.save()
    assert set(found(client, "Quillfeather")) == {agency.slug, agreement.slug}
    assert typeahead(client, "quillf") == [agency.slug]

    agency.publication_status = DRAFT
    agency.save()
    assert found(client, "Quillfeather") == []
    assert typeahead(client, "quillf") == []


def test_renaming_an_entity_reindexes_the_entries_that_name_it(client, make):
    tech = make.technology("Gravitic lenses")
    event = make.event("Tokyo workshop")
    event.technologies.add(tech)
    assert event.slug in found(client, "gravitic")
    tech.name = "Photonic sails"
    tech.save()
    assert found(client, "gravitic") == []
    assert set(found(client, "photonic")) == {tech.slug, event.slug}


def test_quotes_from_draft_sources_are_not_indexed(client, make):
    source = make.source(
        "Leaked memo", "The Vorpal initiative starts soon.", publication_status=DRAFT
    )
    agency = make.agency("Ministry of Examples")
    make.citation(source, agency, "The Vorpal initiative starts soon.")
    assert found(client, "Vorpal") == []
    source.publication_status = PUBLISHED
    source.save()
    assert set(found(client, "Vorpal")) == {source.slug, agency.slug}


def test_citation_changes_update_the_cited_entry(client, make):
    source = make.source("Report", "Marmalade lasers were tested.")
    agency = make.agency("Test range")
    citation = make.citation(source, agency, "Marmalade lasers were tested.")
    assert agency.slug in found(client, "marmalade")
    citation.delete()
    assert agency.slug not in found(client, "marmalade")


def test_alias_changes_and_deletion(client, make):
    agency = make.agency("Office of Long Names")
    assert found(client, "OLNX") == []
    agency.aliases = ["OLNX"]
    agency.save()
    assert found(client, "OLNX") == [agency.slug]
    assert typeahead(client, "oln") == [agency.slug]
    agency.delete()
    assert found(client, "OLNX") == []
    assert typeahead(client, "oln") == []


def test_relation_changes_from_either_side_and_clear(client, make):
    agency = make.agency("Pelican Works")
    agreement = make.agreement("Coastal accord")
    agency.agreements.add(agreement)  # the reverse side
    assert agreement.slug in found(client, "pelican")
    agreement.parties.clear()
    assert agreement.slug not in found(client, "pelican")
    agreement.parties.add(agency)
    assert agreement.slug in found(client, "pelican")
    agreement.parties.remove(agency)
    assert agreement.slug not in found(client, "pelican")


def test_deleting_an_entity_reindexes_its_neighbours(client, make):
    agency = make.agency("Heron Labs")
    agreement = make.agreement("Estuary accord")
    agreement.parties.add(agency)
    assert agreement.slug in found(client, "heron")
    agency.delete()
    assert found(client, "heron") == []


def test_reindex_after_a_bulk_update_that_skips_signals(client, make):
    agency = make.agency("Osprey Bureau", publication_status=DRAFT)
    agreement = make.agreement("River accord")
    agreement.parties.add(agency)
    Agency.objects.filter(pk=agency.pk).update(publication_status=PUBLISHED)
    assert found(client, "osprey") == []  # signals were skipped...
    search.reindex(Agency.objects.filter(pk=agency.pk))
    assert set(found(client, "osprey")) == {agency.slug, agreement.slug}  # ...neighbours too


def test_technology_filter_follows_the_tree(client, make):
    parent = make.technology("Optics")
    child = make.technology("Lidar", parent=parent)
    agreement = make.agreement("Beam accord")
    agreement.technologies.add(child)
    assert agreement.slug in found(client, "beam", technology=parent.slug)
    other = make.technology("Acoustics")
    child.parent = other
    child.save()
    assert found(client, "beam", technology=parent.slug) == []
    assert agreement.slug in found(client, "beam", technology=other.slug)


def test_snippets_escape_the_text_before_marking_terms(client, make):
    make.agency("Markup Agency", description="<script>alert(1)</script> 1 < 2 kestrel & co")
    data = client.get("/search/", {"q": "kestrel", "format": "json"}).json()
    snippet = data["results"][0]["snippet"]
    assert snippet == "&lt;script&gt;alert(1)&lt;/script&gt; 1 &lt; 2 <mark>kestrel</mark> &amp; co"
    html = client.get("/search/", {"q": "kestrel"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 1 &lt; 2 <mark>kestrel</mark> &amp; co" in html
    assert "<script>alert" not in html


def test_fixture_load_indexes_once_at_the_end(client, monkeypatch):
    from cooperation.search import indexing

    calls = []
    original = indexing.update_index

    def counting(entries, named):
        calls.append(sum(len(pks) for pks in entries.values()))
        return original(entries, named)

    monkeypatch.setattr(indexing, "update_index", counting)
    # The files up to the agencies' (about 200 entries): one pass however many there are.
    files = [settings.FIXTURES_DIR / name for name, _ in FIXTURE_LAYOUT[:4]]
    assert files[-1].name == "03_agencies.json"
    call_command("load_fixtures", *map(str, files), verbosity=0)
    assert len(calls) == 1 and calls[0] > 100
    assert found(client, "DARPA")[0] == "darpa"


def test_rebuild_command_reports_progress_and_restores_the_index(client, make):
    agency = make.agency("Ibis Council")
    SearchEntry.objects.all().delete()
    assert found(client, "ibis") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "agency" in out.getvalue() and "[#" in out.getvalue()
    assert found(client, "ibis") == [agency.slug]
    dry = StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=dry)
    assert "Dry run" in dry.getvalue()
    assert found(client, "ibis") == [agency.slug]


def test_list_pages_narrow_through_the_index(make):
    kept = make.agency("Cormorant Agency")
    make.agency("Albatross Agency")
    make.agency("Cormorant Draft", publication_status=DRAFT)
    narrowed = search.filter_queryset(Agency.objects.published(), "cormorant")
    assert list(narrowed) == [kept]
    assert search.filter_queryset(Agency.objects.published(), "").count() == 2
    assert list(search.filter_queryset(Agency.objects.published(), '"(*')) == []


def test_did_you_mean_vocabulary_follows_publication(client, make):
    def suggestion():
        data = client.get("/search/", {"q": "xylophonc", "format": "json"}).json()
        return data["suggestion"]

    first = make.agency("Xylophonic Bureau")
    second = make.agency("Xylophonic Office")
    assert suggestion() == "xylophonic"
    first.publication_status = DRAFT
    first.save()
    assert suggestion() == "xylophonic"  # still used by the second
    second.delete()
    assert suggestion() is None  # a draft's words never reach suggestions
