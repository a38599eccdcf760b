"""Journeys 1 and 2: browsing to an agreement and sharing its permalink; a
filtered list survives a reload."""

import re

import pytest
from django.db.models import Count, Max
from django.urls import reverse
from playwright.sync_api import expect

from cooperation.models import Agency, Agreement, Technology

pytestmark = pytest.mark.django_db(transaction=True)


def area_with_a_party():
    """A top-level area (listed on the home page) with an agreement that has a party."""
    for area in Technology.objects.published().filter(parent__isnull=True).order_by("name"):
        agreement = (
            Agreement.objects.published()
            .filter(technologies=area, parties__publication_status="published")
            .first()
        )
        if agreement:
            return area, agreement, agreement.parties.published().order_by("name").first()
    pytest.fail("the fixtures have no top-level area with an agreement that has a party")


def test_from_home_to_an_agreement_and_its_permalink(browser, page, site, screenshot):
    area, agreement, agency = area_with_a_party()
    page.goto(site.url + reverse("cooperation:home"))

    # Pick a technology area, then its full list of agreements.
    page.locator(".area-list").get_by_role("link", name=area.name, exact=True).click()
    expect(page.locator("h1")).to_have_text(area.name)
    page.locator("#related-agreements").locator("xpath=..").get_by_role(
        "link", name=re.compile("See all agreements")
    ).click()
    page.wait_for_url(lambda url: f"technology={area.slug}" in url)

    # Narrow by an agency: the facet becomes the current one, the agreement stays.
    page.locator("section.facet", has=page.locator("#facet-agency")).get_by_role(
        "link", name=re.compile(re.escape(agency.name))
    ).first.click()
    page.wait_for_url(lambda url: f"agency={agency.slug}" in url)
    selected = page.locator('#facet-agency ~ ul a[aria-current="true"]')
    assert agency.name in selected.first.text_content()
    results = page.locator(".result-list")
    results.get_by_role("link", name=str(agreement), exact=True).click()
    page.wait_for_url(f"**{agreement.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(str(agreement))

    # Copy its permalink with the page's own "Copy citation" button: the copied
    # text is the citation, whose link is the entry's canonical permalink.
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith(agreement.get_absolute_url())
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.get_by_role("button", name="Copy citation")
    expect(copy).to_be_visible()  # the script shows it wherever the clipboard API exists
    copy.click()
    # The copy is asynchronous: wait for the page to say it is done.
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert str(agreement) in copied
    permalink = re.search(r"https?://\S+?/(?=\s|$)", copied).group(0)
    assert permalink == canonical
    assert permalink in page.locator("#cite-text").text_content()

    # A fresh page (no history, no cookies) opens the same entry from the copied link.
    fresh_context = browser.new_context(viewport={"width": 1280, "height": 900})
    fresh = fresh_context.new_page()
    fresh.goto(permalink)
    assert fresh.url == permalink
    assert fresh.locator("h1").text_content().strip() == str(agreement)
    assert fresh.locator('link[rel="canonical"]').get_attribute("href") == permalink
    screenshot(fresh, "journey-1-agreement")
    fresh_context.close()


def results_state(page) -> dict:
    """Everything a reader sees of a filtered list: count, chips, rows, every facet
    option with its count (selected or not), and the filter form's values."""
    return {
        "count": page.locator(".result-count").text_content().strip(),
        "chips": page.locator(".chips .chip").all_text_contents(),
        "rows": [t.strip() for t in page.locator(".result-list > li").all_text_contents()],
        "facets": [
            " ".join(t.split()) for t in page.locator(".facet-options a").all_text_contents()
        ],
        "selected": page.locator('.facet a[aria-current="true"]').all_text_contents(),
        "form": page.evaluate(
            "() => [...document.querySelectorAll('.filter-form input, .filter-form select')]"
            ".map(e => [e.name, e.value])"
        ),
    }


def busiest_party():
    """The agency party to the most dated agreements, and the year of the latest one."""
    counted = (
        Agency.objects.published()
        .filter(agreements__publication_status="published", agreements__signed_on__isnull=False)
        .annotate(n=Count("agreements"), latest=Max("agreements__signed_on"))
        .order_by("-n", "name")
    )
    agency = counted.first()
    assert agency and agency.n >= 2, "the fixtures have an agency party to two dated agreements"
    return agency, agency.latest.year


def test_a_filtered_list_survives_a_reload(browser, page, site, screenshot):
    agency, year = busiest_party()
    page.goto(site.url + reverse("cooperation:agreement-list"))
    total = page.locator(".result-count").text_content()

    page.locator("section.facet", has=page.locator("#facet-agency")).get_by_role(
        "link", name=re.compile(re.escape(agency.name))
    ).first.click()
    page.wait_for_url(lambda url: f"agency={agency.slug}" in url)
    page.fill("#filter-year-to", str(year))
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(lambda url: f"year_to={year}" in url)
    filtered = results_state(page)
    expected = Agreement.objects.published().filter(parties=agency, signed_on__year__lte=year)
    assert filtered["count"] != total
    assert filtered["count"].split()[0] == str(expected.count())
    assert len(filtered["rows"]) == min(expected.count(), 25) and expected.count() >= 2
    # The first page (25 rows) holds only agreements the filter matches.
    names = [str(agreement) for agreement in expected]
    for row in filtered["rows"]:
        assert any(row.startswith(name) for name in names), row
    assert any(agency.name in chip for chip in filtered["chips"])
    assert any(str(year) in chip for chip in filtered["chips"])
    assert any(agency.name in option for option in filtered["selected"])
    assert filtered["facets"], "the facets show their options and counts"
    assert ["year_to", str(year)] in filtered["form"]

    # Reloaded, and opened from its URL in a fresh browser: the same page.
    page.reload()
    assert results_state(page) == filtered
    fresh_context = browser.new_context(viewport={"width": 1280, "height": 900})
    fresh = fresh_context.new_page()
    fresh.goto(page.url)
    assert results_state(fresh) == filtered
    fresh_context.close()
    screenshot(page, "journey-2-filtered-list")

    # Shared, the link previews as a card of this filtered list (issue 18).
    card_url = page.locator('meta[property="og:image"]').get_attribute("content")
    assert f"agency={agency.slug}" in card_url and f"year_to={year}" in card_url
    card = page.request.get(card_url)
    assert card.status == 200 and card.headers["content-type"] == "image/png"
    assert card.body()[:8] == b"\x89PNG\r\n\x1a\n"
