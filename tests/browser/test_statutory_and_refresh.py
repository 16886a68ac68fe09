"""Rules A3, D3 and L6 in a browser: DCSF's officer sets a statutory target's year left to
be set at sign-off (refused first without a value), the change shows on the target's
page and in the change log; the performance manager starts the refresh and sees which
targets may change and by which rule. Every page is checked with axe-core."""

import importlib
import re
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from localperf.accounts.models import Role, User
from localperf.agreements import services
from localperf.organisations.models import Organisation
from localperf.reviews.models import CycleYear
from tests.agreements.factories import make_partners, take_to_approval, target_input
from tests.browser.accessibility import assert_accessible

PASSWORD = "browser-test-password-42"


@pytest.fixture
def kent(live_reference, settings):
    settings.LOCALPERF_AS_AT = "2010-01-20"
    # A transactional test starts from an emptied database: the timetable the refresh is
    # dated by (a data migration, rule L6) is loaded again, as the registers are.
    from django.apps import apps

    timetable = importlib.import_module("localperf.reviews.migrations.0002_default_timetable")
    if not CycleYear.objects.exists():
        timetable.load(apps, None)

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
        "go_rd": user("reg", Role.GO_REGIONAL_DIRECTOR, "go-south-east"),
        "approver": user("sam", Role.CENTRAL_APPROVER, "clg"),
        "dcsf": user("dee", Role.DEPARTMENT_TARGET_OFFICER, "dcsf"),
    }
    make_partners(Organisation.objects.get(slug="kent-county-council").area)
    agreement = services.agreement_create(user=users["pm"])
    services.target_add(user=users["pm"], agreement=agreement, data=target_input("NI 112"))
    data = target_input("NI 73", category="statutory")
    data = replace(
        data,
        trajectory={**data.trajectory, "2010/11": None},
        year_states={"2010/11": "to_be_set"},
    )
    target = services.target_add(user=users["pm"], agreement=agreement, data=data)
    take_to_approval(agreement, users)
    return agreement, target


def sign_in(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_dcsf_sets_the_year_and_the_partnership_refreshes(page, kent):
    agreement, target = kent
    sign_in(page, "dee")
    page.goto(f"/agreements/{agreement.pk}/targets/{target.pk}/")
    expect(page.get_by_text("To be set by DCSF").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record DCSF's change to a year").click()
    page.get_by_label("Year").select_option("2010/11")
    page.get_by_label("Set", exact=True).check()
    page.get_by_label("What DCSF agreed, and why").fill("2011 target set at the refresh.")
    page.get_by_role("button", name="Record DCSF's change").click()
    expect(page.get_by_text("Enter a target for 2010/11").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Target value").fill("78")
    page.get_by_role("button", name="Record DCSF's change").click()
    expect(page.get_by_text("2010/11 set at 78").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/agreements/{agreement.pk}/history/")  # the change log, on the hub's History
    expect(page.get_by_text("Statutory target on NI 73: 2010/11 set at 78").first).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "kim")
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("link", name=re.compile("The 2009.10 refresh")).click()
    page.get_by_role("button", name="Start the refresh").click()
    expect(page.get_by_text("No: rule L6").first).to_be_visible()
    expect(page.get_by_text("With DCSF", exact=True).first).to_be_visible()
    assert_accessible(page)
