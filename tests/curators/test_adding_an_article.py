"""A curator adds an article, ticks the mentions it makes, and creates a new entry from it."""

import pytest
from django.urls import reverse

from cooperation.mentions import find_mentions, sentence_spans
from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Officials from ATLA met DARPA in Washington. "
    "The Atlantic Council hosted a panel on hypersonic weapons.\n\n"
    "Japanese officials said AI would matter; Japan agreed.\n"
    "An atla of nothing."
)


@pytest.fixture
def entries(db):
    atla = Agency.objects.create(
        slug="atla",
        name="Acquisition, Technology & Logistics Agency",
        acronym="ATLA",
        kind="agency",
    )
    darpa = Agency.objects.create(
        slug="darpa",
        name="Defense Advanced Research Projects Agency",
        acronym="DARPA",
        kind="agency",
    )
    japan = Agency.objects.create(
        slug="japan", name="Government of Japan", aliases=["Japan"], kind="department"
    )
    ai = Technology.objects.create(
        slug="ai", name="Artificial intelligence", aliases=["AI", "machine learning"]
    )
    hypersonics = Technology.objects.create(
        slug="hypersonics", name="Hypersonics", aliases=["hypersonic weapons"]
    )
    return {"atla": atla, "darpa": darpa, "japan": japan, "ai": ai, "hypersonics": hypersonics}


def make_source(text: str = ARTICLE) -> Source:
    return Source.objects.create(slug="new-article", title="A new article", text=text)


def test_sentences_are_verbatim_slices_of_the_text():
    for start, end in sentence_spans(ARTICLE):
        assert ARTICLE[start:end].strip() in ARTICLE
    assert [ARTICLE[s:e] for s, e in sentence_spans(ARTICLE)][:2] == [
        "Officials from ATLA met DARPA in Washington.",
        "The Atlantic Council hosted a panel on hypersonic weapons.",
    ]


def test_mentions_match_whole_words_and_acronyms_case_sensitively(entries):
    mentions = {m.entity.slug: m for m in find_mentions(make_source())}
    assert set(mentions) == {"atla", "darpa", "japan", "ai", "hypersonics"}
    # "ATLA" is found, but neither "Atlantic" nor the lower-case "atla".
    assert mentions["atla"].terms == ["ATLA"]
    assert mentions["atla"].sentence == "Officials from ATLA met DARPA in Washington."
    assert mentions["atla"].other_sentences == 0
    # "Japan" the word, not "Japanese".
    assert mentions["japan"].terms == ["Japan"]
    assert mentions["japan"].sentence == "Japanese officials said AI would matter; Japan agreed."
    # The alias "AI" is an acronym: "said" does not match it.
    assert mentions["ai"].terms == ["AI"]
    assert mentions["hypersonics"].terms == ["hypersonic weapons"]


def test_a_lower_case_acronym_in_the_text_is_not_a_mention(entries):
    assert find_mentions(make_source("atla and darpa and ai.")) == []


def test_saving_a_new_source_leads_to_its_mentions(entries, curator_client, form_data):
    add_url = reverse("admin:cooperation_source_add")
    data = form_data(
        curator_client.get(add_url),
        title="A new article",
        slug="a-new-article",
        text=ARTICLE,
        authors="Jane Roe\nJohn Doe",
        published_on="2024-04",
    )
    data["published_on"] = "2024-04-01"
    data["published_on_precision"] = "month"
    response = curator_client.post(add_url, data, follow=True)
    source = Source.objects.get(slug="a-new-article")
    assert source.publication_status == "draft"
    assert source.authors == ["Jane Roe", "John Doe"]
    assert response.redirect_chain[-1][0] == reverse(
        "admin:cooperation_source_mentions", args=[source.pk]
    )
    html = response.content.decode()
    assert "was added as a draft" in html
    assert "Cite Defense Advanced Research Projects Agency (DARPA)" in html
    assert "Cite Acquisition, Technology &amp; Logistics Agency (ATLA)" in html
    assert "Officials from ATLA met DARPA in Washington." in html
    assert 'value="Create citations"' in html


