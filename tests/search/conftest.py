import itertools

import pytest

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

_numbers = itertools.count()


@pytest.fixture
def make():
    """Small factories: make.agency(name="X", acronym="Y", publication_status="draft")."""

    class Factory:
        @staticmethod
        def _slug(prefix: str) -> str:
            return f"{prefix}-{next(_numbers)}"

        def agency(self, name, **fields):
            fields.setdefault("kind", "agency")
            fields.setdefault("publication_status", "published")
            return Agency.objects.create(slug=self._slug("agency"), name=name, **fields)

        def technology(self, name, **fields):
            fields.setdefault("publication_status", "published")
            return Technology.objects.create(slug=self._slug("tech"), name=name, **fields)

        def agreement(self, name, **fields):
            fields.setdefault("kind", "mou")
            fields.setdefault("publication_status", "published")
            return Agreement.objects.create(slug=self._slug("agreement"), name=name, **fields)

        def event(self, name, **fields):
            fields.setdefault("kind", "meeting")
            fields.setdefault("publication_status", "published")
            return Event.objects.create(slug=self._slug("event"), name=name, **fields)

        def source(self, title, text, **fields):
            fields.setdefault("publication_status", "published")
            return Source.objects.create(
                slug=self._slug("source"), title=title, text=text, **fields
            )

        def citation(self, source, target, quote):
            return Citation.objects.create(
                source=source, quote=quote, **{target._meta.model_name: target}
            )

    return Factory()
