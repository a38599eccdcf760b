"""A Japanese article pasted by a curator works end to end (issue 15): its language, its
text kept verbatim, its sentences, the entries it names in Japanese, their quotes, and
the passages highlighted on its page."""

import datetime
import json
from itertools import pairwise

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation.mentions import (
    MentionIndex,
    date_in,
    find_mentions,
    looks_japanese,
    sentence_spans,
    unknown_names,
)
from cooperation.models import Agency, Citation, Source, Technology

pytestmark = pytest.mark.django_db

# Written for this test from facts the record holds (ATLA's memorandum with DIU, the
# research institute modelled on DARPA and DIU, GPI, GCAP, NEDO's rendering of DARPA).
# Paragraphs indented with an ideographic space, full-width letters and brackets, as
# Japanese articles are pasted.
ARTICLE = (
    "日米、防衛技術の協力を広げる\r\n"
    "\r\n"
    "\u3000防衛装備庁（ＡＴＬＡ）は2024年9月、米国防イノベーションユニット（DIU）と"
    "覚書を交わした。2025年の防衛白書も、装備庁とDIUの覚書を取り上げている。\r\n"
    "\u3000政府は2024年2月、DARPAやDIUを手本とする研究所を新設する方針を示した。"
    "両政府は極超音速技術の研究でも協力を深めている。\r\n"
    "\u3000日米は、極超音速兵器を滑空段階で迎え撃つ迎撃ミサイルの共同開発で、"
    "2024年5月に取決めを結んだ。日英伊の次期戦闘機（GCAP）の開発も続き、"
    "インド太平洋の安全を支える。\r\n"
    "\u30002008年3月のNEDOの海外レポートは、DARPAを国防高等研究事業局と訳していた。"
)
TEXT = ARTICLE.replace("\r\n", "\n")  # what the browser's CRLF becomes

FIRST = "防衛装備庁（ＡＴＬＡ）は2024年9月、米国防イノベーションユニット（DIU）と覚書を交わした。"
SECOND = "2025年の防衛白書も、装備庁とDIUの覚書を取り上げている。"
GOVERNMENT = "政府は2024年2月、DARPAやDIUを手本とする研究所を新設する方針を示した。"
BOTH = "両政府は極超音速技術の研究でも協力を深めている。"
GPI = (
    "日米は、極超音速兵器を滑空段階で迎え撃つ迎撃ミサイルの共同開発で、2024年5月に取決めを結んだ。"
)
GCAP = "日英伊の次期戦闘機（GCAP）の開発も続き、インド太平洋の安全を支える。"
NEDO = "2008年3月のNEDOの海外レポートは、DARPAを国防高等研究事業局と訳していた。"

EXPECTED = {
    # entry: (the names it is found by, in the order "Named as" lists them; its sentence)
    "atla": (["ＡＴＬＡ", "防衛装備庁", "装備庁"], FIRST),
    "defense-innovation-unit": (["DIU", "米国防イノベーションユニット"], FIRST),
    "government-of-japan": (["政府"], GOVERNMENT),
    "darpa": (["DARPA", "国防高等研究事業局"], GOVERNMENT),
    "hypersonics": (["極超音速技術"], BOTH),
    "hypersonic-missiles": (["極超音速兵器"], GPI),
    "missile-defense-interceptors": (["迎撃ミサイル"], GPI),
    "japan-uk-italy-next-generation-fighter": (["GCAP", "次期戦闘機"], GCAP),
    # The programme's aircraft, a technology area, shares both names with it.
    "next-generation-combat-aircraft": (["GCAP", "次期戦闘機"], GCAP),
}


@pytest.fixture(scope="module")
def index(seed_data, django_db_blocker):
    with django_db_blocker.unblock():
        return MentionIndex.from_database()


def japanese_source(**fields) -> Source:
    return Source.objects.create(
        slug="ja-article", title="日米、防衛技術の協力を広げる", text=TEXT, language="ja", **fields
    )


# Sentences and dates: no database ------------------------------------------------------


def test_japanese_sentences_end_at_their_marks_with_no_space_after():
    assert [TEXT[s:e].strip() for s, e in sentence_spans(TEXT)] == [
        "日米、防衛技術の協力を広げる",
        FIRST,
        SECOND,
        GOVERNMENT,
        BOTH,
        GPI,
        GCAP,
        NEDO,
    ]


def test_a_sentence_goes_on_after_a_quotation_closing_with_its_own_mark():
    text = "会合で「協力を進める。」と述べた。次の会合は？未定だ！！DARPA. The end."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "会合で「協力を進める。」と述べた。",
        "次の会合は？",
        "未定だ！！",
        "DARPA.",
        "The end.",
    ]


