"""Lists on the real fixtures (module-scoped seed data): content, drafts, twins."""

import csv
import io

import pytest

from cooperation.models import Agency, Agreement, Event, Source, Technology

from . import factories as f
from .test_lists import get_json

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "model", "label"),
    [
        ("/agreements/", Agreement, "name"),
        ("/agencies/", Agency, "name"),
        ("/technologies/", Technology, "name"),
        ("/events/", Event, "name"),
        ("/sources/", Source, "title"),
    ],
)
def test_each_list_shows_published_entries_with_count(client, seed_data, path, model, label):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    total = model.objects.published().count()
    assert f"<strong>{total}</strong> result" in html
    first = model.objects.published().order_by(label).first()
    data = get_json(client, path, {"q": getattr(first, label)[:40]})
    assert first.slug in [r["slug"] for r in data["results"]]
    assert 'aria-current="page">' in html  # the nav marks the current list


def test_drafts_never_listed(client, seed_data):
    draft = f.agreement(name="Secret draft accord", publication_status="draft")
    html = client.get("/agreements/").content.decode()
    assert "Secret draft accord" not in html
    data = get_json(client, "/agreements/", {"q": "Secret draft"})
    assert data["count"] == 0
    rows = csv.DictReader(
        io.StringIO(client.get("/agreements/", {"format": "csv"}).getvalue().decode())
    )
    assert draft.slug not in {row["slug"] for row in rows}


@pytest.mark.parametrize("path", ["/agencies/", "/technologies/", "/events/", "/sources/"])
def test_every_list_has_csv_and_json(client, seed_data, path):
    response = client.get(path, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "slug" and len(rows) > 1
    data = get_json(client, path)
    assert data["count"] == len(rows) - 1
