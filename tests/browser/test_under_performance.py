"""Rule M4 in a browser: the Government Office's locality manager records a step for
under-performance on Kent's approved agreement (refused first for a missing reason and a
future date), and Kent's performance manager finds it from the agreement page and from
the home page's links. Every page is checked with axe-core."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from localperf.accounts.models import Role, User
from localperf.organisations.models import Organisation
from tests.agreements.factories import approved_kent, make_partners
from tests.browser.accessibility import assert_accessible

PASSWORD = "browser-test-password-42"


@pytest.fixture
def kent(live_reference):
    def user(key: str, role: str, slug: str) -> User:
        return User.objects.create_user(
            username=key,
            password=PASSWORD,
            role=role,
            organisation=Organisation.objects.get(slug=slug),
            first_name=key.title(),
        )

    users = {
        "pm": user("kim", Role.PERFORMANCE_MANAGER, "kent-county-council"),
        "go_lm": user("lou", Role.GO_LOCALITY_MANAGER, "go-south-east"),
        "go_rd": user("reg", Role.GO_REGIONAL_DIRECTOR, "go-south-east"),
        "approver": user("sam", Role.CENTRAL_APPROVER, "clg"),
    }
    partners = make_partners(Organisation.objects.get(slug="kent-county-council").area)
    agreement, _, _ = approved_kent(users, partners)
    return agreement


def sign_in(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def fill_date(page, day: datetime.date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_the_government_office_records_a_step_and_the_partnership_sees_it(page, kent):
    sign_in(page, "lou")
    assert_accessible(page)  # the home page with its work lists
    page.goto(f"/agreements/{kent.pk}/")
    page.get_by_role("link", name="See the steps for under-performance").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Steps for under-performance"
    assert "No steps have been taken" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Record a step").click()
    assert_accessible(page)
    page.get_by_label(
        "Step 2: More regular monitoring of performance from the Government Office"
    ).check()
    page.get_by_label("For which target? (optional)").select_option(label="NI 112: Improve NI 112")
    fill_date(page, datetime.date.today() + datetime.timedelta(days=7))
    page.get_by_role("button", name="Record the step").click()
    expect(page).to_have_title(re.compile("^Error: "))  # waits for the page to load
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the reason for taking this step." in summary
    assert_accessible(page)

    page.get_by_label("Reason").fill("Under-18 conceptions rose for a second year.")
    page.get_by_role("button", name="Record the step").click()
    assert "must be today or in the past" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    fill_date(page, datetime.date(2009, 9, 14))
    page.get_by_role("button", name="Record the step").click()
    page.wait_for_url(re.compile(rf"/agreements/{kent.pk}/under-performance/$"))
    assert "Step recorded" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))

    # The performance manager of the partnership sees it, and may not record one.
    sign_in(page, "kim")
    page.goto(f"/agreements/{kent.pk}/")
    assert "Latest step, taken on 14 September 2009" in page.content()
    page.get_by_role("link", name="See the steps for under-performance").click()
    history = page.locator("table").inner_text()
    assert "Step 2 of 6: More regular monitoring of performance from the Government Office" in (
        history
    )
    assert "NI 112" in history and "Under-18 conceptions rose" in history
    assert page.get_by_role("button", name="Record a step").count() == 0
    assert_accessible(page)
    page.goto("/timetable/")
    assert_accessible(page)
