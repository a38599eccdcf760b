"""One row that changes whenever published content may have changed.

The public pages are cached per content version (cooperation/page_cache.py): a
request reads the version (one primary-key query) and serves the page stored
under it, or renders and stores it. Any write to the content gives the row a
new random token, so every cached page is out of date at once, on every worker.
A random token, not a counter: a rolled-back transaction must not hand a later
one a version that was already used for other content.
"""

from __future__ import annotations

import secrets

from django.db import connection, models
from django.utils import timezone

SINGLETON = 1
CURRENT_SQL = "SELECT token FROM cooperation_contentversion WHERE id = %s"


def new_token() -> str:
    return secrets.token_hex(8)


class ContentVersion(models.Model):
    token = models.CharField(max_length=16, default=new_token)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=SINGLETON), name="contentversion_singleton"
            )
        ]

    def __str__(self) -> str:
        return f"content version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls) -> str:
        # Read on every request the page cache answers, where it was most of the
        # cost: plain SQL, without building a queryset each time.
        with connection.cursor() as cursor:
            cursor.execute(CURRENT_SQL, [SINGLETON])
            row = cursor.fetchone()
        return row[0] if row else cls.bump()

    @classmethod
    def bump(cls) -> str:
        """Mark every cached page stale; inside the caller's transaction, if any."""
        token = new_token()
        updated = cls.objects.filter(pk=SINGLETON).update(token=token, changed_at=timezone.now())
        if not updated:
            cls.objects.update_or_create(
                pk=SINGLETON, defaults={"token": token, "changed_at": timezone.now()}
            )
        return token
