"""The pictures as a reader sees them on a phone (360 px) and a desktop (1280 px):
the page never scrolls sideways, labels do not overlap or run out of their
picture, and the timeline's text stays readable."""

import pytest
from django.db.models import Count
from django.urls import reverse

from cooperation.models import Event, Technology

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (360, 1280)

# Boxes of the labels of one SVG, in page pixels, and the SVG's own box.
LABEL_BOXES = """(selector) => {
    const svg = document.querySelector(selector);
    const box = (e) => { const r = e.getBoundingClientRect();
        return {x: r.left, y: r.top, right: r.right, bottom: r.bottom, text: e.textContent}; };
    return {svg: box(svg), labels: [...svg.querySelectorAll('a text')].map(box),
            fontPx: parseFloat(getComputedStyle(svg.querySelector('a text')).fontSize)
                    * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width};
}"""


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (a pixel of slack for anti-aliasing)."""

    def meet(a, b) -> bool:
        across = a["x"] < b["right"] - 1 and b["x"] < a["right"] - 1
        return across and a["y"] < b["bottom"] - 1 and b["y"] < a["bottom"] - 1

    return [
        (a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if meet(a, b)
    ]


def check_picture(page, selector: str, min_font_px: float) -> None:
    boxes = page.evaluate(LABEL_BOXES, selector)
    svg, labels = boxes["svg"], boxes["labels"]
    assert labels, f"{selector} has no labels"
    assert not overlapping(labels), overlapping(labels)[:3]
    for label in labels:  # inside the picture: nothing cut off at its edges
        assert svg["x"] - 1 <= label["x"] and label["right"] <= svg["right"] + 1, label["text"]
    assert boxes["fontPx"] >= min_font_px, f"labels shown at {boxes['fontPx']:.1f} px"


def no_sideways_scroll(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide in a {width[1]} px window"


@pytest.fixture
def sized_page(browser):
    contexts = []

    def open_at(width: int):
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_reads_at_every_width(sized_page, site, width):
    page = sized_page(width)
    page.goto(site.url + reverse("cooperation:timeline"))
    no_sideways_scroll(page)
    check_picture(page, "svg.timeline__svg", min_font_px=11)


@pytest.mark.parametrize("width", WIDTHS)
def test_busiest_technology_graph_reads_at_every_width(sized_page, site, width):
    busiest = (
        Technology.objects.published()
        .annotate(n=Count("agreements", distinct=True) + Count("events", distinct=True))
        .order_by("-n", "name")
        .first()
    )
    page = sized_page(width)
    page.goto(site.url + busiest.get_absolute_url())
    no_sideways_scroll(page)  # the picture scrolls in its own box on a phone
    check_picture(page, "svg.tech-graph__svg", min_font_px=11)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url_name", ["cooperation:matrix", "cooperation:coverage"])
def test_tables_never_widen_the_page(sized_page, site, width, url_name):
    page = sized_page(width)
    page.goto(site.url + reverse(url_name))
    no_sideways_scroll(page)


def test_timeline_works_without_javascript_and_names_its_marks(browser, site):
    """Server-rendered: with scripts off the filters still apply, and each mark is a
    link whose accessible name (from its SVG <title>) says what and when."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(site.url + reverse("cooperation:timeline"))
    page.select_option("#tl-kind", "summit")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "kind=summit" in url)
    summits = Event.objects.published().filter(kind="summit").exclude(date=None).order_by("date")
    marks = page.locator("svg.timeline__svg").get_by_role("link")
    assert marks.count() == summits.count() > 0
    first = summits.first()
    named = page.locator("svg.timeline__svg").get_by_role(
        "link", name=f"Summit: {first.name} ({first.date_display})"
    )
    assert named.count() == 1
    named.click()
    page.wait_for_url(f"**{first.get_absolute_url()}")
    context.close()
