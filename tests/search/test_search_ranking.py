"""What comes first for the queries people actually type, on the real fixtures.

The same expectations hold on SQLite (FTS5, bm25) and PostgreSQL (tsvector,
ts_rank): a user must not be able to tell which database answers.
"""

import pytest

pytestmark = pytest.mark.django_db


def first(client, q: str, n: int = 1, **params) -> list[str]:
    response = client.get("/search/", {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return [r["slug"] for r in response.json()["results"][:n]]


def every(client, q: str) -> set[str]:
    slugs, page = set(), 1
    while True:
        data = client.get("/search/", {"q": q, "format": "json", "page": page}).json()
        slugs |= {r["slug"] for r in data["results"]}
        if not data["next"]:
            return slugs
        page += 1


@pytest.mark.parametrize(
    ("q", "expected_first"),
    [
        # An exact acronym or name first.
        ("SOSA", "security-of-supply-arrangement"),
        ("sosa", "security-of-supply-arrangement"),
        ("DARPA", "darpa"),
        ("darpa", "darpa"),
        ("Defense Advanced Research Projects Agency", "darpa"),
        ("JHLC", "jhlc"),
        ("MHI", "mitsubishi-heavy-industries"),
        ("Mitsubishi", "mitsubishi-heavy-industries"),
        ("ATLA", "atla"),
        ("JSDF", "japan-self-defense-forces"),
        ("Raytheon", "raytheon"),
        ("Ministry of Defense", "japan-ministry-of-defense"),
        ("5G", "5g"),
        # Names with dotted abbreviations (one token to PostgreSQL's parser).
        ("U.S. Department of Defense", "us-department-of-defense"),
        ("U.S.–Japan Security of Supply Arrangement", "security-of-supply-arrangement"),
        # A technology by its name, a plural, or an alias.
        ("hypersonic", "hypersonics"),
        ("hypersonics", "hypersonics"),
        ("drones", "drones"),
        ("UAV", "drones"),
        ("AI", "artificial-intelligence"),
        ("artificial intelligence", "artificial-intelligence"),
        ("quantum", "quantum-technology"),
        ("space", "space-technologies"),
        ("semiconductor supply chain", "semiconductors"),
        ("missile defense", "ballistic-missile-defense"),
        # Events and agreements by the words of their names.
        ("1988 agreement", "us-japan-science-and-technology-agreement-1988"),
        ("next generation fighter", "next-generation-combat-aircraft"),
    ],
)
def test_the_first_result_is_the_one_people_expect(client, seed_data, q, expected_first):
    assert first(client, q) == [expected_first]


SUMMITS = {
    "kishida-biden-summit-tokyo-2022",
    "kishida-biden-summit-2023",
    "kishida-biden-state-visit-summit-2024",
}


def test_entries_naming_more_of_the_words_come_before_those_that_mention_them(client, seed_data):
    # The three Kishida–Biden summits name all three words; the Kishida–Biden
    # agreement names two; Robotics only mentions them in its description.
    top = first(client, "Kishida Biden summit", 20)
    assert set(top[:3]) == SUMMITS
    assert top[3] == "kishida-biden-dual-use-technology-cooperation"
    assert top.index("kishida-biden-dual-use-technology-cooperation") < top.index("robotics")


def test_dotted_abbreviations_are_found_on_both_databases(client, seed_data):
    us = every(client, "U.S.")
    assert {"us-department-of-defense", "us-armed-forces"} <= us
    # "U.S." is not "U.N." or "U.K.": the United Nations entry never says U.S.
    assert "united-nations" not in us


def test_possessives_find_the_plain_word(client, seed_data):
    assert every(client, "Japan's") == every(client, "Japan")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hypersonic AND missiles", "hypersonic missiles"),
        ("hypersonic NOT missiles", "hypersonic -missiles"),
        ("hypersonic | drones", "hypersonic OR drones"),
        ("the hypersonic missiles", "hypersonic missiles"),
    ],
)
def test_boolean_habits_mean_what_people_expect(client, seed_data, typed, meant):
    assert every(client, typed) == every(client, meant)
    assert first(client, typed, 3) == first(client, meant, 3)
