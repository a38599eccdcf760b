"""Link-preview cards (issue 18): every entity page and filtered list names a PNG card
that says what the link opens, and the card answers like the page it previews."""

import io
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageFont

from cooperation import cards
from cooperation.views import cards as card_views

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch) -> list[cards.Card]:
    """The cards the views draw, in order: what each PNG says, readable by a test."""
    seen = []
    render = cards.render

    def spy(card):
        seen.append(card)
        return render(card)

    monkeypatch.setattr(card_views.cards, "render", spy)
    return seen


def og_image(html: str) -> str:
    (url,) = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    return url.replace("&amp;", "&")


def get_png(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    return Image.open(io.BytesIO(response.content))


def test_an_agreement_page_names_its_card_and_the_card_says_what_it_is(client, drawn):
    area = f.technology(name="Hypersonic defense")
    agreement = f.agreement(name="Glide Phase Interceptor arrangement", status="in_force")
    agreement.signed_on, agreement.signed_on_precision = "2024-05-17", "day"
    agreement.save()
    agreement.parties.add(f.agency(), f.agency(country="JP"))
    agreement.technologies.add(area)
    f.cite(agreement)

    html = client.get(agreement.get_absolute_url()).content.decode()
    url = og_image(html)
    assert url == f"http://testserver{agreement.get_absolute_url()}card.png"
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:alt" content="Glide Phase Interceptor arrangement">' in html

    image = get_png(client, url)
    assert image.size == (1200, 630)
    (card,) = drawn
    assert card.kind == "Agreement"
    assert card.title == "Glide Phase Interceptor arrangement"
    assert "signed 17 May 2024" in card.facts
    assert "In force" in card.facts
    assert card.counts == ["Parties: 2", "Technology areas: 1", "Citations: 1"]


def test_a_technology_card_counts_what_its_sub_areas_hold(client, drawn):
    parent = f.technology(name="Aerospace")
    child = f.technology(name="Hypersonics", parent=parent)
    f.agreement().technologies.add(child)
    f.agreement().technologies.add(parent)
    get_png(client, f"/technologies/{parent.slug}/card.png")
    get_png(client, f"/technologies/{child.slug}/card.png")
    parent_card, child_card = drawn
    assert "Agreements: 2" in parent_card.counts
    assert "Agreements: 1" in child_card.counts
    assert child_card.facts == ["part of Aerospace"]


def test_a_filtered_list_card_names_its_filters_and_count(client, drawn):
    area = f.technology(name="Quantum")
    for _ in range(3):
        f.agreement().technologies.add(area)
    f.agreement()  # not in the area

    html = client.get("/agreements/", {"technology": area.slug}).content.decode()
    url = og_image(html)
    assert url == f"http://testserver/agreements/card.png?technology={area.slug}"
    get_png(client, url)
    (card,) = drawn
    assert card.kind == "Agreements"
    assert card.title == "Agreements on Quantum"
    assert card.facts == ["3 agreements"]
    assert card.counts == ["Technology area: Quantum"]


def test_the_unfiltered_list_card_counts_everything(client, drawn):
    f.event()
    get_png(client, "/events/card.png")
    (card,) = drawn
    assert (card.title, card.facts) == ("Events", ["1 event"])


def test_bad_filters_and_missing_entries_answer_with_a_message(client):
    response = client.get("/events/card.png", {"year_from": "soon"})
    assert response.status_code == 400
    assert "year_from" in response.content.decode()
    missing = client.get("/agreements/no-such-agreement/card.png")
    assert missing.status_code == 404
    assert "No agreement is published at this address." in missing.content.decode()


def test_a_draft_has_no_card(client, admin_client):
    draft = f.agreement(publication_status="draft")
    assert client.get(f"/agreements/{draft.slug}/card.png").status_code == 404
    # Not even for staff: a card is made to be shared.
    assert admin_client.get(f"/agreements/{draft.slug}/card.png").status_code == 404


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_card_query_counts_do_not_grow(client):
    agreement, area = f.agreement(slug="the-agreement"), f.technology(slug="the-area")

    def grow(n: int) -> None:
        for _ in range(n):
            agreement.parties.add(f.agency())
            agreement.technologies.add(f.technology(parent=area))
            f.cite(agreement)
            f.agreement().technologies.add(area)

    urls = [
        "/agreements/the-agreement/card.png",
        "/technologies/the-area/card.png",
        "/agreements/card.png?technology=the-area",
    ]
    grow(1)
    one = [queries_for(client, url) for url in urls]
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        grow(60)
    many = [queries_for(client, url) for url in urls]
    assert many == one
    assert max(one) <= 16, one


def test_long_titles_wrap_and_end_in_an_ellipsis():
    font = ImageFont.load_default(size=40)
    lines = cards.wrap("word " * 200, font, width=600, max_lines=3)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 600 for line in lines)
    (cut,) = cards.wrap("X" * 500, font, width=300, max_lines=3)
    assert cut.endswith("…") and font.getlength(cut) <= 300


def test_a_character_the_font_lacks_is_written_plain():
    # Pillow's own font has no accents and no dashes (it has curly quotes); DejaVu has all.
    font = ImageFont.load_default(size=30)
    assert cards.printable("Kōno – “RDP”", font) == "Kono - “RDP”"
