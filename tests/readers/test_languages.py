"""English at the permalinks, Japanese under /ja/ (issue 15, interface).

Every page a reader can reach answers in both languages, says which in <html lang>,
links the other with hreflang alternates and a switch that keeps the query string,
writes dates the reader's way and never serves one language's cached page for the other.
"""

from __future__ import annotations

import datetime
import re
from html import escape
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation

from cooperation import page_cache
from cooperation.models import Agency, Agreement, format_fuzzy_date
from cooperation.models.common import DatePrecision
from cooperation.presentation import local_name, name_beside
from tests.browse import factories as f
from tests.browse.test_query_counts import _agreement_page, _agreements, queries_for

from .pages import pages_of_each_kind

pytestmark = pytest.mark.django_db

# The navigation every public page carries, as each language reads it.
NAV = {
    "en": ["Technology areas", "Agreements", "Agencies", "Events", "Sources", "Timeline"],
    "ja": ["技術分野", "協定", "機関", "出来事", "出典", "年表"],
}
# The main heading of pages whose heading is interface text, not an entry's name.
HEADINGS_JA = {
    "home": "日米の防衛・デュアルユース技術協力",
    "search": "検索",
    "timeline": "協定と出来事の年表",
    "matrix": "各協定が対象とする技術分野",
    "coverage": "このデータベースの収録範囲",
    "changes": "更新履歴",
    "agreements": "協定",
    "agencies": "機関・組織",
    "events": "出来事",
    "sources": "出典",
    "bad-request": "リクエストを解釈できませんでした",
}
# What `pages_of_each_kind` lists that is not a public page (the admin), and the
# pages that answer an error on purpose.
NOT_PUBLIC = {"admin-login"}
STATUS = {"not-found": 404, "bad-request": 400}
PAGES = [
    "home",
    "agreements",
    "agreements-table",
    "agencies",
    "technologies-table",
    "events",
    "sources",
    "agreement",
    "agency",
    "technology",
    "event",
    "source",
    "search",
    "search-nothing",
    "timeline",
    "matrix",
    "coverage",
    "changes",
    "not-found",
    "bad-request",
]
LOCALE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def _english_between_requests():
    """A request under /ja/ leaves Japanese active in this thread after it (a server
    activates each request's own): addresses reversed in a test are English ones."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _nav(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def test_the_page_list_is_every_public_page(seed_data):
    assert set(pages_of_each_kind()) - NOT_PUBLIC == set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_in_both_languages(client, seed_data, name):
    path = pages_of_each_kind()[name]
    assert not path.startswith("/ja/")
    status = STATUS.get(name, 200)

    english = client.get(path)
    assert english.status_code == status
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert all(f">{label}</a>" in _nav(html) for label in NAV["en"])

    japanese = client.get(f"/ja{path}")
    assert japanese.status_code == status
    html = japanese.content.decode()
    assert '<html lang="ja">' in html
    assert all(f">{label}</a>" in _nav(html) for label in NAV["ja"])
    assert "Technology areas</a>" not in html
    head = html.split("</head>")[0]
    # Alternates name pages to index: every page but the errors.
    assert ('hreflang="x-default"' in head) is (status == 200)
    if name in HEADINGS_JA:
        assert re.search(rf"<h1[^>]*>{re.escape(HEADINGS_JA[name])}", html), name


def test_links_on_japanese_pages_stay_japanese(client, seed_data):
    html = client.get("/ja/agreements/").content.decode()
    agreement = Agreement.objects.published().first()
    assert f'href="/ja/agreements/{agreement.slug}/"' in html or "/ja/agreements/" in html
    assert 'href="/ja/timeline/"' in _nav(html)
    assert 'href="/timeline/"' not in _nav(html)


def test_english_permalinks_are_unchanged(client, seed_data):
    html = client.get("/agreements/").content.decode()
    assert 'href="/timeline/"' in _nav(html)
    assert "<strong>" in html and " results" in html
    assert client.get("/en/agreements/").status_code == 404  # English has no prefix


def test_hreflang_alternates_in_the_head(client, seed_data):
    query = "technology=hypersonics&binding=yes"
    for path in (f"/agreements/?{query}", f"/ja/agreements/?{query}"):
        head = client.get(path).content.decode().split("</head>")[0]
        english = f"http://testserver/agreements/?{query.replace('&', '&amp;')}"
        japanese = f"http://testserver/ja/agreements/?{query.replace('&', '&amp;')}"
        assert f'<link rel="alternate" hreflang="en" href="{english}">' in head
        assert f'<link rel="alternate" hreflang="ja" href="{japanese}">' in head
        assert f'<link rel="alternate" hreflang="x-default" href="{english}">' in head


def test_language_switch_keeps_the_page_and_its_filters(client, seed_data):
    query = "technology=hypersonics&evidence=referenced&sort=date&view=table"
    escaped = query.replace("&", "&amp;")
    html = client.get(f"/agreements/?{query}").content.decode()
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    assert f'href="/ja/agreements/?{escaped}" hreflang="ja" lang="ja"' in switch
    assert ">日本語</a>" in switch

    html = client.get(f"/ja/agreements/?{query}").content.decode()
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    assert f'href="/agreements/?{escaped}" hreflang="en" lang="en"' in switch
    # The filtered list is the same list: the same count in either language.
    english = client.get(f"/agreements/?{query}&format=json").json()["count"]
    assert re.search(rf"<strong>{english}</strong>件", html)


def test_switch_on_a_page_number_and_an_entity_page(client, seed_data):
    url = Agreement.objects.published().first().get_absolute_url()
    html = client.get(f"/ja{url}?citations=1").content.decode()
    assert f'href="{url}?citations=1" hreflang="en"' in html


def test_japanese_dates():
    day = datetime.date(2023, 1, 12)
    with translation.override("ja"):
        assert format_fuzzy_date(day, DatePrecision.DAY) == "2023年1月12日"
        assert format_fuzzy_date(day.replace(day=1), DatePrecision.MONTH) == "2023年1月"
        assert format_fuzzy_date(datetime.date(1988, 1, 1), DatePrecision.YEAR) == "1988年"
        assert format_fuzzy_date(day, DatePrecision.DAY, "iso") == "2023-01-12"
    with translation.override("en"):
        assert format_fuzzy_date(day, DatePrecision.DAY) == "12 January 2023"
        assert format_fuzzy_date(day.replace(day=1), DatePrecision.MONTH) == "January 2023"
        assert format_fuzzy_date(datetime.date(1988, 1, 1), DatePrecision.YEAR) == "1988"


def test_japanese_dates_on_pages(client):
    url = f.agreement(signed_on=datetime.date(2023, 1, 12), signed_on_precision="day")
    url = url.get_absolute_url()
    english = client.get(url).content.decode()
    japanese = client.get(f"/ja{url}").content.decode()
    assert '<time datetime="2023-01-12">12 January 2023</time>' in english
    assert '<time datetime="2023-01-12">2023年1月12日</time>' in japanese
    listed = client.get("/ja/agreements/").content.decode()
    assert "2023年1月12日" in listed
    # The models' English labels, in Japanese: the row's kind and the kind facet.
    assert "了解覚書" in listed and "Memorandum of understanding" not in listed
    assert "<dt>署名日</dt>" in japanese and "Memorandum of understanding" in english


def test_the_change_log_and_the_suggestions_speak_the_page_language(client, seed_data):
    english = client.get("/changes/").content.decode()
    japanese = client.get("/ja/changes/").content.decode()
    assert re.search(r">\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC</time>", english)
    assert re.search(r">\d{4}年\d{1,2}月\d{1,2}日, \d\d:\d\d UTC</time>", japanese)
    # search.js names the type-ahead list with this label.
    assert 'data-suggestions-label="候補"' in japanese
    assert 'data-suggestions-label="Suggestions"' in english


def test_japanese_names_first_with_the_english_beside(client):
    agreement = f.agreement(name="Hypersonic Accord")
    # Before the model has the field, the helper falls back to the English name;
    # after, it reads it: an attribute set on the row stands for either here.
    agreement.name_ja = "極超音速協定"
    with translation.override("ja"):
        assert local_name(agreement) == "極超音速協定"
        assert name_beside(agreement) == "Hypersonic Accord"
    with translation.override("en"):
        assert local_name(agreement) == "Hypersonic Accord"
        assert name_beside(agreement) == ""
    del agreement.name_ja
    with translation.override("ja"):
        assert local_name(agreement) == "Hypersonic Accord"
        assert name_beside(agreement) == ""


def test_page_cache_keys_on_the_language(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    request = RequestFactory().get("/agreements/?technology=x")
    with translation.override("en"):
        english = page_cache.cache_key(request, "1")
    with translation.override("ja"):
        japanese = page_cache.cache_key(request, "1")
    assert english != japanese

    f.agreement()
    assert '<html lang="en">' in client.get("/agreements/").content.decode()
    assert '<html lang="ja">' in client.get("/ja/agreements/").content.decode()
    # Served from the cache now, each in its own language.
    assert '<html lang="en">' in client.get("/agreements/").content.decode()
    assert '<html lang="ja">' in client.get("/ja/agreements/").content.decode()


def test_japanese_pages_cost_no_more_queries(client):
    tech = _agreements(1)
    one = queries_for(client, f"/ja/agreements/?technology={tech}")
    url = _agreement_page(1)
    page_one = queries_for(client, f"/ja{url}")
    # tests/browse/test_query_counts.py proves flatness at 60 rows in English; what
    # Japanese adds (names, dates, labels) is per row, so a dozen rows would show it.
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        _agreements(12)
        _agreement_page(12)
    assert queries_for(client, f"/ja/agreements/?technology={tech}") == one
    assert queries_for(client, f"/ja{url}") <= page_one
    assert queries_for(client, "/agreements/") == queries_for(client, "/ja/agreements/")


def test_admin_follows_the_browser_language(client):
    japanese = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ja")
    assert '<html lang="ja"' in japanese.content.decode()
    english = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en"' in english.content.decode()
    # Public pages follow the address, never the browser.
    html = client.get("/agreements/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<html lang="en">' in html


# --- The catalogue ------------------------------------------------------------------


def _catalogue() -> list[dict]:
    """The entries of the Japanese catalogue: msgctxt, msgid and msgstr, flags."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict = {"flags": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = line
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?) "(.*)"$', line):
                key = match.group(1).replace("[0]", "")
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        entries.append(entry)
    return [e for e in entries if e.get("msgid")]


