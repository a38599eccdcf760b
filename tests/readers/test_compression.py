"""Public pages and feeds go out compressed; pages with a CSRF token never do (BREACH)."""

from __future__ import annotations

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browse import factories as make

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    "url",
    ["/", "/agreements/", "/agreements/?view=table", "/feed/", "/changes/feed/", "/sitemap.xml"],
)
def test_public_pages_and_feeds_are_compressed(client, url):
    make.agreement(name="A compressed agreement")
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    text = gzip.decompress(content(response)).decode()
    assert "<" in text
    plain = client.get(url)
    assert "Content-Encoding" not in plain


def test_an_entity_page_is_compressed_and_reads_the_same(client):
    agreement = make.agreement(name="Readable after gzip")
    response = client.get(agreement.get_absolute_url(), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Readable after gzip" in gzip.decompress(content(response)).decode()


def test_pages_with_a_csrf_token_or_for_a_signed_in_user_are_not_compressed(client):
    response = client.get(reverse("admin:login"), **GZIP)
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response
    staff = get_user_model().objects.create_user("curator", password="x" * 20, is_staff=True)
    client.force_login(staff)
    for url in ("/agreements/", reverse("admin:index")):
        response = client.get(url, **GZIP)
        assert response.status_code == 200
        assert "Content-Encoding" not in response, url
