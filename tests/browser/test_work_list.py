"""The work list in a browser on the demonstration data as at 30 November 2009, checked
with axe-core (WCAG 2.2 AA), with JavaScript on and off: Kent's performance manager sees
the overdue figures with a link straight to the grid at that period and the six-monthly
report due (rule M1); the partner sees the figures it owes and reaches its commitments
with their status (rule A9); the approver's list is judged on the same day (rule L1)."""

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


@pytest.fixture
def demo(live_server, live_reference, settings):
    settings.LOCALPERF_AS_AT = "2009-11-30"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())
    # The first request imports every view: make it before the browser's timeout starts.
    urllib.request.urlopen(live_server.url + "/account/sign-in/", timeout=120).close()
    return Agreement.objects.get(area__code=KENT)


def sign_in(page, username: str) -> None:
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def check_performance_managers_list(page, kent: Agreement) -> None:
    assert page.title() == "Your work – localperf"
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"
    assert page.get_by_text("As at 30 November 2009.").is_visible()
    overdue = page.get_by_role("list", name="Overdue (1)")
    figures = overdue.get_by_role(
        "link", name="Enter 6 overdue figures for 2008/09: Kent Agreement 2"
    )
    assert figures.get_attribute("href") == f"/observations/returns/{kent.pk}/?period=2008%2F09"
    # The demo's 2009/10 H1 report came back from the Government Office: resubmit it.
    # It is owed now: under "Due", with the Government Office's reason beside it.
    due = page.get_by_role("list", name=re.compile(r"^Due \(\d+\)$"))
    assert due.get_by_role(
        "link", name=re.compile(r"^Resubmit the six-monthly progress report for 2009.10 H1")
    ).is_visible()
    assert due.get_by_text(
        re.compile(r"Returned by the Government Office on 16 November 2009")
    ).is_visible()
    waiting = page.get_by_role("list", name=re.compile(r"^Waiting for you \(\d+\)$"))
    assert not waiting.get_by_role("link", name=re.compile("^Resubmit")).count()
    assert page.get_by_label("Day").input_value() == "30"


def test_the_performance_managers_work_list(page, demo):
    sign_in(page, "demo-pm-kent")
    check_performance_managers_list(page, demo)
    assert_accessible(page)
    # Replaying a day keeps it in the boxes.
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("7")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"on_0=1"))
    assert page.get_by_text("As at 1 July 2009.").is_visible()
    assert [page.get_by_label(n).input_value() for n in ("Day", "Month", "Year")] == [
        "1",
        "7",
        "2009",
    ]
    assert_accessible(page)


def test_the_partner_reaches_its_commitments_with_their_status(page, demo):
    sign_in(page, "demo-partner-kent-police")
    assert (
        page.get_by_role("list", name="Overdue (1)")
        .get_by_role("link", name=re.compile(r"overdue figures? you owe for 2008.09"))
        .is_visible()
    )
    assert_accessible(page)
    page.get_by_role("link", name="See your commitments and their status").click()
    assert page.get_by_role("heading", level=1).inner_text() == "My commitments"
    assert page.get_by_role("cell", name=re.compile("Off track")).first.is_visible()
    assert_accessible(page)


def test_the_approvers_list_is_accessible_and_not_stale(page, demo):
    sign_in(page, "demo-approver")
    assert page.get_by_text("As at 30 November 2009.").is_visible()
    assert page.get_by_role("heading", name="Overdue (0)").is_visible()
    assert "Due by 30 June 2008" not in page.content()
    assert_accessible(page)


def test_the_work_list_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, "demo-pm-kent")
        check_performance_managers_list(page, demo)
    finally:
        context.close()
