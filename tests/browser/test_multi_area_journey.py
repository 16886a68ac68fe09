"""A Multi Area Agreement's sign-off in a browser (rule X1): the Regional Director's
recommendation is refused, naming who has not signed; Bolton's performance manager signs
from the agreement page; then the recommendation goes through. The MAA page, the sign
page and the MAA's dashboard are checked with axe-core."""

import re

from playwright.sync_api import expect

from localperf.agreements import services
from tests.agreements.maa_factories import (
    approve_maa,
    greater_manchester,
    gva_per_head,
    maa_own_target,
    record_gva,
)
from tests.browser.accessibility import assert_accessible

PASSWORD = "test-password-123"  # tests.agreements.factories.make_user's


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_an_maa_is_recommended_only_once_every_party_has_signed(page):
    # rule X1
    # The machine is shared: a first page can take longer than the usual ten seconds.
    page.set_default_timeout(30_000)
    gm = greater_manchester()
    maa_own_target(gm)
    users = gm.users
    services.agreement_submit(user=users["pm_manchester"], agreement=gm.maa)
    for key in ("pm_manchester", "pm_salford", "partner"):
        services.maa_sign(user=users[key], agreement=gm.maa)
    url = f"/agreements/{gm.maa.pk}/"

    sign_in(page, "maa-go-rd")
    page.goto(url)
    expect(page.get_by_text("1 of 4 parties still to sign")).to_be_visible()
    page.get_by_role("button", name="Recommend sign-off").click()
    page.get_by_role("button", name="Recommend sign-off").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Waiting for Bolton Metropolitan Borough Council to sign"
    )
    assert_accessible(page)

    sign_in(page, "maa-pm-bolton")
    page.goto(url)
    expect(page.get_by_role("heading", name="Multi Area Agreement", exact=True)).to_be_visible()
    expect(page.get_by_text("Statutory duties apply").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign for Bolton Metropolitan Borough Council").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_text("Signed by all 4 parties")).to_be_visible()

    sign_in(page, "maa-go-rd")
    page.goto(url)
    page.get_by_role("button", name="Recommend sign-off").click()
    page.get_by_role("button", name="Recommend sign-off").click()
    expect(page.get_by_text("Recommended for sign-off by the Regional Director.")).to_be_visible()

    sign_in(page, "maa-pm-manchester")
    page.goto(f"/agreements/{gm.maa.pk}/dashboard/")
    expect(page.get_by_text("Carried from Manchester Local Area Agreement 2008–11")).to_be_visible()
    assert_accessible(page)


def test_the_parties_then_the_hub_dashboard_and_report_of_an_maa(page, settings):
    # rules X1, X2: the responsible PM adds a party to the draft; once approved, the hub,
    # the dashboard and a six-monthly report all carry the LAA's linked target
    page.set_default_timeout(30_000)
    settings.LOCALPERF_AS_AT = "2009-11-30"
    gm = greater_manchester()
    maa_own_target(gm)
    sign_in(page, "maa-pm-manchester")
    page.goto(f"/agreements/{gm.maa.pk}/")
    page.get_by_role("link", name="Change the parties").click()
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label="Wigan Metropolitan Borough Council")
    page.get_by_label("Member authority (county or unitary council)").check()
    page.get_by_role("button", name="Add the party").click()
    expect(page.get_by_text("Wigan Metropolitan Borough Council added as a party.")).to_be_visible()
    services.maa_member_remove(
        user=gm.users["pm_manchester"],
        member=gm.maa.maa_members.get(organisation__slug="wigan-metropolitan-borough-council"),
    )
    approve_maa(gm)

    page.goto(f"/agreements/{gm.maa.pk}/")
    expect(page.get_by_text("1 designated national indicator target carried")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_text("Carried from Manchester Local Area Agreement 2008–11")).to_be_visible()
    page.goto(f"/agreements/{gm.maa.pk}/reports/new/")
    page.get_by_label("Period reported on").fill("2009/10 H1")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_text("Carried from Manchester Local Area Agreement 2008–11")).to_be_visible()
    assert_accessible(page)


def test_an_maa_targets_page_shows_its_members_figures_or_why_they_are_not_combined(page):
    # rules X2, D9: GVA per head, Σ GVA / Σ population; a figure sent alone is named
    page.set_default_timeout(30_000)
    gm = greater_manchester()
    gva_per_head()
    target = maa_own_target(gm, "TEST-GVA")
    record_gva("manchester", "2008/09", 7_500_000_000, 450_000)
    record_gva("salford", "2008/09", 3_000_000_000, 220_000)
    record_gva("bolton", "2008/09", 4_200_000_000, 260_000)
    record_gva("manchester", "2007/08", 7_000_000_000, 440_000)
    record_gva("salford", "2007/08", None, None, value=13_500)
    record_gva("bolton", "2007/08", 4_000_000_000, 255_000)
    sign_in(page, "maa-pm-manchester")
    page.goto(f"/agreements/{gm.maa.pk}/targets/{target.pk}/progress/")
    members = page.locator("#members-figures")
    expect(members).to_be_visible()
    expect(page.locator("#members-2")).to_contain_text("15,806.45")  # 14.7bn / 930,000
    expect(page.locator("#members-1")).to_contain_text(
        "Not combined: Salford’s figure came without its numerator and denominator"
    )
    assert_accessible(page)
