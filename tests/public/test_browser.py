"""The public pages in a browser: axe-core finds nothing on any of them, and each one
renders fully, search included, with JavaScript turned off (WCAG 2.2 AA, issue 6)."""

from __future__ import annotations

import pytest

from localperf.agreements.models import Agreement
from tests.browser.accessibility import assert_accessible
from tests.public.conftest import KENT, load_public_data

pytestmark = pytest.mark.browser


@pytest.fixture
def public_urls(live_reference) -> list[str]:
    load_public_data()
    kent = Agreement.objects.get(area__code=KENT)
    target = kent.targets.get(indicator__number=111, category="designated")
    return [
        "/public/",
        "/public/?q=Camden",
        f"/public/areas/{KENT}/",
        f"/public/areas/{KENT}/targets/{target.pk}/",
        "/public/open-data/",
    ]


def test_every_public_page_passes_axe(page, public_urls):
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    for url in public_urls:
        page.goto(url)
        assert page.get_by_role("heading", level=1).is_visible(), url
        assert_accessible(page)


def test_every_public_page_works_without_javascript(browser, live_server, public_urls):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        for url in public_urls:
            page.goto(url)
            assert page.get_by_role("heading", level=1).is_visible(), url
            assert page.locator("table").count() >= 1, url
        # Search is a plain form: it finds Kent and goes to its page.
        page.goto("/public/")
        page.get_by_label("Find an area").fill("Kent")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(f"**/public/areas/{KENT}/")
        assert page.locator("figure svg[role=img]").count() == 1
        page.get_by_role(
            "link", name="Fewer young people entering the youth justice system"
        ).first.click()
        assert page.locator("figure svg[role=img] polyline").count() >= 1
        assert "Target, published figure and status by period" in page.content()
    finally:
        context.close()
