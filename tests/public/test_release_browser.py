"""Releasing provisional figures in a browser, from the agreement page: axe-core finds
nothing (WCAG 2.2 AA) and the form works the same with JavaScript off."""

from __future__ import annotations

import re

import pytest

from localperf.agreements.models import Agreement
from localperf.demo.loading import DEMO_PASSWORD
from localperf.observations.models import Release
from tests.browser.accessibility import assert_accessible
from tests.public.conftest import KENT, load_public_data

pytestmark = pytest.mark.browser


@pytest.fixture
def kent(live_reference) -> Agreement:
    load_public_data()
    return Agreement.objects.get(area__code=KENT)


def release_from_the_agreement_page(page, agreement: Agreement, *, check_axe: bool) -> None:
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("demo-pm-kent")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("link", name="Release provisional figures for Kent").click()
    page.wait_for_url(re.compile(r"/observations/releases/"))
    assert "2010/11" in page.locator("#waiting").inner_text()
    if check_axe:
        assert_accessible(page)
    page.get_by_label("Measure").select_option("NI 111")
    page.get_by_label("Note (optional)").fill("Agreed at the board")
    page.get_by_role("button", name="Release these figures").click()
    page.wait_for_url(re.compile(r"/observations/releases/$"))
    assert "Released 1 provisional figure (Kent, NI 111, every period)" in page.content()
    assert "Agreed at the board" in page.locator("#releases-made").inner_text()
    if check_axe:
        assert_accessible(page)
    assert Release.objects.filter(note="Agreed at the board").count() == 1


def test_releasing_from_the_agreement_page_is_accessible(page, kent):
    release_from_the_agreement_page(page, kent, check_axe=True)


def test_releasing_works_without_javascript(browser, live_server, kent):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        release_from_the_agreement_page(page, kent, check_axe=False)
    finally:
        context.close()
