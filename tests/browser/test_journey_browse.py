"""Journeys 1 and 2: browsing to an agreement and sharing its permalink; a
filtered list survives a reload."""

import re

import pytest
from django.urls import reverse

from cooperation.models import Agreement, Technology

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
    assert page.locator("h1").text_content().strip() == area.name
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
    assert page.locator("h1").text_content().strip() == str(agreement)

    # Copy its permalink with the page's own button (the clipboard API), or
    # read the same canonical link the button would copy.
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith(agreement.get_absolute_url())
    copy = page.locator(".copy-button")
    if copy.is_visible():
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        copy.click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert canonical in copied

    # A fresh page (no history, no cookies) opens the same entry.
    fresh_context = browser.new_context(viewport={"width": 1280, "height": 900})
    fresh = fresh_context.new_page()
    fresh.goto(canonical)
    assert fresh.locator("h1").text_content().strip() == str(agreement)
    assert fresh.url == canonical
    screenshot(fresh, "journey-1-agreement")
    fresh_context.close()


def results_state(page) -> tuple:
    return (
        page.locator(".result-count").text_content().strip(),
        tuple(page.locator(".chips .chip").all_text_contents()),
        tuple(page.locator(".result-list li a").first.all_text_contents()),
        tuple(t.strip() for t in page.locator(".result-list > li").all_text_contents()),
        tuple(page.locator('.facet a[aria-current="true"]').all_text_contents()),
    )


def test_a_filtered_list_survives_a_reload(browser, page, site, screenshot):
    # An agency party to a dated agreement, so the filtered list is not empty.
    dated = (
        Agreement.objects.published()
        .filter(signed_on__isnull=False, parties__publication_status="published")
        .order_by("signed_on")
        .first()
    )
    agency = dated.parties.published().order_by("name").first()
    year = str(dated.signed_on.year)
    page.goto(site.url + reverse("cooperation:agreement-list"))
    total = page.locator(".result-count").text_content()

    page.locator("section.facet", has=page.locator("#facet-agency")).get_by_role(
        "link", name=re.compile(re.escape(agency.name))
    ).first.click()
    page.wait_for_url(lambda url: "agency=" in url)
    page.fill("#filter-year-to", year)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(lambda url: f"year_to={year}" in url)
    filtered = results_state(page)
    assert filtered[0] != total
    assert any(agency.name in chip for chip in filtered[1])
    expected = Agreement.objects.published().filter(parties=agency, signed_on__year__lte=int(year))
    assert page.locator(".result-list > li").count() == expected.count() > 0
    assert str(dated) in filtered[3][0] or any(str(dated) in row for row in filtered[3])

    page.reload()
    assert results_state(page) == filtered
    assert page.locator("#filter-year-to").input_value() == year

    fresh_context = browser.new_context()
    fresh = fresh_context.new_page()
    fresh.goto(page.url)
    assert results_state(fresh) == filtered
    fresh_context.close()
    screenshot(page, "journey-2-filtered-list")