def test_ticking_two_mentions_creates_two_citations_quoting_their_sentences(
    entries, curator_client, tick_rows
):
    source = make_source()
    url = reverse("admin:cooperation_source_mentions", args=[source.pk])
    darpa, ai = entries["darpa"], entries["ai"]
    data = tick_rows(
        curator_client.get(url),
        {
            f"agency-{darpa.pk}": None,  # the sentence shown
            # Shortened by the curator, still verbatim.
            f"technology-{ai.pk}": "Japanese officials said AI would matter",
        },
    )
    response = curator_client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Created 2 citations" in html
    assert Citation.objects.get(agency=darpa).quote == (
        "Officials from ATLA met DARPA in Washington."
    )
    assert Citation.objects.get(technology=ai).quote == "Japanese officials said AI would matter"
    assert Citation.objects.filter(source=source).count() == 2
    # Both are now shown as already cited, with no box to tick again.
    assert f"Cite {darpa}" not in html
    assert "Already cited by this source" in html

    # Then the curator publishes the source from the same page.
    publish = reverse("admin:cooperation_source_publish", args=[source.pk])
    assert f'action="{publish}"' in html and 'value="Publish"' in html
    response = curator_client.post(publish, follow=True)
    assert "“A new article” is published." in response.content.decode()
    source.refresh_from_db()
    assert source.is_published


def row_html(html: str, key: str) -> str:
    row = html[html.index(f'id="mention-{key}"') :]
    return row[: row.index("</tr>")]


def test_an_edited_quote_not_in_the_source_is_refused_next_to_its_row_and_every_passage_kept(
    entries, curator_client, tick_rows
):
    source = make_source()
    url = reverse("admin:cooperation_source_mentions", args=[source.pk])
    darpa, atla, ai = entries["darpa"], entries["atla"], entries["ai"]
    data = tick_rows(
        curator_client.get(url),
        {
            f"agency-{darpa.pk}": "Officials from ATLA met DARPA in Tokyo.",
            f"agency-{atla.pk}": "Officials from ATLA met DARPA in Washington.",
        },
    )
    # An unticked row's edit is kept too.
    key = next(k for k in data if k.endswith("-key") and data[k] == f"technology-{ai.pk}")
    data[key.replace("-key", "-quote")] = "Japanese officials said AI would"
    response = curator_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    refused = row_html(html, f"agency-{darpa.pk}")
    assert "This quote is not found verbatim in the source’s text." in refused
    assert 'aria-invalid="true"' in refused
    assert "Officials from ATLA met DARPA in Tokyo.</textarea>" in refused
    accepted = row_html(html, f"agency-{atla.pk}")
    assert "not found verbatim" not in accepted
    assert "Officials from ATLA met DARPA in Washington.</textarea>" in accepted
    assert "checked" in accepted  # the tick is kept for correction
    assert "Japanese officials said AI would</textarea>" in row_html(html, f"technology-{ai.pk}")
    assert not Citation.objects.exists()


def test_a_tampered_management_form_is_refused_with_a_message_and_nothing_saved(
    entries, curator_client, tick_rows
):
    source = make_source()
    url = reverse("admin:cooperation_source_mentions", args=[source.pk])
    darpa = entries["darpa"]
    data = tick_rows(curator_client.get(url), {f"agency-{darpa.pk}": None})
    missing = {k: v for k, v in data.items() if not k.endswith("_FORMS")}
    fewer = data | {"cite-TOTAL_FORMS": "1"}
    for posted in (missing, fewer, data | {"cite-TOTAL_FORMS": "many"}):
        response = curator_client.post(url, posted)
        assert response.status_code == 400
        html = response.content.decode()
        assert "This form arrived incomplete or altered" in html
        assert "Nothing was saved" in html
        assert f"Cite {darpa}" in html  # the rows are offered again
    assert not Citation.objects.exists()


