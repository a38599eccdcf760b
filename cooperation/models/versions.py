"""Content versions: one row per kind of entry, changed whenever its content may have.

The public pages are cached per content version (cooperation/page_cache.py). Each
cached page names the kinds of entry it shows (a list of agreements shows agreements,
their parties and their areas, never a source); a request reads the versions of those
kinds (one query) and serves the page stored under them, or renders and stores it.
A write gives the kinds it changed new random tokens, so every cached page that could
show the change is out of date at once, on every worker, and the others stay cached.
Random tokens, not counters: a rolled-back transaction must not hand a later one a
version that was already used for other content.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

CURRENT_SQL = "SELECT scope, token FROM cooperation_contentversion WHERE scope IN ({})"


def new_token() -> str:
    return secrets.token_hex(8)


class ContentVersion(models.Model):
    scope = models.CharField(
        max_length=20, unique=True, help_text="The kind of entry whose content this versions."
    )
    token = models.CharField(max_length=16, default=new_token)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.scope} version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls, scopes: Iterable[str]) -> str:
        """One token for the content of these kinds together: it changes when any does."""
        scopes = sorted(set(scopes))
        # Read on every request the page cache answers, where it is most of the cost:
        # plain SQL, without building a queryset each time.
        with connection.cursor() as cursor:
            cursor.execute(CURRENT_SQL.format(", ".join(["%s"] * len(scopes))), scopes)
            tokens = dict(cursor.fetchall())
        if missing := [s for s in scopes if s not in tokens]:
            token = cls.bump(missing)
            tokens.update(dict.fromkeys(missing, token))
        return ".".join(tokens[s] for s in scopes)

    @classmethod
    def bump(cls, scopes: Iterable[str]) -> str:
        """Mark every cached page showing these kinds stale; inside the caller's
        transaction, if any. Returns their new token."""
        scopes, token, now = set(scopes), new_token(), timezone.now()
        updated = cls.objects.filter(scope__in=scopes).update(token=token, changed_at=now)
        if updated < len(scopes):
            known = set(cls.objects.filter(scope__in=scopes).values_list("scope", flat=True))
            cls.objects.bulk_create(
                [cls(scope=s, token=token, changed_at=now) for s in scopes - known],
                ignore_conflicts=True,  # a concurrent request created it: ours is as new
            )
        return token