def test_catalogue_is_complete():
    untranslated = [e["msgid"] for e in _catalogue() if not e.get("msgstr")]
    fuzzy = [e["msgid"] for e in _catalogue() if "fuzzy" in e["flags"]]
    assert not untranslated, f"no Japanese for: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy}"


def _template_strings() -> set[str]:
    """Every {% translate "..." %} literal of the public templates (not the admin's)."""
    found = set()
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        if "admin" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'{% translate "([^"]+)"(?: context "[^"]+")? %}', text))
    return found


def test_every_template_string_has_a_japanese_translation():
    translated = {e["msgid"].replace('\\"', '"') for e in _catalogue() if e.get("msgstr")}
    missing = sorted(_template_strings() - translated)
    assert not missing, f"run `make makemessages` and translate: {missing}"


def test_compiled_catalogue_is_current():
    compiled, source = LOCALE / "django.mo", LOCALE / "django.po"
    assert compiled.exists(), "the translations are not compiled: run `make messages`"
    assert compiled.stat().st_mtime >= source.stat().st_mtime, "run `make messages`"


def test_feeds_pictures_and_sitemaps_in_japanese(client, seed_data):
    english = client.get("/agreements/feed/?technology=hypersonics").content.decode()
    japanese = client.get("/ja/agreements/feed/?technology=hypersonics").content.decode()
    assert "<title>Agreements (" in english and 'xml:lang="en"' in english
    assert "<title>協定 (" in japanese and 'xml:lang="ja"' in japanese
    assert "<title>協定: " in japanese  # each entry's kind
    assert "http://testserver/ja/agreements/" in japanese  # links stay Japanese
    assert 'xml:lang="ja"' in client.get("/ja/feed/").content.decode()

    timeline = client.get("/ja/timeline/").content.decode()
    assert "会議・首脳会談・対話・署名" in timeline  # the picture's key
    assert '<title id="timeline-title">協定と出来事の年表</title>' in timeline
    assert (
        '<th scope="col" class="matrix__corner">技術分野</th>'
        in client.get("/ja/matrix/").content.decode()
    )

    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Sitemap: http://testserver/ja/sitemap.xml" in robots
    assert "Disallow: /ja/search/" in robots
    section = client.get("/ja/sitemap-agreement.xml").content.decode()
    assert "<loc>http://testserver/ja/agreements/" in section


