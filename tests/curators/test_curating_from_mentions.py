"""From a pasted article to cited entries without losing one's place (issue 17).

Each fault of the curator's trial has its test here; the browser journey
(tests/browser/test_journey_curating.py) runs the whole flow and counts the interactions.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology
from cooperation.naming import slug_from_name

pytestmark = pytest.mark.django_db

TEXT = (
    "The Missile Defense Agency (MDA) and Japan’s Ministry of Defense signed a project "
    "arrangement on 18 August 2023. The Glide Phase Interceptor (GPI) will counter "
    "hypersonic weapons. MDA said the first flight test would come in 2032."
)


@pytest.fixture
def entries(db):
    mod = Agency.objects.create(
        slug="japan-ministry-of-defense",
        name="Ministry of Defense (Japan)",
        acronym="MOD",
        aliases=["Japan's Defense Ministry", "Ministry of Defence"],
        kind="department",
    )
    hypersonics = Technology.objects.create(
        slug="hypersonics", name="Hypersonics", aliases=["hypersonic weapons"]
    )
    return {"mod": mod, "hypersonics": hypersonics}


@pytest.fixture
def source(entries):
    return Source.objects.create(slug="gpi-article", title="GPI article", text=TEXT)


def mentions_url(source) -> str:
    return reverse("admin:cooperation_source_mentions", args=[source.pk])


def new_entry(client, source, **params):
    return client.get(reverse("admin:cooperation_source_new_entry", args=[source.pk]), params)


# Mentions -------------------------------------------------------------------------------


def test_the_mentions_page_offers_the_ministry_and_lists_the_unknown_names(source, curator_client):
    html = curator_client.get(mentions_url(source)).content.decode()
    assert "Cite Ministry of Defense (Japan) (MOD)" in html
    assert "Cite Hypersonics" in html
    table = html[html.index('id="unknown-names"') :]
    assert "Missile Defense Agency (MDA)" in table
    assert "Glide Phase Interceptor (GPI)" in table
    # Given with its name, the acronym is not listed a second time on its own.
    assert not re.search(r"<th scope=\"row\">MDA", table)
    assert "Create “Glide Phase Interceptor” as a new technology" in table


def test_an_unknown_name_is_one_click_from_a_prefilled_add_page(source, curator_client):
    html = curator_client.get(mentions_url(source)).content.decode()
    link = re.search(
        r'href="([^"]+)"[^>]*aria-label="Create “Missile Defense Agency” as a new agency"', html
    )
    response = curator_client.get(link.group(1).replace("&amp;", "&"), follow=True)
    form = response.context["adminform"].form
    assert form["name"].value() == "Missile Defense Agency"
    assert form["acronym"].value() == "MDA"
    assert form["slug"].value() == "missile-defense-agency"
    inline = response.context["inline_admin_formsets"][0].formset
    assert str(inline.forms[0]["source"].value()) == str(source.pk)
    assert inline.forms[0]["quote"].value() == (
        "The Missile Defense Agency (MDA) and Japan’s Ministry of Defense signed a project "
        "arrangement on 18 August 2023."
    )


def test_a_new_event_from_a_sentence_takes_its_date_and_precision(source, curator_client):
    sentence = (
        "The Missile Defense Agency (MDA) and Japan’s Ministry of Defense signed a project "
        "arrangement on 18 August 2023."
    )
    response = new_entry(curator_client, source, type="event", quote=sentence)
    query = parse_qs(urlsplit(response["Location"]).query)
    assert (query["date"], query["date_precision"]) == (["2023-08-18"], ["day"])
    page = curator_client.get(response["Location"])
    form = page.context["adminform"].form
    assert (str(form["date"].value()), form["date_precision"].value()) == ("2023-08-18", "day")

    later = "MDA said the first flight test would come in 2032."
    query = parse_qs(
        urlsplit(new_entry(curator_client, source, type="agreement", quote=later)["Location"]).query
    )
    assert (query["signed_on"], query["signed_on_precision"]) == (["2032-01-01"], ["year"])


def test_each_detected_sentence_offers_new_entries_from_it(source, curator_client, entries):
    html = curator_client.get(mentions_url(source)).content.decode()
    row = html[html.index(f'id="mention-agency-{entries["mod"].pk}"') :]
    row = row[: row.index("</tr>")]
    for label in ("agreement", "agency", "technology", "event"):
        assert f'aria-label="New {label} from this sentence"' in row


# Fault: after saving, the curator lost their place ---------------------------------------


def test_save_returns_to_the_mentions_with_the_new_entry_cited(source, curator_client, form_data):
    sentence = "The Glide Phase Interceptor (GPI) will counter hypersonic weapons."
    response = new_entry(
        curator_client,
        source,
        type="technology",
        name="Glide Phase Interceptor",
        acronym="GPI",
        quote=sentence,
    )
    add_url = response["Location"]
    data = form_data(curator_client.get(add_url), _save="Save")
    response = curator_client.post(add_url, data)
    gpi = Technology.objects.get(name="Glide Phase Interceptor")
    assert response.status_code == 302
    assert response["Location"] == f"{mentions_url(source)}#mention-technology-{gpi.pk}"
    assert gpi.slug == "glide-phase-interceptor" and gpi.aliases == ["GPI"]
    assert list(gpi.citations.values_list("source", "quote")) == [(source.pk, sentence)]

    html = curator_client.get(mentions_url(source)).content.decode()
    row = html[html.index(f'id="mention-technology-{gpi.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Already cited by this source" in row and sentence in row
    # No longer an unknown name.
    assert "Create “Glide Phase Interceptor”" not in html


def test_save_and_continue_keeps_the_form_and_links_back(source, curator_client, form_data):
    response = new_entry(
        curator_client,
        source,
        type="agency",
        name="Missile Defense Agency",
        acronym="MDA",
        quote="MDA said the first flight test would come in 2032.",
    )
    add_url = response["Location"]
    data = form_data(curator_client.get(add_url), kind="agency", _continue="1")
    response = curator_client.post(add_url, data, follow=True)
    mda = Agency.objects.get(acronym="MDA")
    assert response.redirect_chain[-1][0].startswith(
        reverse("admin:cooperation_agency_change", args=[mda.pk])
    )
    assert f'<a href="{mentions_url(source)}">Back to the mentions of “GPI article”</a>' in (
        response.content.decode()
    )


def test_publish_from_the_mentions_page_comes_back_to_it(source, entries, curator_client):
    mod = entries["mod"]
    Citation.objects.create(source=source, agency=mod, quote="Japan’s Ministry of Defense")
    html = curator_client.get(mentions_url(source)).content.decode()
    publish = reverse("admin:cooperation_agency_publish", args=[mod.pk])
    assert f'action="{publish}" id="publish-agency-{mod.pk}"' in html
    assert f'form="publish-agency-{mod.pk}"' in html
    back = f"{mentions_url(source)}#mention-agency-{mod.pk}"
    response = curator_client.post(publish, {"next": back})
    assert response["Location"] == back
    mod.refresh_from_db()
    assert mod.is_published
    # Somewhere else is not followed.
    response = curator_client.post(publish, {"unpublish": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:cooperation_agency_change", args=[mod.pk])


# Fault: "Already cited" showed the detected sentence, not the stored quote ----------------


def test_already_cited_shows_the_quote_that_was_saved(source, entries, curator_client, tick_rows):
    mod = entries["mod"]
    edited = "Japan’s Ministry of Defense signed a project arrangement"
    page = curator_client.get(mentions_url(source))
    response = curator_client.post(
        mentions_url(source), tick_rows(page, {f"agency-{mod.pk}": edited}), follow=True
    )
    html = response.content.decode()
    row = html[html.index(f'id="mention-agency-{mod.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f"<blockquote>{edited}</blockquote>" in row
    assert "The Missile Defense Agency (MDA)" not in row


# Fault: rows changed between loading and posting the page lost what the curator typed ------

MOD_QUOTE = "Japan’s Ministry of Defense signed a project arrangement"


def row_html(html: str, key: str) -> str:
    row = html[html.index(f'id="mention-{key}"') :]
    return row[: row.index("</tr>")]


def left_html(html: str) -> str:
    block = html[html.index('id="rows-left"') :]
    return block[: block.index("</section>")]


def test_a_mention_new_since_the_page_loaded_keeps_every_ticked_passage(
    source, entries, curator_client, tick_rows
):
    mod, hypersonics = entries["mod"], entries["hypersonics"]
    data = tick_rows(
        curator_client.get(mentions_url(source)),
        {f"agency-{mod.pk}": MOD_QUOTE, f"technology-{hypersonics.pk}": "hypersonic weapons"},
    )
    hypersonics_key = f"technology-{hypersonics.pk}"
    # Meanwhile another curator creates an agency the text names: the rows shift.
    mda = Agency.objects.create(
        slug="missile-defense-agency", name="Missile Defense Agency", acronym="MDA"
    )
    now = tick_rows(curator_client.get(mentions_url(source)), {})

    def form_of(data, key):
        return next(name for name, value in data.items() if value == key)

    assert form_of(now, hypersonics_key) != form_of(data, hypersonics_key)

    response = curator_client.post(mentions_url(source), data, follow=True)
    html = response.content.decode()
    assert "Created 2 citations" in html
    assert Citation.objects.get(agency=mod).quote == MOD_QUOTE
    assert Citation.objects.get(technology=hypersonics).quote == "hypersonic weapons"
    assert not Citation.objects.filter(agency=mda).exists()
    assert "New since the page was loaded, unticked: “Missile Defense Agency (MDA) (agency)”" in (
        html
    )
    assert "checked" not in row_html(html, f"agency-{mda.pk}")


def test_an_unticked_mention_deleted_meanwhile_does_not_stop_the_ticked_ones(
    source, entries, curator_client, tick_rows
):
    mod, hypersonics = entries["mod"], entries["hypersonics"]
    data = tick_rows(curator_client.get(mentions_url(source)), {f"agency-{mod.pk}": MOD_QUOTE})
    hypersonics.delete()
    response = curator_client.post(mentions_url(source), data, follow=True)
    html = response.content.decode()
    assert "Created 1 citation" in html
    assert Citation.objects.get(agency=mod).quote == MOD_QUOTE
    assert "No longer on this page: “Hypersonics (technology)”." in html


def test_a_ticked_mention_deleted_meanwhile_is_named_with_its_passage_and_nothing_saved(
    source, entries, curator_client, tick_rows
):
    mod, hypersonics = entries["mod"], entries["hypersonics"]
    data = tick_rows(
        curator_client.get(mentions_url(source)),
        {f"agency-{mod.pk}": MOD_QUOTE, f"technology-{hypersonics.pk}": "counter hypersonic"},
    )
    hypersonics.delete()
    refused = curator_client.post(mentions_url(source), data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "a row you ticked is among them. Nothing was saved." in html
    assert "No longer on this page: “Hypersonics (technology)”." in html
    left = left_html(html)
    assert "Hypersonics (technology) (you ticked it)" in left
    assert "readonly>counter hypersonic</textarea>" in left  # to copy
    kept = row_html(html, f"agency-{mod.pk}")
    assert "checked" in kept and f"{MOD_QUOTE}</textarea>" in kept
    assert not Citation.objects.exists()

    # Sent again as shown, the row still there is saved with the passage typed at first.
    response = curator_client.post(mentions_url(source), tick_rows(refused, {}), follow=True)
    assert "Created 1 citation" in response.content.decode()
    assert Citation.objects.get().quote == MOD_QUOTE


def test_a_ticked_mention_cited_by_another_curator_meanwhile_is_refused_with_its_passage(
    source, entries, curator_client, second_curator_client, tick_rows
):
    mod = entries["mod"]
    mine = curator_client.get(mentions_url(source))
    theirs = tick_rows(second_curator_client.get(mentions_url(source)), {f"agency-{mod.pk}": None})
    assert second_curator_client.post(mentions_url(source), theirs).status_code == 302
    refused = curator_client.post(
        mentions_url(source), tick_rows(mine, {f"agency-{mod.pk}": MOD_QUOTE})
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Cited from this source by someone else meanwhile: “Ministry of Defense" in html
    assert f"readonly>{MOD_QUOTE}</textarea>" in left_html(html)
    assert Citation.objects.get().quote != MOD_QUOTE  # theirs, not overwritten or doubled


# Fault: each extra citation row asked for the source again ---------------------------------


def test_an_added_citation_row_starts_with_the_same_source(source, curator_client):
    response = new_entry(
        curator_client,
        source,
        type="technology",
        name="Glide Phase Interceptor",
        quote="The Glide Phase Interceptor (GPI) will counter hypersonic weapons.",
    )
    page = curator_client.get(response["Location"])
    formset = page.context["inline_admin_formsets"][0].formset
    assert str(formset.empty_form["source"].value()) == str(source.pk)
    # The row template the "Add another citation" button copies shows it selected.
    assert re.search(
        rf'<option value="{source.pk}" selected>GPI article</option>',
        page.content.decode(),
    )


def test_on_a_change_page_the_added_row_starts_with_the_latest_source(
    source, entries, curator_client
):
    mod = entries["mod"]
    Citation.objects.create(source=source, agency=mod, quote="Japan’s Ministry of Defense")
    page = curator_client.get(reverse("admin:cooperation_agency_change", args=[mod.pk]))
    formset = page.context["inline_admin_formsets"][0].formset
    assert str(formset.empty_form["source"].value()) == str(source.pk)
    # The existing citation keeps its own values.
    assert formset.forms[0]["quote"].value() == "Japan’s Ministry of Defense"


# Fault: slugs dropped en dashes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Biden–Kishida meeting", "biden-kishida-meeting"),
        ("U.S.—Japan talks", "us-japan-talks"),
        ("Japan‐U.K.‑Italy fighter", "japan-uk-italy-fighter"),
        ("Ministry of Defense (Japan)", "ministry-of-defense-japan"),
    ],
)
def test_slugs_keep_a_word_break_for_any_dash(name, slug):
    assert slug_from_name(name) == slug


def test_a_prefilled_add_page_has_the_slug_with_its_dash(source, curator_client):
    response = new_entry(
        curator_client,
        source,
        type="event",
        name="Biden–Kishida meeting",
        quote="MDA said the first flight test would come in 2032.",
    )
    page = curator_client.get(response["Location"])
    assert page.context["adminform"].form["slug"].value() == "biden-kishida-meeting"
    assert "js/curating-admin.js" in page.content.decode()


def test_an_empty_slug_is_made_from_the_name_on_the_server(source, curator_client, form_data):
    url = reverse("admin:cooperation_event_add")
    data = form_data(
        curator_client.get(url),
        name="Biden–Kishida meeting",
        slug="",
        kind="summit",
        participants=[],
        technologies=[],
        agreements=[],
        **{
            "citations-0-source": str(source.pk),
            "citations-0-quote": "MDA said the first flight test would come in 2032.",
        },
    )
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(name="Biden–Kishida meeting").slug == "biden-kishida-meeting"


# Fault: an acronym already in the name was shown twice -----------------------------------


def test_an_acronym_in_the_name_is_shown_once_and_the_admin_warns(
    source, curator_client, form_data
):
    url = reverse("admin:cooperation_agreement_add")
    data = form_data(
        curator_client.get(url),
        name="Glide Phase Interceptor (GPI) cooperative development",
        slug="gpi-cooperative-development",
        acronym="GPI",
        kind="joint_programme",
        parties=[],
        technologies=[],
        builds_on=[],
        **{
            "citations-0-source": str(source.pk),
            "citations-0-quote": "The Glide Phase Interceptor (GPI) will counter",
        },
    )
    response = curator_client.post(url, data, follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    agreement = Agreement.objects.get(slug="gpi-cooperative-development")
    assert str(agreement) == "Glide Phase Interceptor (GPI) cooperative development"
    html = response.content.decode()
    assert "(GPI) cooperative development (GPI)" not in html
    assert "The acronym “GPI” is also in the name" in html


def test_an_acronym_apart_from_the_name_is_still_shown(db):
    agency = Agency(name="Missile Defense Agency", acronym="MDA")
    assert str(agency) == "Missile Defense Agency (MDA)"


def test_an_unknown_names_acronym_in_the_name_is_not_prefilled_twice(source, curator_client):
    response = new_entry(
        curator_client,
        source,
        type="agreement",
        name="GPI cooperative development",
        acronym="GPI",
        quote="The Glide Phase Interceptor (GPI) will counter hypersonic weapons.",
    )
    assert "acronym" not in parse_qs(urlsplit(response["Location"]).query)


# Fault: the add form said "Use the Publish button above" before the button existed -------


def test_the_add_page_does_not_point_at_a_missing_publish_button(curator_client):
    html = curator_client.get(reverse("admin:cooperation_event_add")).content.decode()
    assert "Use the Publish button above" not in html
    assert "Once saved, publish with the Publish button" in html


# Fault: a non-number posted to an autocomplete field was a 500 ----------------------------


@pytest.mark.parametrize(
    ("model", "field", "changes"),
    [
        ("agreement", "parties", {"kind": "joint_programme"}),
        ("agreement", "technologies", {"kind": "joint_programme"}),
        ("event", "participants", {"kind": "summit"}),
        ("technology", "parent", {}),
    ],
)
def test_a_non_number_in_an_autocomplete_field_is_a_form_error(
    source, curator_client, form_data, model, field, changes
):
    url = reverse(f"admin:cooperation_{model}_add")
    data = form_data(
        curator_client.get(url),
        name="A new entry",
        slug="a-new-entry",
        **changes,
        **{
            "citations-0-source": str(source.pk),
            "citations-0-quote": "The Glide Phase Interceptor (GPI) will counter",
        },
    )
    data[field] = ["abc"] if field != "parent" else "abc"
    response = curator_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    assert not Agreement.objects.filter(slug="a-new-entry").exists()
    assert not Event.objects.filter(slug="a-new-entry").exists()


def test_a_non_number_as_a_citations_source_is_a_form_error(source, curator_client, form_data):
    url = reverse("admin:cooperation_technology_add")
    data = form_data(
        curator_client.get(url),
        name="A new area",
        slug="a-new-area",
        **{"citations-0-source": "abc", "citations-0-quote": "The Glide Phase Interceptor"},
    )
    response = curator_client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "source" in formset.forms[0].errors


# Fault: the README said mentions appear after saving, true only of Save ---------------------


def test_the_readme_says_which_save_leads_to_the_mentions():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    curating = readme[readme.index("## Curating") :]
    curating = curating[: curating.index("\n## ", 5)]
    assert "after saving, the admin lists" not in curating
    assert "**Save and continue editing**" in curating
    assert "Find mentions to cite" in curating
