"""Journey 5: the timeline renders, a mark links to its entry, and the keyboard
alone reaches the filters and the results."""

import pytest
from django.urls import reverse

from cooperation.models import Agreement, Event

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
    const e = document.activeElement;
    return {id: e.id, tag: e.tagName.toLowerCase(), inSvg: !!e.closest('svg'),
            inTable: !!e.closest('#timeline-table'), href: e.getAttribute('href') || '',
            text: e.textContent.trim()};
}"""


def tab_until(page, reached, limit: int = 80) -> list[dict]:
    """Press Tab until `reached(focused)` holds; every element focused on the way."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        path.append(page.evaluate(FOCUSED))
        if reached(path[-1]):
            return path
    pytest.fail(f"Tab never reached it; focus went through {path}")


def test_timeline_mark_leads_to_its_entry_and_keyboard_reaches_everything(page, site, screenshot):
    # The timeline renders: a mark for every dated entry, each a link with a title.
    page.goto(site.url + reverse("cooperation:timeline"))
    svg = page.locator("svg.timeline__svg")
    assert svg.is_visible() and svg.bounding_box()["height"] > 300
    assert svg.get_attribute("role") == "group"
    assert "Timeline of agreements and events" in svg.locator("title").first.text_content()
    dated = (
        Agreement.objects.published().exclude(signed_on=None).count()
        + Event.objects.published().exclude(date=None).count()
    )
    assert svg.locator("a.mark").count() == dated
    assert svg.locator(".year-label").first.is_visible()

    # Keyboard only, from the top of the page: Tab reaches the kind filter, typing
    # picks "Summit", Tab on to the Show button, Enter submits.
    path = tab_until(page, lambda focused: focused["id"] == "tl-kind")
    assert {"tl-technology", "tl-agency", "tl-country"} <= {f["id"] for f in path}
    page.keyboard.type("Summit")
    assert page.locator("#tl-kind").input_value() == "summit"
    tab_until(page, lambda focused: focused["text"] == "Show", limit=4)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "kind=summit" in url)

    summits = list(
        Event.objects.published().filter(kind="summit", date__isnull=False).order_by("date", "name")
    )
    marks = page.locator("svg.timeline__svg a.mark")
    assert marks.count() == len(summits)
    assert page.locator("#tl-kind").input_value() == "summit"
    assert page.locator("#timeline-table tbody tr").count() == (
        Event.objects.published().filter(kind="summit").count()
    )

    # Tab on from the filters reaches the results: the first mark is the earliest summit.
    path = tab_until(page, lambda focused: focused["inSvg"])
    first = summits[0]
    assert path[-1]["href"] == first.get_absolute_url()
    assert (
        first.name in page.locator(f'svg a[href="{first.get_absolute_url()}"] title').text_content()
    )
    screenshot(page, "journey-5-timeline")  # the filtered timeline, its first mark focused

    # Enter on the focused mark opens its entry.
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert first.name in page.locator("h1").text_content()

    # Back on the timeline, Tab also reaches the table alternative's links.
    page.go_back()
    page.wait_for_url(lambda url: "kind=summit" in url)
    path = tab_until(page, lambda focused: focused["inTable"])
    assert path[-1]["tag"] == "a" and path[-1]["href"] == first.get_absolute_url()
