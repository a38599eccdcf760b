"""Journeys 3 and 4, which need the search (suggestions) and curators (mentions)
areas: each is skipped, saying what is missing, until those areas are merged."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from cooperation.models import Agency, Source, Technology

pytestmark = pytest.mark.django_db(transaction=True)


def has_route(name: str, *args) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


@pytest.mark.skipif(
    not has_route("cooperation:search-suggest"),
    reason="needs the search area's suggestions (route cooperation:search-suggest and the "
    "'Did you mean' link on the search page); complete after merging the search branch",
)
def test_search_with_a_typo_follows_the_suggestion_to_a_result(page, site, screenshot):
    area = Technology.objects.published().get(slug="hypersonics")
    typo = "hypersoncs"
    page.goto(site.url + reverse("cooperation:home"))
    page.fill("#site-search-q", typo)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"q={typo}" in url)

    suggestion = page.locator(".did-you-mean a")
    assert suggestion.is_visible()
    assert "hypersonic" in suggestion.text_content().lower()
    suggestion.click()
    page.wait_for_url(lambda url: "hypersonic" in url.lower() and typo not in url)

    page.get_by_role("link", name=area.name, exact=True).first.click()
    assert page.locator("h1").text_content().strip() == area.name
    screenshot(page, "journey-3-search")


@pytest.mark.skipif(
    not has_route("admin:cooperation_source_mentions", 1),
    reason="needs the curators area's mentions page (admin:cooperation_source_mentions) and "
    "Publish button; complete after merging the curators branch",
)
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
    assert "Created 2 citations" in page.locator(".messagelist").text_content()

    source = Source.objects.get(title="A journey article on new funding")
    page.goto(site.url + reverse("admin:cooperation_source_change", args=[source.pk]))
    page.get_by_role("button", name="Publish").click()
    assert "is published" in page.locator(".messagelist").text_content()

    # The public pages: the article, and the agency citing it.
    page.goto(site.url + source.get_absolute_url())
    assert page.locator("h1").text_content().strip() == source.title
    page.goto(site.url + agency.get_absolute_url())
    cited = page.locator("a", has_text=source.title)
    assert cited.count() >= 1
    page.goto(site.url + area.get_absolute_url())
    citing = page.locator("a", has_text=source.title)
    assert citing.count() >= 1
    citing.first.scroll_into_view_if_needed()
    screenshot(page, "journey-4-curation")
