"""The type-ahead list opens below its box and covers neither the text typed nor the button."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

BOXES = [
    ("cooperation:home", "#home-search-q"),
    ("cooperation:search", "#search-q"),
    ("cooperation:agreement-list", "#site-search-q"),
]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("page_name", "box"), BOXES)
def test_suggestions_open_below_the_box(browser, site, page_name, box, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site.url + reverse(page_name))
    page.fill(box, "darp")
    listbox = page.locator(f"{box}-suggestions")
    listbox.locator("[role=option]").first.wait_for()
    field = page.locator(box).bounding_box()
    suggestions = listbox.bounding_box()
    assert suggestions["y"] >= field["y"] + field["height"] - 1, (field, suggestions)
    assert suggestions["y"] >= 0  # starts inside the window
    # What sits at the middle of the box and of its button is the box and the button.
    button = page.locator(box).locator("xpath=ancestor::form").locator("button[type=submit]")
    target = button.bounding_box()
    on_top = page.evaluate(
        """([box, x1, y1, x2, y2]) => [
            document.elementFromPoint(x1, y1) === document.querySelector(box),
            document.elementFromPoint(x2, y2)?.closest('button[type=submit]') !== null,
        ]""",
        [
            box,
            field["x"] + field["width"] / 2,
            field["y"] + field["height"] / 2,
            target["x"] + target["width"] / 2,
            target["y"] + target["height"] / 2,
        ],
    )
    assert on_top == [True, True], (width, box)
    context.close()
