"""The entry grid on a phone (390 px wide), on the demonstration data as at 30 November
2009: each row is a card (measure, target, previous figure, the figure to enter, the
reason for a change), so the page never scrolls sideways; axe-core finds no WCAG 2.2
A/AA violation (rule M6: the grid is one of the ways figures are entered)."""

from __future__ import annotations

import re
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command

from localperf.agreements.models import Agreement
from localperf.demo.loading import DEMO_PASSWORD
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser
KENT = "E10000016"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def kent(live_server, live_reference, settings):
    settings.LOCALPERF_AS_AT = "2009-11-30"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())
    urllib.request.urlopen(live_server.url + "/account/sign-in/", timeout=120).close()
    return Agreement.objects.get(area__code=KENT)


def page_is_wider_than_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("period", ["2008/09", "2009/10 Q2"])
def test_the_grid_stacks_into_cards_on_a_phone(browser, live_server, kent, period):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("demo-pm-kent")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/observations/returns/{kent.pk}/?period={period}")
    assert page.get_by_role("heading", level=1).inner_text() == f"Figures for {period}"
    assert not page_is_wider_than_the_screen(page)
    # Each row is a card no wider than the screen, its cells one under another.
    first = page.locator("#return-grid tbody tr").first
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    cells = first.locator("td")
    assert cells.first.evaluate("c => getComputedStyle(c).display") == "block"
    assert cells.nth(1).bounding_box()["y"] > cells.first.bounding_box()["y"]
    # The figure box is still reachable and named.
    box = first.get_by_label(re.compile(r"^Figure for "))
    box.fill("12")
    assert not page_is_wider_than_the_screen(page)
    assert_accessible(page)
    context.close()
