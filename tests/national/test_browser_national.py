"""The national pages in a browser, checked with axe-core (WCAG 2.2 AA): a central
analyst looks at the selection table, one indicator across all areas and an area's
evidence; an inspector records a flag."""

from __future__ import annotations

import re

import pytest

from localperf.accounts.models import Role, User
from localperf.organisations.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.national.fixtures import national_figures

pytestmark = pytest.mark.browser
PASSWORD = "browser-test-password-42"


@pytest.fixture
def people(live_reference):
    national_figures()
    for username, role, slug in (
        ("ann", Role.CENTRAL_ANALYST, "clg"),
        ("ina", Role.INSPECTOR, "audit-commission"),
    ):
        User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            organisation=Organisation.objects.get(slug=slug),
            first_name=username.title(),
        )


def sign_in(page, username: str) -> None:
    # The national pages compute over every area: allow a loaded test machine more time.
    page.set_default_timeout(60_000)
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_national_pages_are_accessible(page, people):
    sign_in(page, "ann")
    page.goto("/national/")
    assert_accessible(page)
    page.get_by_role("link", name="Indicator selection across agreements").click()
    assert_accessible(page)
    page.goto("/national/selection/?by=region")
    assert_accessible(page)
    page.goto("/national/indicator/")
    page.get_by_label("Measure").fill("NI 117")
    page.get_by_label("Period").fill("2009/10")
    page.get_by_role("button", name="Show the picture").click()
    assert page.get_by_role("heading", level=1).inner_text() == "NI 117, 2009/10: every area"
    assert page.get_by_role("img", name=re.compile("one bar per area")).count() == 1
    assert_accessible(page)
    page.goto("/national/comparators/new/")
    assert_accessible(page)
    page.goto("/national/regions/E12000008/")
    assert_accessible(page)
    page.goto("/national/areas/E10000016/")
    assert_accessible(page)


def test_an_inspector_records_a_flag(page, people):
    sign_in(page, "ina")
    page.goto("/national/areas/E10000016/flags/new/")
    assert_accessible(page)
    page.get_by_label("Green flag").check()
    page.get_by_label("What the flag is about").fill("Joint commissioning")
    page.get_by_label("Rationale").fill("An example others could learn from.")
    page.get_by_role("button", name="Record the flag").click()
    page.wait_for_url(re.compile(r"/flags/$"))
    assert "Joint commissioning" in page.content()
    assert_accessible(page)
