"""Journey 6 (issue 17): a curator turns an article into three cited, published entries,
counting every click, key press and field entry; plus the two admin details a browser
shows (a slug keeps its dash, the object tools do not cover a long title).

The article (tests/browser/articles/gpi_interceptor.txt) was written for this test.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (Path(__file__).parent / "articles" / "gpi_interceptor.txt").read_text()
MAX_INTERACTIONS = 25


class Counted:
    """The page, with each interaction a curator makes counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def goto(self, url):
        self.count += 1
        self.page.goto(url)

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, value):
        self.count += 1
        locator.fill(value)
        # What leaving the field does (the next click or Tab): the admin's prepopulated
        # slug listens for it.
        locator.dispatch_event("change")

    def select(self, locator, label):
        self.count += 1
        locator.select_option(label=label)

    def check(self, locator):
        self.count += 1
        locator.check()


def log_in(counted, site):
    get_user_model().objects.create_superuser("curator", "curator@example.org", "a-Long-pass-42")
    page = counted.page
    counted.goto(site.url + reverse("admin:login"))
    counted.fill(page.locator("#id_username"), "curator")
    counted.fill(page.locator("#id_password"), "a-Long-pass-42")
    counted.click(page.get_by_role("button", name="Log in"))
    page.wait_for_url(lambda url: "/login/" not in url)


def save_and_publish(counted, name, picture=None):
    """Save the add page; back on the mentions, publish the new entry from its row."""
    page = counted.page
    counted.click(page.locator("input[name=_save]"))
    page.wait_for_url(lambda url: "/mentions/" in url)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    if picture:
        picture(page)
    counted.click(page.get_by_role("button", name=f"Publish {name}"))
    page.wait_for_url(lambda url: "/mentions/" in url)
    expect(page.locator(".messagelist")).to_contain_text("is published")


