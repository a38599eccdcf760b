"""Japanese search (issue 15): the queries people type in Japanese, on the real fixtures.

Both databases answer alike: the analyser (cooperation/search/japanese.py) cuts the
names and the query into the same words, and each database only matches them.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from cooperation.search import japanese
from cooperation.search.query import parse, to_text

pytestmark = pytest.mark.django_db
# The budgets of test_search_queries.py: the analyser runs in Python, with no query.
SEARCH_QUERIES, TYPEAHEAD_QUERIES = 9, 1


def results(client, q: str, **params) -> list[dict]:
    response = client.get("/search/", {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize(
    ("q", "expected_first"),
    [
        # The queries: ATLA by its own name and by its short form.
        ("防衛装備庁", "atla"),
        ("装備庁", "atla"),
        ("半導体", "semiconductors"),
        # Ten more, as people write them.
        ("防衛省", "japan-ministry-of-defense"),
        ("宇宙", "space-technologies"),
        ("量子", "quantum-technology"),
        ("日米豪印", "quad"),
        ("クアッド", "quad"),
        ("次期戦闘機", "next-generation-combat-aircraft"),
        ("三菱重工業", "mitsubishi-heavy-industries"),
        ("三菱重工", "mitsubishi-heavy-industries"),
        ("人工知能", "artificial-intelligence"),
        ("ドローン", "drones"),
        ("経産省", "meti"),
        ("自衛隊", "japan-self-defense-forces"),
        # An agreement by its official Japanese name, before the later amendments to it.
        ("日米物品役務相互提供協定", "acsa-us-japan-1996"),
        ("防衛装備移転三原則", "three-principles-on-transfer-of-defense-equipment-2014"),
        # Full-width spaces and half-width katakana, as input methods type them.
        ("ｸｱｯﾄﾞ", "quad"),
        # A name typed in kana, before the input method turns it into kanji.
        ("ぼうえいそうびちょう", "atla"),
        ("ぼうえいしょう", "japan-ministry-of-defense"),
        ("どろーん", "drones"),
    ],
)
def test_the_first_result_is_the_one_people_expect(client, seed_data, q, expected_first):
    assert [r["slug"] for r in results(client, q)[:1]] == [expected_first]


def test_hypersonic_areas_come_first(client, seed_data):
    top = [r["slug"] for r in results(client, "極超音速")[:2]]
    assert set(top) == {"hypersonics", "aerospace-and-hypersonics"}


def test_mixed_queries_need_every_word_in_either_language(client, seed_data):
    # DARPA in its English names, 研究 (research) in its Japanese name.
    assert [r["slug"] for r in results(client, "DARPA 研究")][:1] == ["darpa"]
    # ATLA (a party, in English) and 協力 (cooperation, in the Japanese name): DICAS,
    # the U.S.–Japan forum on defense industrial cooperation.
    assert results(client, "ATLA 協力")[0]["slug"] == "dicas"
    # Particles separate the words as spaces do.
    assert [r["slug"] for r in results(client, "ATLAとの協力")] == [
        r["slug"] for r in results(client, "ATLA 協力")
    ]


def test_a_mixed_query_without_a_match_offers_any_of_the_words(client, seed_data):
    # No entry of the record pairs DARPA with 協力 (cooperation): the page offers
    # either word, and DARPA is on the first page that finds. (First on SQLite,
    # whose bm25 weighs the rare DARPA above the common 協力; PostgreSQL's ts_rank
    # does not weigh rarity.)
    html = client.get("/search/", {"q": "DARPA 協力"}).content.decode()
    assert "Search for any of the words" in html
    assert "DARPA OR 協力" in html
    assert "darpa" in [r["slug"] for r in results(client, "DARPA OR 協力")]


def test_the_page_shows_the_entry_and_where_it_matched(client, seed_data):
    html = client.get("/search/", {"q": "防衛装備庁"}).content.decode()
    assert "Acquisition, Technology &amp; Logistics Agency" in html
    assert "/agencies/atla/" in html
    assert "Japanese name" in html


def test_english_queries_do_not_read_the_japanese(client, seed_data):
    # The Japanese columns hold no Latin words: "ATLA" is found by its English names.
    assert results(client, "ATLA")[0]["slug"] == "atla"


def test_typeahead_offers_japanese_names(client, seed_data):
    def slugs(prefix):
        return [r["slug"] for r in client.get("/search/suggest/", {"q": prefix}).json()["results"]]

    assert {"atla", "japan-ministry-of-defense"} <= set(slugs("防衛"))
    # From a later word of the name, and from its reading as an input method shows it.
    assert "atla" in slugs("装備")
    assert "atla" in slugs("ぼうえいそうび")
    assert "quad" in slugs("クア")


def test_japanese_pages_show_the_japanese_name_first_with_the_english_beside(client, seed_data):
    html = client.get("/ja/search/", {"q": "防衛装備庁"}).content.decode()
    first = html[html.index('<li class="result">') :]
    assert first.startswith(
        '<li class="result">\n        <h3><a href="/ja/agencies/atla/">防衛装備庁</a> '
        '<span class="name-beside" lang="en">Acquisition, Technology &amp; Logistics Agency'
    )
    assert "一致した箇所： 日本語名" in first[:600]
    found = client.get("/ja/search/", {"q": "防衛装備庁", "format": "json"}).json()["results"]
    assert (found[0]["name_ja"], found[0]["slug"]) == ("防衛装備庁", "atla")
    # English pages are as they were.
    english = client.get("/search/", {"q": "防衛装備庁"}).content.decode()
    assert '<h3><a href="/agencies/atla/">Acquisition, Technology &amp; Logistics' in english


def test_japanese_typeahead_labels_in_japanese(client, seed_data):
    japanese = client.get("/ja/search/suggest/", {"q": "防衛装備"}).json()["results"][0]
    assert (japanese["label"], japanese["type_label"], japanese["url"]) == (
        "防衛装備庁",
        "機関",
        "/ja/agencies/atla/",
    )
    assert japanese["name"].startswith("Acquisition, Technology & Logistics Agency")
    english = client.get("/search/suggest/", {"q": "防衛装備"}).json()["results"][0]
    assert (english["label"], english["type_label"]) == (japanese["name"], "Agency")


def test_did_you_mean_a_japanese_name(client, seed_data):
    data = client.get("/search/", {"q": "防衛装備町", "format": "json"}).json()
    assert data["suggestion"] == "防衛装備庁"


def test_parser_reads_japanese_into_the_index_words():
    assert [p.words for c in parse("防衛装備庁").clauses for p in c.alternatives] == [
        ("防衛", "装備", "庁")
    ]
    # Particles separate what is asked for; the Latin part is a clause of its own.
    query = parse("DARPAとの協力")
    assert [[p.words for p in c.alternatives] for c in query.clauses] == [
        [("darpa",)],
        [("協力",)],
    ]
    assert to_text(query) == "DARPA 協力"
    # Written back as typed, with a correction in place of the typed name.
    assert to_text(parse("防衛装備町 DARPA"), {"防衛装備町": "防衛装備庁"}) == "防衛装備庁 DARPA"
    assert japanese.name_words("防衛装備庁").split("\n") == [
        "防衛 装備 庁",
        "ぼうえい そうび ちょう ぼうえいそうびちょう",
    ]


def test_a_changed_japanese_name_is_found_at_once_with_its_neighbours(client, make):
    agency = make.agency("Kestrel Works", name_ja="ケストレル工業")
    agreement = make.agreement("Kestrel pact", name_ja="協定甲")
    agreement.parties.add(agency)
    assert {r["slug"] for r in results(client, "ケストレル工業")} == {agency.slug, agreement.slug}

    agency.name_ja = "ハヤブサ重工"
    agency.aliases_ja = ["隼"]
    agency.save()
    assert results(client, "ケストレル工業") == []
    # The agency by its new name and alias, and the agreement that names it.
    assert [r["slug"] for r in results(client, "ハヤブサ重工")] == [agency.slug, agreement.slug]
    # The alias is the agency's (and 隼 is ハヤブサ written in kanji: the agreement
    # naming ハヤブサ重工 has the word too).
    assert results(client, "隼")[0]["slug"] == agency.slug
    assert [
        r["slug"] for r in client.get("/search/suggest/", {"q": "はやぶさ"}).json()["results"]
    ] == [agency.slug]

    call_command("rebuild_search_index", stdout=StringIO())
    assert [r["slug"] for r in results(client, "ハヤブサ重工")] == [agency.slug, agreement.slug]


@pytest.mark.parametrize("q", ["防衛装備庁", "防衛装備町", "DARPA 協力", "ぼうえいしょう"])
def test_japanese_search_pages_take_a_fixed_number_of_queries(
    client, seed_data, django_assert_max_num_queries, q
):
    with django_assert_max_num_queries(SEARCH_QUERIES):
        assert client.get("/search/", {"q": q}).status_code == 200
    with django_assert_max_num_queries(TYPEAHEAD_QUERIES):
        assert client.get("/search/suggest/", {"q": q[:2]}).status_code == 200


def test_the_dictionary_is_loaded_once_per_process():
    japanese.words("防衛装備庁")
    assert japanese.tokenizer() is japanese.tokenizer()
    assert japanese._dictionary is not None


def test_list_pages_narrow_by_japanese_words_and_names_cut_short(client, seed_data):
    def slugs(path, q):
        response = client.get(path, {"q": q, "format": "json"})
        assert response.status_code == 200
        return {row["slug"] for row in response.json()["results"]}

    assert {"hypersonics", "aerospace-and-hypersonics"} <= slugs("/technologies/", "極超音速")
    # Half a name, as it is typed: 防衛装 is no word yet, but 防衛装備庁 starts with it.
    assert "atla" in slugs("/agencies/", "防衛装")
