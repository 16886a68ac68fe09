"""The full sign-off path of a Local Area Agreement in a browser (rules L1, L2): the
performance manager drafts a target and submits; the Government Office returns it with
comments; it is resubmitted, recommended by the Regional Director and approved for the
Secretary of State. Every page on the way is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from localperf.accounts.models import Role, User
from localperf.organisations.models import Organisation
from tests.browser.accessibility import assert_accessible

PASSWORD = "browser-test-password-42"


@pytest.fixture
def people(live_reference):
    def user(username: str, role: str, slug: str) -> str:
        User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            organisation=Organisation.objects.get(slug=slug),
            first_name=username.title(),
        )
        return username

    return {
        "pm": user("kim", Role.PERFORMANCE_MANAGER, "kent-county-council"),
        "locality": user("lou", Role.GO_LOCALITY_MANAGER, "go-south-east"),
        "director": user("reg", Role.GO_REGIONAL_DIRECTOR, "go-south-east"),
        "approver": user("sam", Role.CENTRAL_APPROVER, "clg"),
    }


def sign_in(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))


def open_agreement(page, agreement_url: str) -> None:
    page.goto(agreement_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Kent Local Area Agreement 2008–11"


def take_step(page, button: str, comment: str = "") -> None:
    page.get_by_role("button", name=button).click()  # the link styled as a button
    assert page.get_by_role("heading", level=1).inner_text() == button
    assert_accessible(page)
    if comment:
        page.get_by_label("Comments").fill(comment)
    page.get_by_role("button", name=button).click()


def status(page) -> str:
    return page.locator("#agreement-status .govuk-tag").inner_text()


def test_an_agreement_goes_from_draft_to_approval(page, people):
    # The performance manager creates the draft.
    sign_in(page, people["pm"])
    page.goto("/agreements/")
    assert_accessible(page)
    page.get_by_role("button", name="Create a Local Area Agreement").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create draft agreement").click()
    page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    agreement_url = page.url
    assert status(page) == "Draft"
    assert_accessible(page)

    # A target with a year missing is refused, with an error summary.
    page.get_by_role("button", name="Add a target").click()
    page.get_by_label("Designated target (one of the up to 35)").check()
    page.get_by_label("Indicator", exact=True).select_option(
        label="NI 112: Under 18 conception rate"
    )
    page.get_by_label("What the target aims to achieve").fill("Reduce the under-18 conception rate")
    page.get_by_label("Theme", exact=True).select_option(label="Children and Young People")
    page.get_by_label("Baseline value").fill("-12.5")
    page.get_by_label("Baseline period").fill("1998")
    page.get_by_label("Target for 2008/09").fill("-20")
    page.get_by_label("Target for 2010/11").fill("-35")
    page.get_by_label("Ashford Borough Council").check()
    page.get_by_role("button", name="Save target").click()
    expect(page).to_have_title(re.compile("^Error: "))  # waits for the page to load
    summary = page.locator(".govuk-error-summary")
    assert "Enter a target for 2009/10" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    page.get_by_label("Target for 2009/10").fill("-27.5")
    page.get_by_role("button", name="Save target").click()
    page.wait_for_url(agreement_url + "targets/")  # back to the Targets page
    assert "Target on NI 112 saved." in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    # The target's own page shows its partners and versions.
    page.get_by_role("link", name=re.compile("NI 112")).click()
    expect(page.locator("body")).to_contain_text("Duty to have regard (partner authority)")
    assert_accessible(page)
    open_agreement(page, agreement_url)

    take_step(page, "Submit to the Government Office")
    page.wait_for_url(agreement_url)
    assert status(page) == "Submitted to the Government Office"
    sign_out(page)

    # The locality manager returns it; a comment is required.
    sign_in(page, people["locality"])
    open_agreement(page, agreement_url)
    assert_accessible(page)
    take_step(page, "Return with comments")
    expect(page).to_have_title(re.compile("^Error: "))  # waits for the page to load
    assert_accessible(page)
    page.get_by_label("Comments").fill("Please add a smoking target with the PCT.")
    page.get_by_role("button", name="Return with comments").click()
    page.wait_for_url(agreement_url)
    assert status(page) == "Returned with comments"
    sign_out(page)

    # The performance manager resubmits.
    sign_in(page, people["pm"])
    open_agreement(page, agreement_url)
    assert "Please add a smoking target with the PCT." in page.content()
    take_step(page, "Submit to the Government Office", "Discussed with the PCT.")
    page.wait_for_url(agreement_url)
    sign_out(page)

    # The Regional Director recommends it; the Secretary of State's approver approves it.
    sign_in(page, people["director"])
    open_agreement(page, agreement_url)
    take_step(page, "Recommend sign-off", "All negotiating points resolved.")
    page.wait_for_url(agreement_url)
    assert status(page) == "Recommended by the Regional Director"
    sign_out(page)

    # rules A2, L2: before deciding, the approver sees what is being signed: the targets
    # against the limit of 35, the open points and every comment so far.
    sign_in(page, people["approver"])
    open_agreement(page, agreement_url)
    page.get_by_role("button", name="Approve for the Secretary of State").click()
    summary = page.locator("#signoff-summary")
    expect(summary).to_contain_text("1 of up to 35")
    expect(summary).to_contain_text("Please add a smoking target with the PCT.")
    expect(summary).to_contain_text("All negotiating points resolved.")
    assert_accessible(page)
    page.get_by_role("button", name="Approve for the Secretary of State").click()
    page.wait_for_url(agreement_url)
    assert status(page) == "Approved by the Secretary of State"
    page.locator(".lp-subnav").get_by_role("link", name="History").click()
    history = page.locator("table", has_text="What happened").inner_text()
    for step in [
        "Submitted to the Government Office",
        "Returned with comments by the Government Office",
        "Resubmitted to the Government Office",
        "Recommended for sign-off by the Regional Director",
        "Approved by the Secretary of State",
    ]:
        assert step in history
    assert "Agreement approved by the Secretary of State" in page.content()
    assert_accessible(page)