def test_nothing_ticked_is_said(entries, curator_client, tick_rows):
    source = make_source()
    url = reverse("admin:cooperation_source_mentions", args=[source.pk])
    response = curator_client.post(url, tick_rows(curator_client.get(url), {}), follow=True)
    assert "Tick at least one mention to cite." in response.content.decode()
    assert not Citation.objects.exists()


def test_a_new_entry_starts_prefilled_with_its_citation(entries, curator_client, form_data):
    source = make_source()
    quote = "The Atlantic Council hosted a panel on hypersonic weapons."
    response = curator_client.get(
        reverse("admin:cooperation_source_new_entry", args=[source.pk]),
        {"type": "agency", "name": "Atlantic Council", "quote": quote},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("admin:cooperation_agency_add"))
    form = response.context["adminform"].form
    assert form["name"].value() == "Atlantic Council"
    inline = response.context["inline_admin_formsets"][0].formset
    assert inline.forms[0]["quote"].value() == quote
    assert str(inline.forms[0]["source"].value()) == str(source.pk)

    data = form_data(response, slug="atlantic-council", kind="research")
    response = curator_client.post(reverse("admin:cooperation_agency_add"), data)
    assert response.status_code == 302, [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]
    agency = Agency.objects.get(slug="atlantic-council")
    assert agency.publication_status == "draft"
    assert list(agency.citations.values_list("source", "quote")) == [(source.pk, quote)]


def test_a_new_entry_with_a_quote_not_in_the_source_is_refused(entries, curator_client):
    source = make_source()
    response = curator_client.get(
        reverse("admin:cooperation_source_new_entry", args=[source.pk]),
        {"type": "event", "quote": "Something the article never said."},
        follow=True,
    )
    assert "Quote: This quote is not found verbatim" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:cooperation_source_mentions", args=[source.pk]
    )


NEWS = (
    "WASHINGTON — The Defense Advanced Research Projects Agency (DARPA) and Japan’s "
    "Acquisition, Technology and Logistics Agency (ATLA) said on Tuesday that they will "
    "jointly study hypersonic propulsion.\r\n\r\n"
    "Officials said the work builds on the U.S.-Japan Security of Supply Arrangement, known "
    "as the SOSA. “This is a first,” said Maria Sosa, a spokesperson.\r\n\r\n"
    "The Atlantic Council said in a report that ai tools were not part of it."
)


@pytest.fixture
def sosa(entries):
    entries["atla"].aliases = ["Acquisition, Technology and Logistics Agency"]
    entries["atla"].save()
    entries["hypersonics"].aliases = ["hypersonic", "hypersonic weapons"]
    entries["hypersonics"].save()
    return Agreement.objects.create(
        slug="sosa",
        name="U.S.–Japan Security of Supply Arrangement",
        acronym="SOSA",
        kind="arrangement",
    )


