"""Journeys 3 and 4: a search with a typo follows the suggestion to a result; a
curator adds an article, cites two of its mentions and publishes it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from cooperation.models import Agency, Source, Technology

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_with_a_typo_follows_the_suggestion_to_a_result(page, site, screenshot):
    area = Technology.objects.published().get(slug="hypersonics")
    typo = "hypersoncs"
    page.goto(site.url + reverse("cooperation:home"))
    page.fill("#site-search-q", typo)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"q={typo}" in url)

    # The typo finds nothing worth showing; the page offers the corrected word.
    suggestion = page.locator(".did-you-mean a")
    expect(suggestion).to_be_visible()
    corrected = suggestion.text_content().strip()
    assert corrected.lower().startswith("hypersonic")
    suggestion.click()
    page.wait_for_url(lambda url: f"q={corrected}" in url and typo not in url)
    assert page.locator("#site-search-q").input_value() == corrected
    assert f"for “{corrected}”" in page.locator("#results-heading").text_content()

    # The corrected search lists the area; open it from the results.
    result = page.locator("ol.results").get_by_role("link", name=area.name, exact=True)
    assert result.count() == 1
    result.click()
    page.wait_for_url(f"**{area.get_absolute_url()}")
    assert page.locator("h1").text_content().strip() == area.name
    screenshot(page, "journey-3-search")


def test_curator_adds_an_article_cites_two_mentions_and_publishes(page, site, screenshot):
    agency = Agency.objects.published().exclude(acronym="").order_by("name").first()
    area = Technology.objects.published().order_by("name").first()
    text = (
        f"Officials said {agency.name} will fund new work. "
        f"The first projects concern {area.name.lower()} for allied forces."
    )
    get_user_model().objects.create_superuser("curator", "curator@example.org", "a-Long-pass-42")

    page.goto(site.url + reverse("admin:login"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-Long-pass-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)

    page.goto(site.url + reverse("admin:cooperation_source_add"))
    page.fill("#id_title", "A journey article on new funding")
    page.fill("#id_slug", "journey-article")
    page.fill("#id_text", text)
    page.locator("input[name=_save]").click()
    page.wait_for_url(lambda url: "/mentions/" in url)

    # The two mentions the text makes are offered; tick both and cite them.
    page.get_by_label(re.compile(rf"^Cite {re.escape(str(agency))}")).check()
    page.get_by_label(re.compile(rf"^Cite {re.escape(str(area))}")).check()
    page.get_by_role("button", name="Create citations").click()
    expect(page.locator(".messagelist")).to_contain_text("Created 2 citations")

    source = Source.objects.get(title="A journey article on new funding")
    page.goto(site.url + reverse("admin:cooperation_source_change", args=[source.pk]))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("is published")

    # The public pages, seen by a reader who is not logged in: the article, and
    # the two entries, each quoting its sentence of the article and linking to it.
    public = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    reader = public.new_page()
    reader.goto(site.url + source.get_absolute_url())
    assert reader.locator("h1").text_content().strip() == source.title
    assert "will fund new work" in reader.locator("main").text_content()
    for entry, sentence in (
        (agency, f"Officials said {agency.name} will fund new work."),
        (area, f"The first projects concern {area.name.lower()} for allied forces."),
    ):
        reader.goto(site.url + entry.get_absolute_url())
        quote = reader.locator("blockquote", has_text=sentence)
        assert quote.count() == 1, f"{entry} does not quote the article"
        citation = reader.locator("li.citation", has=quote)
        assert citation.get_by_role("link", name=source.title).count() == 1
    quote.scroll_into_view_if_needed()
    screenshot(reader, "journey-4-curation")
    public.close()
