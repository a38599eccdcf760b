"""axe-core in the real browser over one page of each kind, at 1280 and 360 px.

No serious, moderate (or critical) violation. axe-core comes from the pinned npm
package in tools/validators/ (`make validators`, run by `make test`); it is
injected into each page, so the context bypasses the site's CSP for it alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.readers.pages import pages_of_each_kind

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parents[2] / "tools/validators/node_modules/axe-core/axe.min.js"
FAILING_IMPACTS = {"critical", "serious", "moderate"}


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: run `make validators`")
@pytest.mark.parametrize("width", [1280, 360])
def test_no_serious_or_moderate_accessibility_violation(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []
    for name, path in pages_of_each_kind().items():
        page.goto(site.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        for violation in violations:
            if violation["impact"] in FAILING_IMPACTS:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                found.append(
                    f"{name} @{width}px: {violation['id']} ({violation['impact']}) {targets}"
                )
    context.close()
    assert found == [], "\n".join(found)