def test_pictures_label_entries_by_their_japanese_names(client, seed_data):
    atla = Agency.objects.get(slug="atla")
    timeline = client.get("/ja/timeline/").content.decode()
    assert f'<option value="atla">{atla.name_ja}</option>' in timeline
    agreement = Agreement.objects.published().exclude(name_ja="").filter(signed_on__isnull=False)[0]
    assert f"{agreement.name_ja[:8]}" in timeline
    assert "Any</option>" not in timeline
    entries = client.get("/ja/timeline/?format=json").json()["entries"]
    assert {"name", "name_ja"} <= set(entries[0])
    matrix = client.get("/ja/matrix/")
    assert '<a href="/ja/technologies/hypersonics/">極超音速技術</a>' in matrix.content.decode()
    rows = client.get("/ja/matrix/?format=json").json()["technologies"]
    assert {"name": "Hypersonics", "name_ja": "極超音速技術"}.items() <= next(
        r for r in rows if r["slug"] == "hypersonics"
    ).items()
    coverage = client.get("/ja/coverage/?format=json").json()["by_technology"]
    assert all({"name", "name_ja"} <= set(row) for row in coverage)
    graph = client.get("/ja/technologies/hypersonics/").content.decode()
    assert re.search(r"<title>協定: [^<a-zA-Z]", graph)
    # English pictures are as they were.
    assert '<option value="atla">Acquisition' in client.get("/timeline/").content.decode()


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/ja/agreements/?page=99", 404, "協定の一覧に99ページ目はありません。"),
        ("/ja/agreements/?page=x", 400, "ページ番号を1以上の整数で入力してください。"),
        ("/ja/search/?q=DARPA&page=60", 404, "この検索結果に60ページ目はありません。"),
        ("/ja/search/?q=DARPA&type=x", 400, "xは種別ではありません。"),
        ("/ja/timeline/?kind=x", 400, "種類'x'はありません。"),
        ("/ja/agreements/?format=x", 400, "次のいずれかを指定してください：html, json, csv。"),
    ],
)
def test_bad_parameters_are_explained_in_japanese(client, seed_data, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert escape(message) in response.content.decode()
    english = client.get(url.removeprefix("/ja"))
    assert english.status_code == status and message not in english.content.decode()


def test_json_twins_carry_both_names(client):
    url = f.agreement(name="Hypersonic Accord").get_absolute_url()
    english, japanese = client.get(f"{url}?format=json"), client.get(f"/ja{url}?format=json")
    assert english.json()["name"] == japanese.json()["name"] == "Hypersonic Accord"
    assert english.json()["name_ja"] == ""  # until the entry has a Japanese name
    assert all("name_ja" in row for row in client.get("/agreements/?format=json").json()["results"])


def test_public_pages_do_not_vary_on_the_browser_language(client):
    english, japanese = client.get("/agreements/"), client.get("/ja/agreements/")
    assert english["Content-Language"] == "en" and japanese["Content-Language"] == "ja"
    assert "Accept-Language" not in english.get("Vary", "")
    assert "Accept-Language" not in japanese.get("Vary", "")
    assert "Accept-Language" in client.get("/admin/login/").get("Vary", "")


def test_every_choice_label_the_models_show_is_in_the_catalogue():
    from cooperation.choice_labels import LABELS
    from cooperation.models import AgencyKind, AgreementKind, AgreementStatus, Country, EventKind

    shown = {
        str(label)
        for choices in (Country, AgencyKind, AgreementKind, AgreementStatus, EventKind)
        for _, label in choices.choices
    }
    assert shown <= set(LABELS), f"add to cooperation/choice_labels.py: {shown - set(LABELS)}"
    translated = {e["msgid"] for e in _catalogue() if e.get("msgstr")}
    assert shown <= translated
    with translation.override("ja"):
        assert translation.gettext("Memorandum of understanding") == "了解覚書"


def test_seeded_japanese_names_first_with_the_english_beside(client, seed_data):
    if not hasattr(Agency, "name_ja"):
        pytest.skip("the models have no Japanese names on this branch yet")
    atla = Agency.objects.get(slug="atla")
    url = atla.get_absolute_url()
    japanese = client.get(f"/ja{url}").content.decode()
    assert re.search(
        rf'<h1>{atla.name_ja} <span class="name-beside" lang="en">{re.escape(escape(str(atla)))}',
        japanese,
    )
    assert f"<title>{atla.name_ja} · " in japanese
    english = client.get(url).content.decode()
    assert f"<title>{escape(str(atla))} · " in english
    assert re.search(rf"<h1>{re.escape(escape(str(atla)))}</h1>", english)
    # List rows and the areas' facet read the Japanese names too.
    listed = client.get("/ja/agencies/?q=ATLA").content.decode()
    assert f">{atla.name_ja}</a>" in listed
    assert "航空宇宙・極超音速" in client.get("/ja/agreements/").content.decode()


def test_error_pages_without_a_request_follow_the_language():
    from django.template import engines

    for name, heading in (("500.html", "サーバー側で問題が発生しました"), ("503.html", "一時的")):
        with translation.override("ja"):
            html = engines["django"].get_template(name).render()
        assert '<html lang="ja">' in html and heading in html
        with translation.override("en"):
            assert '<html lang="en">' in engines["django"].get_template(name).render()


def test_an_entry_says_whether_its_japanese_name_is_official_or_ours(client, seed_data):
    from cooperation.models import Agency

    official = Agency.objects.published().filter(name_ja_official=True).first()
    ours = Agency.objects.published().filter(name_ja_official=False).exclude(name_ja="").first()
    english = client.get(official.get_absolute_url()).content.decode()
    assert f'Japanese name: <span lang="ja">{official.name_ja}</span> (official)' in english
    english = client.get(ours.get_absolute_url()).content.decode()
    assert f'Japanese name: <span lang="ja">{ours.name_ja}</span> (our translation)' in english
    japanese = client.get("/ja" + ours.get_absolute_url()).content.decode()
    assert "日本語名は当データベースによる訳です。" in japanese
    japanese = client.get("/ja" + official.get_absolute_url()).content.decode()
    assert "日本語名は当データベースによる訳です。" not in japanese
