"""What comes first for queries about the researched record (issue 14), on both databases.

The record from 1954 holds programmes, forums and agencies by the names and acronyms
people use for them; the first result is the entry the query names.
"""

import pytest

pytestmark = pytest.mark.django_db


def first(client, q: str, n: int = 1) -> list[str]:
    response = client.get("/search/", {"q": q, "format": "json"})
    assert response.status_code == 200
    return [r["slug"] for r in response.json()["results"][:n]]


@pytest.mark.parametrize(
    ("q", "expected_first"),
    [
        ("FS-X", "fs-x-co-development"),
        ("glide phase interceptor", "glide-phase-interceptor-cooperative-development"),
        ("SM-3 Block IIA cooperative development", "sm-3-block-iia-cooperative-development"),
        ("reciprocal defense procurement", "reciprocal-defense-procurement-mou-2016"),
        ("RDP MOU", "reciprocal-defense-procurement-mou-2016"),
        ("DICAS", "dicas"),
        ("Mutual Defense Assistance Agreement", "mutual-defense-assistance-agreement-1954"),
        ("MDAA", "mutual-defense-assistance-agreement-1954"),
        ("Patriot", "patriot-licensed-production-1980s"),
        ("GSOMIA", "gsomia-us-japan-2007"),
        ("JMTC", "joint-military-technology-commission"),
        ("TRDI", "technical-research-and-development-institute"),
        ("Missile Defense Agency", "missile-defense-agency"),
        ("Defense Security Cooperation Agency", "defense-security-cooperation-agency"),
        ("Kawasaki Heavy Industries", "kawasaki-heavy-industries"),
        (
            "Three Principles on Transfer of Defense Equipment",
            "three-principles-on-transfer-of-defense-equipment-2014",
        ),
        (
            "space exploration framework agreement",
            "us-japan-space-cooperation-framework-agreement-2023",
        ),
    ],
)
def test_the_record_s_entries_come_first_for_their_names(client, seed_data, q, expected_first):
    assert first(client, q) == [expected_first]


def test_an_agreement_comes_before_the_events_that_name_it_alike(client, seed_data):
    # The co-development arrangement and the announcements about it all name the
    # interceptor; the lasting instrument comes first, then what happened under it.
    top = first(client, "glide phase interceptor", 3)
    assert top[0] == "glide-phase-interceptor-cooperative-development"
    assert "camp-david-gpi-announcement-2023" in top[1:]
