"""Journey 8 (issue 15): a reader in Japanese searches, narrows by an area, opens an
agreement and switches to English, landing on the same entry."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from cooperation.models import Agreement, Technology

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_japanese_reader_finds_an_agreement_and_switches_language(page, site, screenshot):
    hypersonics = Technology.objects.get(slug="hypersonics")
    with translation.override("ja"):
        home = reverse("cooperation:home")
    assert home == "/ja/"
    page.goto(site.url + home)
    expect(page.locator("html")).to_have_attribute("lang", "ja")

    # Search in Japanese from the header: the two hypersonics areas come first.
    page.locator("#site-search-q").fill("極超音速")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(lambda url: "/ja/search/" in url)
    firsts = page.locator("ol.results li.result h3 a")
    hrefs = [firsts.nth(i).get_attribute("href") for i in range(2)]
    area_url = f"/ja/technologies/{hypersonics.slug}/"
    assert area_url in hrefs, hrefs

    # The area's page, in Japanese: its Japanese name first, the English beside it.
    firsts.nth(hrefs.index(area_url)).click()
    page.wait_for_url(f"**/ja/technologies/{hypersonics.slug}/")
    expect(page.locator("h1")).to_contain_text(hypersonics.name_ja)

    # Its agreements, narrowed to the area, on the Japanese list.
    page.locator(f'a[href^="/ja/agreements/?technology={hypersonics.slug}"]').first.click()
    page.wait_for_url(lambda url: f"technology={hypersonics.slug}" in url and "/ja/" in url)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    listed = page.locator(".result-list a[href^='/ja/agreements/']").first
    href = listed.get_attribute("href")
    slug = href.strip("/").split("/")[-1]
    agreement = Agreement.objects.get(slug=slug)
    assert (
        hypersonics in agreement.technologies.all()
        or agreement.technologies.filter(parent=hypersonics).exists()
    )

    # The agreement, then the same agreement in English through the language switch.
    listed.click()
    page.wait_for_url(f"**/ja/agreements/{slug}/")
    expect(page.locator("h1")).to_contain_text(agreement.name_ja)
    screenshot(page, "journey-8-japanese")
    page.locator('a[hreflang="en"][rel="alternate"]').click()
    page.wait_for_url(f"**{agreement.get_absolute_url()}")
    assert not page.url.split("//", 1)[1].split("/", 1)[1].startswith("ja/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(agreement.name)
