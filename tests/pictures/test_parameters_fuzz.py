"""Whatever a user puts in the query string, the timeline and the list feeds answer
200 or a 400 naming the parameter, never a 500 (NUL characters included)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PARAMETERS = ["technology", "agency", "country", "kind", "year_from", "year_to", "format"]
values = st.text(max_size=12) | st.sampled_from(
    ["2023", "summit", "mou", "JP", "hypersonics", "", "\x00"]
)


@pytest.mark.parametrize(
    "url_name", ["cooperation:timeline", "cooperation:agreement-feed", "cooperation:event-feed"]
)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=3))
def test_any_query_is_answered_without_a_server_error(client, seed_data, url_name, query):
    response = client.get(reverse(url_name), query)
    assert response.status_code in (200, 400), (query, response.content[:300])
    if response.status_code == 400:
        body = response.content.decode()
        assert any(name in body for name in query)
