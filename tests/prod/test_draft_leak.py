"""A draft is absent from every public surface; its published neighbours show."""

import pytest

from cooperation.models import CITABLE, Citation, PublicationStatus, Source

from .surfaces import body, build_entities, public_urls

WORD = "zqdraftleak"
# Searches for WORD echo it back in the search box; this second word and the
# drafts' slugs ("zqdraftleak-agency") are only ever in the drafts themselves.
HIDDEN = "zqhiddenword"

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    published = build_entities("Neighbour visible", "https://example.org/", "pub")
    drafts = build_entities(
        f"{WORD} {HIDDEN} secret",
        f"https://example.org/{WORD}",
        WORD,
        status=PublicationStatus.DRAFT,
    )
    # Link each draft to the published rows as well, so related lists are tested.
    by_model = {type(obj): obj for obj in published}
    for draft in drafts:
        for field in draft._meta.many_to_many:
            if field.related_model in by_model:
                getattr(draft, field.name).add(by_model[field.related_model])
    for obj in published:
        for field in obj._meta.many_to_many:
            for draft in drafts:
                if isinstance(draft, field.related_model):
                    getattr(obj, field.name).add(draft)
    # A draft source cites published entries: their pages must not list it yet.
    draft_source = next(d for d in drafts if isinstance(d, Source))
    by_name = {obj._meta.model_name: obj for obj in published}
    for target in CITABLE:
        Citation.objects.create(
            source=draft_source, quote=f"{WORD} {HIDDEN} secret", **{target: by_name[target]}
        )
    return published, drafts


def test_a_draft_is_on_no_public_surface(client, world):
    published, _drafts = world
    urls = public_urls(client, published, queries=[WORD, "Neighbour"])
    assert len(urls) > len(published)
    leaks = []
    for url in urls:
        text = body(client.get(url)).lower()
        if HIDDEN in text or f"{WORD}-" in text:
            leaks.append(url)
    assert not leaks


def test_draft_pages_are_not_found_and_published_neighbours_show(client, world):
    published, drafts = world
    for draft in drafts:
        if hasattr(draft, "get_absolute_url"):
            response = client.get(draft.get_absolute_url())
            assert response.status_code == 404, draft
            assert HIDDEN not in body(response)
    for obj in published:
        if hasattr(obj, "get_absolute_url"):
            response = client.get(obj.get_absolute_url())
            assert response.status_code == 200, obj
            assert "Neighbour visible" in body(response)