def test_japanese_dates_at_their_precision():
    day, month, year = "day", "month", "year"
    assert date_in(FIRST) == (datetime.date(2024, 9, 1), month)
    assert date_in("2023年1月12日、両国は合意した。") == (datetime.date(2023, 1, 12), day)
    assert date_in("２０２３年１月１２日") == (datetime.date(2023, 1, 12), day)
    assert date_in("2023年に") == (datetime.date(2023, 1, 1), year)
    assert date_in(SENTENCES[5][0]) == (datetime.date(2023, 1, 11), day)
    assert date_in("令和5年3月に") == (datetime.date(2023, 3, 1), month)
    assert date_in("令和元年") == (datetime.date(2019, 1, 1), year)
    # A fiscal year runs April to March: not a date.
    assert date_in("2023年度予算") is None
    assert date_in("On 12 January 2023 they met.") == (datetime.date(2023, 1, 12), day)


def test_a_text_mostly_in_kana_and_kanji_is_japanese():
    assert looks_japanese(TEXT)
    assert not looks_japanese("Officials from ATLA met DARPA in Washington.")
    assert not looks_japanese("ATLA (防衛装備庁) met DARPA and DIU in Washington last week.")
    assert not looks_japanese("国防高等研究計画局")  # kanji alone: it may be Chinese


# Mentions in Japanese text --------------------------------------------------------------


def test_the_japanese_article_names_the_expected_entries_each_in_its_sentence(index):
    mentions = {m.entity.slug: m for m in find_mentions(japanese_source(), index)}
    assert {slug: (m.terms, m.sentence) for slug, m in mentions.items()} == EXPECTED
    for mention in mentions.values():
        assert mention.sentence in TEXT


