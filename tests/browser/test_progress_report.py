"""The six-monthly progress report in a browser (rule M1): the performance manager
starts the report from the data already returned, opens a target from the task list,
writes its comment beside its figures and submits after checking; the Government Office
filters the targets, comments on one and returns it with a reason, which the
performance manager finds at the top of the report; it is resubmitted and accepted.
Every page on the way is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from localperf.monitoring.services import assessments_recompute
from localperf.places.models import Area
from localperf.reports.models import ReportEvent, ReportStatus
from tests.agreements.factories import ROLE_USERS, approved_kent, make_partners, make_user, org
from tests.browser.accessibility import assert_accessible
from tests.browser.test_agreement_sign_off import PASSWORD, sign_in, sign_out
from tests.reports.conftest import AS_AT, FIGURES, KENT, submit_figures


@pytest.fixture
def kent(live_reference, settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()
    partners = make_partners(Area.objects.get(code=KENT))
    users = {
        key: make_user(role, org(slug) if slug else None, f"test-{key}", password=PASSWORD)
        for key, (role, slug) in ROLE_USERS.items()
    }
    agreement, _, _ = approved_kent(users, partners)
    submit_figures(users["pm"], FIGURES)
    assessments_recompute(today=AS_AT)
    return agreement


CHECK = {"link": "Check and submit the report", "title": "Check the report before you submit it"}
AGAIN = {**CHECK, "link": "Check and submit the report again"}


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def report_status(page) -> str:
    return page.locator(".govuk-summary-list .govuk-tag").first.inner_text()


def take_step(
    page, name: str, reason: str = "", *, label: str = "Comments", link: str = "", title: str = ""
) -> None:
    page.get_by_role("button", name=link or name).click()  # the link styled as a button
    assert heading(page) == (title or name)
    assert_accessible(page)
    if reason:
        page.get_by_label(label).fill(reason)
    page.get_by_role("button", name=name).click()


def test_a_report_is_submitted_returned_resubmitted_and_accepted(page, kent):
    # The machine is shared: give a slow page more time than the default.
    page.set_default_timeout(30_000)
    sign_in(page, "test-pm")
    assert "Complete and submit" not in page.content()
    page.goto(f"/agreements/{kent.pk}/reports/")
    assert heading(page) == "Reports and reviews"
    assert_accessible(page)
    page.get_by_role("button", name="Start a report").click()
    assert_accessible(page)
    page.get_by_label("Period reported on").fill("2009/10 H3")
    page.get_by_role("button", name="Start the report").click()
    expect(page).to_have_title(re.compile("^Error: "))  # waits for the page to load
    assert_accessible(page)
    page.get_by_label("Period reported on").fill("2009/10 H1")
    page.get_by_role("button", name="Start the report").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    report_url = page.url
    assert heading(page) == "Six-monthly progress report for 2009/10 H1"
    assert "Draft: the figures follow the live data" in page.content()
    assert "0 of 2" in page.locator("#lp-commented").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="NI 112: Improve NI 112").click()
    table = page.get_by_role(
        "table", name=re.compile("Profile, actual, % variance and risk rating of NI 112")
    )
    assert "48.5" in table.inner_text() and "+1.0%" in table.inner_text()
    assert_accessible(page)
    page.get_by_label("Comments on progress and risk mitigation").fill(
        "Conceptions fell in every district."
    )
    page.get_by_label("Inspection or survey evidence").fill("Joint area review, 2009.")
    page.get_by_role("button", name="Save the comment").click()
    page.wait_for_url(re.compile(r"/reports/\d+/#target-\d+$"))
    assert "1 of 2" in page.locator("#lp-commented").inner_text()
    take_step(page, "Submit the report to the Government Office", **CHECK)
    page.wait_for_url(report_url)
    assert report_status(page) == "Submitted to the Government Office"
    assert_accessible(page)
    sign_out(page)

    # The locality manager sees it on the home page, comments on NI 112 and returns it.
    sign_in(page, "test-go_lm")
    page.get_by_role("link", name=re.compile("Review the six-monthly progress report")).click()
    page.wait_for_url(report_url)
    assert_accessible(page)
    page.get_by_label("Comment").select_option("yes")
    page.get_by_role("button", name="Show targets").click()
    expect(page.locator("#lp-shown")).to_have_text("1 of 2 targets match.")
    page.get_by_role("link", name="NI 112: Improve NI 112").click()
    expect(page.locator("body")).to_contain_text("Conceptions fell in every district.")
    assert_accessible(page)
    page.get_by_label("Government Office comment").fill("What drives the fall in Thanet?")
    page.get_by_role("button", name="Save the comment").click()
    page.wait_for_url(re.compile(r"/reports/\d+/#target-\d+$"))
    take_step(page, "Return the report")
    expect(page).to_have_title(re.compile("^Error: "))  # waits for the page to load
    assert_accessible(page)
    page.get_by_label("Why is it returned, and what should change?").fill(
        "Say what drives the fall in Thanet."
    )
    page.get_by_role("button", name="Return the report").click()
    page.wait_for_url(report_url)
    assert report_status(page) == "Returned by the Government Office"
    sign_out(page)

    # The performance manager answers and resubmits.
    sign_in(page, "test-pm")
    page.goto(report_url)
    banner = page.get_by_role("region", name="Returned by the Government Office")
    expect(banner).to_contain_text("Say what drives the fall in Thanet.")
    top = banner.bounding_box()["y"]
    assert top < page.get_by_role("heading", level=1).bounding_box()["y"]
    assert report_status(page) == "Returned by the Government Office"
    assert_accessible(page)
    banner.get_by_role("link", name="NI 112").click()
    expect(page.locator("body")).to_contain_text("What drives the fall in Thanet?")
    page.get_by_label("Comments on progress and risk mitigation").fill(
        "The new sexual health clinics in Thanet opened in 2008."
    )
    page.get_by_role("button", name="Save the comment").click()
    page.wait_for_url(re.compile(r"/reports/\d+/#target-\d+$"))
    take_step(page, "Submit the report to the Government Office", "Thanet explained.", **AGAIN)
    page.wait_for_url(report_url)
    sign_out(page)

    # The Regional Director accepts it.
    sign_in(page, "test-go_rd")
    page.goto(report_url)
    take_step(page, "Accept the report", "Thank you.")
    page.wait_for_url(report_url)
    assert report_status(page) == "Accepted by the Government Office"
    assert "As submitted on" in page.content() and "(submission 2)" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="What has changed since submission").click()
    expect(page.locator("body")).to_contain_text("Nothing has changed")
    assert_accessible(page)

    steps = list(
        ReportEvent.objects.exclude(action="comment").values_list("action", "actor__username")
    )
    assert steps == [
        ("create", "test-pm"),
        ("submit", "test-pm"),
        ("go_comment", "test-go_lm"),
        ("return", "test-go_lm"),
        ("submit", "test-pm"),
        ("accept", "test-go_rd"),
    ]
    assert ReportEvent.objects.get(action="return").reason == "Say what drives the fall in Thanet."
    assert ReportEvent.objects.last().report.status == ReportStatus.ACCEPTED
