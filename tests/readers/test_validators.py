"""The Nu HTML Checker (vnu) over one page of each kind, in each language: 0 errors.

vnu comes from the pinned npm package in tools/validators/ (`make validators`,
which `make test` runs) and needs Java; without either the test is skipped,
saying why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from .pages import pages_of_each_kind

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "tools/validators/node_modules/vnu-jar/build/dist/vnu.jar"


def missing_validator() -> str:
    if not shutil.which("java"):
        return "java is not installed (apt-get install -y openjdk-17-jre-headless)"
    if not VNU.exists():
        return f"{VNU.relative_to(ROOT)} is missing: run `make validators`"
    return ""


@pytest.mark.skipif(bool(missing_validator()), reason=missing_validator() or "ready")
@pytest.mark.django_db
def test_every_kind_of_page_is_valid_html(seed_data, tmp_path):
    client = Client()
    files = {}
    pages = pages_of_each_kind()
    # The Japanese pages too (issue 15): the same templates, other text and attributes.
    pages |= {f"ja-{name}": f"/ja{path}" for name, path in pages.items() if "admin" not in name}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        assert response["Content-Type"].startswith("text/html"), name
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json"]
        + [str(f) for f in files.values()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