# Sentences as Japanese reports write them, and every entry a reader would tick in each.
SENTENCES = [
    (
        "防衛省と米国防総省は、極超音速兵器に対処する滑空段階迎撃用誘導弾の共同開発で合意した。",
        {"japan-ministry-of-defense", "us-department-of-defense", "hypersonic-missiles",
         "missile-defense-interceptors"},
    ),
    (
        "三菱重工業は日英伊の次期戦闘機の開発に加わり、英国のBAEシステムズと協力する。",
        {"mitsubishi-heavy-industries", "japan-uk-italy-next-generation-fighter",
         "next-generation-combat-aircraft", "bae-systems"},
    ),
    (
        "航空自衛隊と米空軍は共同訓練を重ねている。",
        {"japan-air-self-defense-force", "us-air-force"},
    ),
    (
        "経産省と文科省は半導体や量子技術の研究開発を支援している。",
        {"meti", "mext", "semiconductors", "semiconductors-and-microelectronics",
         "quantum-technology"},
    ),
    (
        "日米豪印の枠組みでも、人工知能や宇宙の分野で協力が進む。",
        {"quad", "artificial-intelligence", "space-technologies"},
    ),
    (
        "外務省によると、日米安全保障協議委員会（2+2）は2023年1月11日にワシントンで開かれた。",
        {"japan-ministry-of-foreign-affairs", "security-consultative-committee"},
    ),
    (
        "中国の軍事力の拡大を受け、政府は防衛力の抜本的な強化を打ち出した。",
        {"government-of-china", "government-of-japan"},
    ),
    (
        "海自はインド太平洋で米海軍と共同で活動している。",
        {"japan-maritime-self-defense-force", "us-navy"},
    ),
    ("米国防高等研究計画局（DARPA）は、防衛装備庁の研究者とも意見を交わした。", {"darpa", "atla"}),
    (
        "ノースロップ・グラマンはMDAから迎撃ミサイルの開発を引き続き任された。",
        {"northrop-grumman", "missile-defense-agency", "missile-defense-interceptors"},
    ),
    ("無人機やAIを使った技術の実証も始まった。", {"drones", "unmanned-systems",
                                                   "artificial-intelligence"}),
    ("ソニーや東芝などの民間企業の技術も安全保障に生かされる。", {"sony", "toshiba"}),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_japanese_sentences_name_what_a_reader_finds(index, sentence, expected):
    assert {m.entity.slug for m in index.find(sentence)} == expected


def test_the_longest_japanese_name_wins_where_names_overlap(index):
    def found(text):
        return [(m.text, m.entity.slug) for m in index.find(text)]

    # 防衛装備庁 holds 装備庁, 米国防総省 holds 国防総省, 航空自衛隊 holds 自衛隊.
    assert found("防衛装備庁と米国防総省と航空自衛隊") == [
        ("防衛装備庁", "atla"),
        ("米国防総省", "us-department-of-defense"),
        ("航空自衛隊", "japan-air-self-defense-force"),
    ]
    # 次期戦闘機 (GCAP, and its aircraft) holds 戦闘機 (military aircraft).
    assert found("次期戦闘機の開発") == [
        ("次期戦闘機", "japan-uk-italy-next-generation-fighter"),
        ("次期戦闘機", "next-generation-combat-aircraft"),
    ]


def test_short_japanese_names_are_not_read_inside_other_words(index):
    def slugs(text):
        return {m.entity.slug for m in index.find(text)}

    assert slugs("両政府は合意した。") == set()  # "both governments", not Japan's
    assert slugs("中国政府は") == {"government-of-china"}  # China's, not Japan's
    assert slugs("対中国の輸出規制") == {"government-of-china"}
    assert slugs("インド太平洋の安全") == set()  # Indo-Pacific, not India
    assert slugs("インドネシアの港") == set()
    assert slugs("インドとの協力") == {"government-of-india"}
    assert slugs("量子技術の研究") == {"quantum-technology"}
    assert slugs("政府は合意した。") == {"government-of-japan"}


def test_latin_names_inside_japanese_text_are_words(index):
    found = [(m.text, m.entity.slug) for m in index.find("ＡＴＬＡとDARPAが協力。ATLASは別。")]
    assert found == [("ＡＴＬＡ", "atla"), ("DARPA", "darpa")]


def test_unknown_names_in_japanese_text_are_latin_acronyms_only(index):
    unknown = unknown_names(TEXT, index, index.find(TEXT))
    assert [(u.name, u.sentence) for u in unknown] == [("NEDO", NEDO)]


# Whatever a curator pastes, sentences and mentions are slices of it.
PIECES = [
    "防衛装備庁", "装備庁", "防衛", "ATLA", "ＡＴＬＡ", "政府", "両", "インド", "ネシア", "太平洋",
    "極超音速", "技術", "の", "は", "。", "」", "「", "！", "？", "、", ".", " ", "\n", "\u3000",
    "U.S.", "Japan", "DARPA", "Mr.", "2023年", "1月", "ｲﾝﾄﾞ", "ｿﾞｳ", "ﾞ", "ﾟ", "ｰ",
]  # fmt: skip
SMALL_INDEX = MentionIndex(
    {
        "agency": [
            Agency(pk=1, name="Acquisition, Technology & Logistics Agency", acronym="ATLA",
                   name_ja="防衛装備庁", aliases_ja=["装備庁"]),
            Agency(pk=2, name="Government of Japan", name_ja="日本国政府", aliases_ja=["政府"]),
            Agency(pk=3, name="Government of India", name_ja="インド政府", aliases_ja=["インド"]),
        ],
        "technology": [Technology(pk=1, name="Hypersonics", name_ja="極超音速技術",
                                  aliases_ja=["極超音速"])],
    }
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_sentences_and_mentions_are_always_verbatim_slices(text):
    spans = sentence_spans(text)
    cursor = 0
    for start, end in spans:
        assert cursor <= start < end <= len(text)
        assert not text[cursor:start].strip()  # only white space between sentences
        cursor = end
    assert not text[cursor:].strip()
    matches = SMALL_INDEX.find(text)
    for match in matches:
        assert text[match.start : match.end] == match.text
        assert match.sentence in spans
        assert match.sentence[0] <= match.start < match.end <= match.sentence[1]
    chosen = sorted({(m.start, m.end) for m in matches})
    assert all(a[1] <= b[0] for a, b in pairwise(chosen))


# The admin: pasting, detecting the language, citing ---------------------------------------


def test_pasting_a_japanese_article_keeps_it_verbatim_and_detects_its_language(
    seed_data, db, curator_client, form_data
):
    add_url = reverse("admin:cooperation_source_add")
    page = curator_client.get(add_url)
    assert page.context["adminform"].form["language"].value() == ""  # "Detect from the text"
    data = form_data(page, title="日米、防衛技術の協力を広げる", slug="ja-article", text=ARTICLE)
    response = curator_client.post(add_url, data, follow=True)
    source = Source.objects.get(slug="ja-article")
    assert source.language == "ja"
    # Only the line ends and the white space around the whole text changed.
    assert source.text == TEXT.strip()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:cooperation_source_mentions", args=[source.pk]
    )
    assert "Cite Acquisition, Technology &amp; Logistics Agency (ATLA)" in html
    assert "防衛装備庁, 装備庁" in html  # "Named as"
    assert FIRST in html
    assert "NEDO" in html[html.index('id="unknown-names"') :]


def test_an_english_article_is_detected_as_english_and_a_chosen_language_stands(
    seed_data, db, curator_client, form_data
):
    add_url = reverse("admin:cooperation_source_add")
    english = "Officials from ATLA met DARPA in Washington."
    data = form_data(curator_client.get(add_url), title="A", slug="a", text=english)
    curator_client.post(add_url, data)
    assert Source.objects.get(slug="a").language == "en"
    data = form_data(curator_client.get(add_url), title="B", slug="b", text=english)
    data["language"] = "ja"
    curator_client.post(add_url, data)
    assert Source.objects.get(slug="b").language == "ja"


def test_citing_japanese_mentions_quotes_their_sentences_verbatim(
    seed_data, db, curator_client, tick_rows
):
    source = japanese_source()
    atla = Agency.objects.get(slug="atla")
    diu = Agency.objects.get(slug="defense-innovation-unit")
    url = reverse("admin:cooperation_source_mentions", args=[source.pk])
    data = tick_rows(
        curator_client.get(url),
        {
            f"agency-{atla.pk}": FIRST,
            # Shortened by the curator, still verbatim.
            f"agency-{diu.pk}": "米国防イノベーションユニット（DIU）と覚書を交わした。",
        },
    )
    response = curator_client.post(url, data, follow=True)
    assert "Created 2 citations" in response.content.decode()
    assert Citation.objects.get(source=source, agency=atla).quote == FIRST
    # Retyped with half-width brackets, it is not the text's own words.
    darpa = Agency.objects.get(slug="darpa")
    data = tick_rows(curator_client.get(url), {f"agency-{darpa.pk}": "防衛装備庁(ATLA)は"})
    refused = curator_client.post(url, data)
    assert refused.status_code == 400
    assert "not found verbatim" in refused.content.decode()
    assert Citation.objects.filter(source=source).count() == 2


def test_a_new_entry_from_a_japanese_sentence_starts_with_its_japanese_name_and_date(
    seed_data, db, curator_client
):
    source = japanese_source()
    response = curator_client.get(
        reverse("admin:cooperation_source_new_entry", args=[source.pk]),
        {"type": "event", "name": "研究所の新設方針", "quote": GOVERNMENT},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("admin:cooperation_event_add"))
    form = response.context["adminform"].form
    # The English name and its slug are the curator's to give.
    assert not form["name"].value() and not form["slug"].value()
    assert form["name_ja"].value() == "研究所の新設方針"
    assert (form["date"].value(), form["date_precision"].value()) == ("2024-02-01", "month")
    inline = response.context["inline_admin_formsets"][0].formset
    assert inline.forms[0]["quote"].value() == GOVERNMENT


def test_the_source_page_marks_the_japanese_text_and_highlights_its_quotes(seed_data, db, client):
    source = japanese_source(publication_status="published")
    atla = Agency.objects.get(slug="atla")
    citation = Citation.objects.create(source=source, agency=atla, quote=FIRST)
    html = client.get(source.get_absolute_url()).content.decode()
    assert '<div lang="ja">' in html
    assert f'<mark class="cited" id="citation-{citation.pk}">{FIRST}</mark>' in html
    payload = json.loads(client.get(source.get_absolute_url(), {"format": "json"}).content)
    assert payload["language"] == "ja"
    assert payload["supports"]["agencies"][0]["quotes"] == [FIRST]


def test_a_company_is_found_by_its_group_name(index):
    found = [(m.text, m.entity.slug) for m in index.find("ソニーグループは熊本に工場を持つ。")]
    assert found == [("ソニーグループ", "sony")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("英国防省は声明を出した。", set()),
        ("中国国防省の報道官", {"government-of-china"}),
        ("ロシア国防省によれば", set()),
        ("豪国防省と協議した。", set()),
    ],
)
def test_another_countrys_ministry_is_not_the_pentagon(index, sentence, expected):
    assert {m.entity.slug for m in index.find(sentence)} == expected


def test_the_pentagon_is_still_found_by_its_short_names(index):
    def slugs(text):
        return {m.entity.slug for m in index.find(text)}

    assert slugs("米国防省で会談した。") == {"us-department-of-defense"}
    assert slugs("国防省は、日本との協力を歓迎した。") == {"us-department-of-defense"}
    assert slugs("日米の国防省と防衛省") == {
        "us-department-of-defense",
        "japan-ministry-of-defense",
    }


def test_half_width_katakana_reads_as_full_width_and_quotes_stay_verbatim(index):
    text = "ﾉｰｽﾛｯﾌﾟ･ｸﾞﾗﾏﾝとｿﾆｰが協力した。"
    found = [(m.text, m.entity.slug) for m in index.find(text)]
    assert found == [("ﾉｰｽﾛｯﾌﾟ･ｸﾞﾗﾏﾝ", "northrop-grumman"), ("ｿﾆｰ", "sony")]
    # Folded, a half-width word keeps its bounds: Indonesia is not India.
    assert [m.entity.slug for m in index.find("ｲﾝﾄﾞﾈｼｱの港とｲﾝﾄﾞの港")] == ["government-of-india"]
