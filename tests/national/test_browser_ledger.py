"""The collect-once ledger in a browser (rule M6), checked with axe-core (WCAG 2.2 AA)
with JavaScript on and off: the analyst's whole ledger at /national/ledger/ (rule N1)
and the public's, of released figures only, at /public/compare/ledger/ (rule M2). Each
page's national totals are the API's (one ledger)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from localperf.accounts.models import User
from localperf.observations.importing.services import observation_import
from tests.agreements.factories import make_user, org
from tests.agreements.maa_factories import approve_maa, greater_manchester
from tests.browser.accessibility import assert_accessible
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.browser
PASSWORD = "browser-test-password-42"
MANCHESTER, SALFORD = "E08000003", "E08000006"


@pytest.fixture
def ledger(live_reference):
    """Greater Manchester's MAA carrying Manchester's LAA target (rule X2), three figures
    returned by file: two final, one provisional and unreleased."""
    setup = greater_manchester(link=True)
    approve_maa(setup)
    manchester = (row("NI 152", MANCHESTER, "2008/09", value="17", status="final"),
                  row("NI 152", MANCHESTER, "2009/10", value="15"))  # fmt: skip
    salford = (row("NI 152", SALFORD, "2008/09", value="12", status="final"),)
    for rows, user in ((manchester, setup.users["pm_manchester"]), (salford, None)):
        result = observation_import(file=csv_of(*rows), file_name="returns.csv", user=user,
                                    dry_run=False)  # fmt: skip
        assert result.status == "committed", result.problems
    make_user("central_analyst", org("clg"), "ledger-browser-analyst", password=PASSWORD)


def sign_in(page, username: str) -> None:
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def summary(page) -> list[int]:
    return [int(s) for s in page.locator("#ledger-summary strong").all_inner_texts()]


def check_ledger(page, api: dict, *, supplied: int) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Collect once, use many times: the ledger"
    )
    totals = api["totals"]
    assert summary(page) == [supplied, totals["uses_in_all"], totals["duplicates_avoided"]]
    assert totals["supplied"] == supplied
    table = page.locator("#ledger-table")
    assert table.get_by_role("rowheader", name="Manchester").count() >= 1
    assert page.get_by_role("link", name="Download as CSV").is_visible()
    # The method is a plain <details>: it opens with or without JavaScript.
    page.get_by_text("How the ledger counts").click()
    assert page.get_by_text("Only approved and in-force agreements count.").is_visible()


def check_pages(page, *, axe: bool = True) -> None:
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    page.goto("/public/compare/ledger/")
    check_ledger(page, Client().get("/api/v1/ledger").json(), supplied=2)
    assert "2009/10" not in page.locator("#ledger-table").inner_text()  # not released
    assert "ledger-browser-analyst" not in page.content()
    if axe:
        assert_accessible(page)
    sign_in(page, "ledger-browser-analyst")
    page.goto("/national/ledger/")
    analyst = Client()
    analyst.force_login(User.objects.get(username="ledger-browser-analyst"))
    check_ledger(page, analyst.get("/api/v1/national/ledger").json(), supplied=3)
    assert "2009/10" in page.locator("#ledger-table").inner_text()
    if axe:
        assert_accessible(page)


def test_the_ledger_pages_are_accessible(page, ledger):
    check_pages(page)


def test_the_ledger_pages_work_without_javascript(browser, live_server, ledger):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        check_pages(page, axe=False)  # axe-core is JavaScript: it cannot run here
    finally:
        context.close()
    # The pages as a browser without JavaScript has them (our scripts never run), judged
    # by axe-core, which runs through the DevTools protocol, not as a page script.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    page = context.new_page()
    try:
        check_pages(page)
    finally:
        context.close()
