"""A change of an in-force Multi Area Agreement's parties in a browser (rule X1): the
responsible authority's performance manager adds Wigan in a revision and proposes it;
the approval is refused while a party has not agreed, naming it; once every party has,
the central approver approves and Wigan is a party. The revision page and the add-party
form are checked with axe-core."""

import datetime

from playwright.sync_api import expect

from localperf.accounts.models import Role
from localperf.agreements import services
from tests.agreements.factories import make_user, org
from tests.agreements.maa_factories import approve_maa, greater_manchester
from tests.browser.accessibility import assert_accessible
from tests.browser.test_multi_area_journey import sign_in

WIGAN = "Wigan Metropolitan Borough Council"


def test_a_party_joins_an_maa_in_force_by_revision(page):
    # rule X1
    page.set_default_timeout(30_000)  # a shared machine: a first page can be slow
    gm = greater_manchester()
    approve_maa(gm)
    users = gm.users
    services.agreement_bring_into_force(user=users["approver"], agreement=gm.maa)
    users["pm_wigan"] = make_user(
        Role.PERFORMANCE_MANAGER, org("wigan-metropolitan-borough-council"), "maa-pm-wigan"
    )
    revision = services.revision_create(
        user=users["pm_manchester"],
        agreement=gm.maa,
        title="Wigan joins",
        reason="Wigan joins the city region's agreement.",
        effective_from=datetime.date(2009, 4, 1),
    )
    url = f"/agreements/{gm.maa.pk}/revisions/{revision.number}/"

    sign_in(page, "maa-pm-manchester")
    page.goto(url)
    assert_accessible(page)
    page.get_by_role("button", name="Add a party").click()
    page.get_by_label("Organisation").select_option(label=WIGAN)
    page.get_by_label("Member authority (county or unitary council)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Add to the revision").click()
    expect(page.get_by_text(f"Add {WIGAN} as a party")).to_be_visible()
    expect(page.get_by_text("it changes the parties to the agreement")).to_be_visible()
    page.get_by_role("button", name="Propose the revision").click()
    expect(page.get_by_text("Revision 1 proposed.")).to_be_visible()

    revision.refresh_from_db()  # proposed in the browser
    for key in ("pm_salford", "pm_bolton", "partner"):
        services.revision_record_partner_agreement(user=users[key], revision=revision)
    sign_in(page, "maa-approver")
    page.goto(url)
    page.get_by_role("button", name="Decide on the revision").click()
    page.get_by_label("Approve the revision").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(f"Waiting for {WIGAN}")

    services.revision_record_partner_agreement(user=users["pm_wigan"], revision=revision)
    page.get_by_label("Approve the revision").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Revision 1 approved.")).to_be_visible()
    page.goto(f"/agreements/{gm.maa.pk}/")
    expect(page.get_by_text(WIGAN).first).to_be_visible()
