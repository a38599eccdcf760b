"""Which language a request is answered in, and where the same page is in the others.

Public pages: English at their permalinks, Japanese under /ja/ (cooperation/urls.py),
whatever the browser prefers, so a shared link shows what its sender saw. The admin,
outside the prefixed routes, follows the curator's browser (or language cookie):
Django's own LocaleMiddleware would pin everything unprefixed to LANGUAGE_CODE.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


@functools.cache
def _admin_prefix() -> str:
    return reverse("admin:index")


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(_admin_prefix()):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request: HttpRequest, response):
        if request.path_info.startswith(_admin_prefix()):
            return super().process_response(request, response)
        # A public page's language is its address's, so it does not vary with the
        # browser's Accept-Language: Django's Vary would split every shared cache's
        # copies of the English pages by browser language for nothing.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def unprefixed_path(path: str) -> str:
    """The path without its language prefix: "/ja/agreements/" -> "/agreements/"."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        return path[len(language) + 1 :] or "/"
    return path


def path_in(language: str, path: str) -> str:
    """The same page in `language`: English unprefixed, any other under /<code>/."""
    neutral = unprefixed_path(path)
    return neutral if language == settings.LANGUAGE_CODE else f"/{language}{neutral}"


def alternates(request: HttpRequest, query: str | None = None) -> list[dict]:
    """This page in each language, query string kept (filters, page number), or the
    `query` the page says it answered (a search cuts a query too long to run)."""
    query = request.META.get("QUERY_STRING", "") if query is None else query
    prefix = request.path[: len(request.path) - len(request.path_info)]  # SCRIPT_NAME
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = prefix + path_in(code, request.path_info) + (f"?{query}" if query else "")
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return links
