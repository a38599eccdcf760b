"""The search boxes in a real browser: type-ahead with JavaScript, a plain form without."""

import pytest
from django.urls import reverse

from cooperation.models import Agency

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("page_name", "box"),
    [("cooperation:agreement-list", "#site-search-q"), ("cooperation:home", "#home-search-q")],
)
def test_typeahead_suggests_names_and_opens_the_chosen_one(page, site, page_name, box):
    darpa = Agency.objects.published().get(slug="darpa")
    page.goto(site.url + reverse(page_name))
    page.fill(box, "darp")
    options = page.locator(f"{box}-suggestions [role=option]")
    options.first.wait_for()
    assert options.first.text_content() == f"{darpa}Agency"
    assert page.get_attribute(box, "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{darpa.get_absolute_url()}")
    assert page.locator("h1").text_content().strip() == str(darpa)


def test_without_javascript_the_box_is_a_plain_search_form(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site.url + reverse("cooperation:home"))
    page.fill("#site-search-q", "dapra")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=dapra")
    assert page.locator(".did-you-mean a").text_content() == "darpa"
    assert page.locator("#site-search-q-suggestions").count() == 0
    page.locator(".did-you-mean a").click()
    first = page.locator(".results .result h3 a").first
    assert first.get_attribute("href") == "/agencies/darpa/"
    context.close()
