"""Journeys 6 and 7 (issue 18): the agreements as a sortable table, filtered with a
clean shareable URL; what changed, down to an entry's "last updated"."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cooperation.models import Agreement

pytestmark = pytest.mark.django_db(transaction=True)


def test_agreements_as_a_table_sorted_and_filtered_with_a_clean_url(page, site, screenshot):
    page.goto(site.url + reverse("cooperation:agreement-list"))
    page.locator(".view-switch").get_by_role("link", name="Table").click()
    page.wait_for_url(lambda url: "view=table" in url)
    table = page.locator("table.results-table")
    headers = [h.strip("▲▼ \n") for h in table.locator("thead th").all_text_contents()]
    assert headers == [
        "Name", "Kind", "Status", "Legally binding", "Signed", "Parties", "Technology areas",
    ]  # fmt: skip
    # Newest first by default: the Signed column says so.
    expect(table.locator('th[aria-sort="descending"]')).to_contain_text("Signed")

    # Sort by the number of parties: most first, then the other way.
    table.get_by_role("link", name="Parties").click()
    page.wait_for_url(lambda url: "sort=-parties" in url)
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Parties")
    counts = [
        len(cell.locator("a").all())
        for cell in page.locator("table.results-table tbody tr td:nth-child(6)").all()
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1

    # Filter by years with the form: the URL carries only what was filled in.
    page.fill("#filter-year-from", "2020")
    page.fill("#filter-year-to", "2024")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(lambda url: "year_from=2020" in url)
    params = parse_qsl(urlsplit(page.url).query, keep_blank_values=True)
    assert all(value for _, value in params), params
    assert dict(params) == {
        "sort": "-parties",
        "view": "table",
        "year_from": "2020",
        "year_to": "2024",
    }
    assert page.title().startswith("Agreements 2020–2024")
    expected = (
        Agreement.objects.published()
        .filter(signed_on__year__gte=2020, signed_on__year__lte=2024)
        .count()
    )
    expect(page.locator("table.results-table tbody tr")).to_have_count(min(expected, 25))
    screenshot(page, "journey-6-table-view")


def test_what_changed_down_to_an_entrys_last_update(page, site, screenshot):
    page.goto(site.url + reverse("cooperation:home"))
    page.locator(".site-footer").get_by_role("link", name="What changed").click()
    page.wait_for_url(f"**{reverse('cooperation:changes')}")
    expect(page.locator("h1")).to_have_text("What changed")
    items = page.locator(".changes-list li")
    assert items.count() == 50  # the fixtures were just loaded: each entry is an addition
    expect(items.first).to_contain_text("published")
    feed = page.locator(
        'link[rel="alternate"][type="application/atom+xml"][title="What changed (Atom)"]'
    )
    assert feed.get_attribute("href") == reverse("cooperation:changes-feed")
    screenshot(page, "journey-7-changes")
    first = items.first.locator("a")
    name = first.text_content()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".last-updated")).to_contain_text(re.compile(r"Last updated \d+ \w+ \d{4}"))