def readme_picture(page, screenshot):
    """Back on the mentions after saving the event: its row (a cited draft, with Publish)
    and the names still unknown below it."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.locator("#nav-sidebar").evaluate("nav => nav.remove()")
    page.locator("#mentions tr", has_text="Signing of the").first.evaluate(
        "row => window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY - 160)"
    )
    screenshot(page, "journey-6-curating")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_article_becomes_three_cited_published_entries(page, site, screenshot):
    counted = Counted(page)
    log_in(counted, site)

    # The article: title and text; the slug fills itself in from the title.
    counted.goto(site.url + reverse("admin:cooperation_source_add"))
    counted.fill(page.locator("#id_title"), "U.S. and Japan begin work on a hypersonic interceptor")
    counted.fill(page.locator("#id_text"), ARTICLE)
    assert page.locator("#id_slug").input_value() == (
        "us-and-japan-begin-work-on-a-hypersonic-interceptor"
    )
    counted.click(page.locator("input[name=_save]"))
    page.wait_for_url(lambda url: "/mentions/" in url)
    source = Source.objects.get(slug="us-and-japan-begin-work-on-a-hypersonic-interceptor")

    # The ministry is found under three spellings; the two names the knowledge base
    # lacks are listed.
    mentions = page.locator("#mentions")
    expect(mentions).to_contain_text("Japan’s Ministry of Defense")
    unknown = page.locator("#unknown-names")
    expect(unknown).to_contain_text("Glide Phase Interceptor (GPI)")
    expect(unknown).to_contain_text("Joint Hypersonics Transition Office (JHTO)")

    # 1. A technology, one click from the unknown name.
    counted.click(
        page.get_by_role("link", name="Create “Glide Phase Interceptor” as a new technology")
    )
    assert page.locator("#id_name").input_value() == "Glide Phase Interceptor"
    assert page.locator("#id_slug").input_value() == "glide-phase-interceptor"
    save_and_publish(counted, "Glide Phase Interceptor")

    # 2. An agency, with its acronym.
    counted.click(
        page.get_by_role(
            "link", name="Create “Joint Hypersonics Transition Office” as a new agency"
        )
    )
    assert page.locator("#id_acronym").input_value() == "JHTO"
    counted.select(page.locator("#id_kind"), "Government agency")
    save_and_publish(counted, "Joint Hypersonics Transition Office (JHTO)")

    # 3. An event from the sentence that names the ministry: its date comes with it.
    ministry = Agency.objects.get(slug="japan-ministry-of-defense")
    row = page.locator(f"#mention-agency-{ministry.pk}")
    counted.click(row.get_by_role("link", name="New event from this sentence"))
    assert page.locator("#id_date").input_value() == "2023-08-18"
    assert page.locator("#id_date_precision").input_value() == "day"
    counted.fill(
        page.locator("#id_name"), "Signing of the U.S.–Japan Glide Phase Interceptor arrangement"
    )
    counted.select(page.locator("#id_kind"), "Signing")
    # Leaving the name field filled the slug in, the en dash a word break.
    assert page.locator("#id_slug").input_value() == (
        "signing-of-the-us-japan-glide-phase-interceptor-arrangement"
    )
    save_and_publish(
        counted,
        "Signing of the U.S.–Japan Glide Phase Interceptor arrangement",
        picture=lambda page: readme_picture(page, screenshot),
    )

    # An existing entry is cited by ticking it; then the article itself is published.
    counted.check(page.get_by_label(re.compile(r"^Cite Ministry of Defense \(Japan\)")))
    counted.click(page.get_by_role("button", name="Create citations"))
    expect(page.locator(".messagelist")).to_contain_text("Created 1 citation")
    counted.click(page.get_by_role("button", name="Publish", exact=True))
    expect(page.locator(".messagelist")).to_contain_text("is published")

    assert counted.count <= MAX_INTERACTIONS, f"{counted.count} interactions"
    created = [
        Technology.objects.get(name="Glide Phase Interceptor"),
        Agency.objects.get(acronym="JHTO"),
        Event.objects.get(slug="signing-of-the-us-japan-glide-phase-interceptor-arrangement"),
    ]
    for entry in created:
        assert entry.is_published, entry
        quotes = list(entry.citations.values_list("source", "quote"))
        assert len(quotes) == 1 and quotes[0][0] == source.pk and quotes[0][1] in ARTICLE
    assert created[2].date_display == "18 August 2023"
    assert Citation.objects.filter(source=source).count() == 4
    source.refresh_from_db()
    assert source.is_published
    print(f"Curating journey: 3 entries cited and published in {counted.count} interactions")

    # A reader sees the three entries, each quoting the article.
    reader = page.context.browser.new_context().new_page()
    for entry in created:
        reader.goto(site.url + entry.get_absolute_url())
        assert reader.locator("li.citation").get_by_role("link", name=source.title).count() == 1
    reader.context.close()


def test_a_slug_keeps_a_word_break_for_a_dash_and_the_tools_leave_a_long_title_alone(page, site):
    counted = Counted(page)
    log_in(counted, site)
    page.goto(site.url + reverse("admin:cooperation_event_add"))
    counted.fill(page.locator("#id_name"), "Biden–Kishida meeting")
    assert page.locator("#id_slug").input_value() == "biden-kishida-meeting"

    long_name = (
        "Memorandum of Understanding between the Department of Defense of the United States "
        "and the Ministry of Defense of Japan concerning Research, Development, Test and "
        "Evaluation Projects"
    )
    agreement = Agreement.objects.create(slug="long", name=long_name, kind="mou")
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + reverse("admin:cooperation_agreement_change", args=[agreement.pk]))
        title = page.locator("#content h2").first.bounding_box()
        for tool in page.locator(".object-tools li").all():
            box = tool.bounding_box()
            overlaps = (
                box["x"] < title["x"] + title["width"]
                and title["x"] < box["x"] + box["width"]
                and box["y"] < title["y"] + title["height"]
                and title["y"] < box["y"] + box["height"]
            )
            assert not overlaps, f"{tool.text_content().strip()} covers the title at {width}px"
