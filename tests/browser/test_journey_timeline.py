"""Journey 5: the timeline renders, a mark links to its entry, and the keyboard
alone reaches the filters and the results."""

import pytest
from django.urls import reverse

from cooperation.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


def test_timeline_mark_leads_to_its_entry_and_keyboard_reaches_everything(page, site, screenshot):
    page.goto(site.url + reverse("cooperation:timeline"))
    svg = page.locator("svg.timeline__svg")
    assert svg.get_attribute("role") == "group"
    assert "Timeline of agreements and events" in svg.locator("title").first.text_content()

    # Keyboard only: Tab from the top of the page reaches a filter, then a mark.
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return [e.id || '', e.closest('svg') ? 'mark' : e.tagName]; }"
            )
        )
        if reached[-1][1] == "mark":
            break
    ids = [element_id for element_id, _ in reached]
    assert "tl-technology" in ids, reached
    assert reached[-1][1] == "mark", "Tab never reached a timeline mark"

    # Narrow by kind with the keyboard and submit: the marks are the summits.
    summits = list(
        Event.objects.published().filter(kind="summit", date__isnull=False).order_by("date")
    )
    page.focus("#tl-kind")
    page.select_option("#tl-kind", "summit")
    page.keyboard.press("Tab")  # on to the year fields and the Show button
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Show"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "kind=summit" in url)
    marks = page.locator("svg.timeline__svg a")
    assert marks.count() == len(summits)
    assert page.locator("#tl-kind").input_value() == "summit"

    # A mark links to its entry.
    first = summits[0]
    mark = page.locator(f'svg.timeline__svg a[href="{first.get_absolute_url()}"]')
    assert first.name in mark.locator("title").text_content()
    page.go_back()
    page.go_forward()
    screenshot(page, "journey-5-timeline")
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert first.name in page.locator("h1").text_content()