def test_a_curator_adds_a_news_article_and_cites_what_it_mentions(
    entries, sosa, curator_client, form_data, tick_rows
):
    """The whole flow, as a browser posts it (CRLF line ends included)."""
    add_url = reverse("admin:cooperation_source_add")
    data = form_data(
        curator_client.get(add_url),
        title="DARPA and ATLA to study hypersonic propulsion",
        slug="darpa-atla-hypersonic-propulsion",
        text=NEWS,
        published_on="2024-03-05",
        published_on_precision="day",
    )
    response = curator_client.post(add_url, data, follow=True)
    source = Source.objects.get(slug="darpa-atla-hypersonic-propulsion")
    assert "\r" not in source.text
    html = response.content.decode()

    # Named by acronym, by alias, by a name spelled with a hyphen for its en dash.
    for entry in ("Defense Advanced Research Projects Agency (DARPA)", "Hypersonics"):
        assert f"Cite {entry}" in html
    assert "Cite Acquisition, Technology &amp; Logistics Agency (ATLA)" in html
    assert "Cite U.S.–Japan Security of Supply Arrangement (SOSA)" in html
    # Not "ai" in "said" or "ai tools", not "Sosa" the name, not "Atlantic" for ATLA.
    assert "Cite Artificial intelligence" not in html
    mentions = {m.entity.slug: m for m in find_mentions(source)}
    assert mentions["sosa"].terms == ["U.S.-Japan Security of Supply Arrangement", "SOSA"]
    assert mentions["atla"].terms == ["ATLA", "Acquisition, Technology and Logistics Agency"]

    # Tick three; shorten one quote (with the CRLF a browser sends inside a textarea).
    darpa, hypersonics = entries["darpa"], entries["hypersonics"]
    mentions_url = reverse("admin:cooperation_source_mentions", args=[source.pk])
    data = tick_rows(
        curator_client.get(mentions_url),
        {
            f"agency-{darpa.pk}": "The Defense Advanced Research Projects Agency (DARPA)",
            f"agreement-{sosa.pk}": None,
            f"technology-{hypersonics.pk}": (
                "jointly study hypersonic propulsion.\r\n\r\nOfficials said"
            ),
        },
    )
    response = curator_client.post(mentions_url, data, follow=True)
    html = response.content.decode()
    assert "Created 3 citations" in html
    assert Citation.objects.get(agency=darpa).quote == (
        "The Defense Advanced Research Projects Agency (DARPA)"
    )
    assert Citation.objects.get(technology=hypersonics).quote == (
        "jointly study hypersonic propulsion.\n\nOfficials said"
    )
    assert Citation.objects.get(agreement=sosa).quote == (
        "Officials said the work builds on the U.S.-Japan Security of Supply Arrangement, "
        "known as the SOSA."
    )

    # Something new: an event, started from the mentions page with its citation.
    quote = mentions["darpa"].sentence
    response = curator_client.get(
        reverse("admin:cooperation_source_new_entry", args=[source.pk]),
        {"type": "event", "name": "DARPA and ATLA announce a hypersonics study", "quote": quote},
        follow=True,
    )
    data = form_data(
        response,
        slug="darpa-atla-study",
        kind="announcement",
        date="2024-03-01",
        date_precision="month",
        participants=[str(darpa.pk), str(entries["atla"].pk)],
        technologies=[str(hypersonics.pk)],
        agreements=[str(sosa.pk)],
    )
    response = curator_client.post(response.request["PATH_INFO"], data, follow=True)
    event = Event.objects.get(slug="darpa-atla-study")
    assert event.publication_status == "draft"
    assert event.date_display == "March 2024"
    assert {a.slug for a in event.participants.all()} == {"darpa", "atla"}
    assert [(c.source, c.quote) for c in event.citations.all()] == [(source, quote)]
    assert "<strong>Draft</strong>: visible to staff only until published." in (
        curator_client.get(
            reverse("admin:cooperation_event_change", args=[event.pk])
        ).content.decode()
    )


def test_save_and_add_another_starts_a_blank_entry(entries, curator_client, form_data):
    source = make_source()
    quote = "The Atlantic Council hosted a panel on hypersonic weapons."
    response = curator_client.get(
        reverse("admin:cooperation_source_new_entry", args=[source.pk]),
        {"type": "agency", "name": "Atlantic Council", "quote": quote},
        follow=True,
    )
    data = form_data(response, slug="atlantic-council", kind="research", _addanother="1")
    response = curator_client.post(
        response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"], data
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cooperation_agency_add")
    page = curator_client.get(response["Location"])
    assert page.context["adminform"].form["name"].value() in (None, "")
    inline = page.context["inline_admin_formsets"][0].formset
    assert inline.forms[0]["quote"].value() in (None, "")


# Last: the module-wide seed data stays loaded for the tests after it.
def test_mentions_of_the_seed_sources_are_real_entries(seed_data, db, curator_client):
    source = Source.objects.get(origin_file="000_a16a978533af3024.txt")
    html = curator_client.get(
        reverse("admin:cooperation_source_mentions", args=[source.pk])
    ).content.decode()
    assert "Mentions found in" in html
    for mention in find_mentions(source):
        assert mention.sentence in source.text
