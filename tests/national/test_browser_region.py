"""The region view's progress reports in a browser, checked with axe-core (WCAG 2.2
AA), with JavaScript on and off: a Government Office locality manager sees Kent's draft
report past its timetable date marked overdue."""

from __future__ import annotations

import datetime
import re

import pytest

from localperf.places.models import Area
from localperf.reports import services as reports
from localperf.reviews.models import CycleYear, Milestone, MilestoneKind, Responsible
from tests.agreements.factories import make_partners, make_users
from tests.browser.accessibility import assert_accessible
from tests.national.fixtures import KENT, SOUTH_EAST, kent_agreement

pytestmark = pytest.mark.browser
PASSWORD = "browser-test-password-42"


@pytest.fixture
def region_with_reports(live_reference, settings):
    settings.LOCALPERF_AS_AT = "2010-06-01"
    make_partners(Area.objects.get(code=KENT))
    users = make_users(password=PASSWORD)
    agreement, _ = kent_agreement(users)
    reports.report_create(user=users["pm"], agreement=agreement, period_label="2009/10 H1")
    Milestone.objects.create(
        cycle=CycleYear.objects.get_or_create(first_year=2009)[0],
        kind=MilestoneKind.PROGRESS_REPORT,
        due_on=datetime.date(2009, 10, 31),
        responsible=Responsible.LSP,
    )
    return users


def sign_in(page, username: str) -> None:
    page.set_default_timeout(60_000)  # a loaded shared machine; not a speed check
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def check_region_page(page) -> None:
    page.goto(f"/national/regions/{SOUTH_EAST}/")
    assert page.get_by_role("heading", name="Progress reports").is_visible()
    assert page.get_by_text("Overdue", exact=True).first.is_visible()
    assert page.get_by_role("link", name="Six-monthly progress report for 2009/10 H1").is_visible()


def test_the_region_view_with_reports_is_accessible(page, region_with_reports):
    sign_in(page, region_with_reports["go_lm"].username)
    check_region_page(page)
    assert_accessible(page)


def test_the_region_view_works_without_javascript(browser, live_server, region_with_reports):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, region_with_reports["go_lm"].username)
        check_region_page(page)
    finally:
        context.close()
