"""The work list of each role on the demonstration data as at 30 November 2009, the day
the demo replays (``LOCALPERF_AS_AT``): the performance manager's overdue figures and the
six-monthly report due (rule M1), the partner's figures it owes and its commitments with
their status (rule A9), the approver's list judged on the same day (rule L1)."""

from __future__ import annotations

import datetime
import re

import pytest

from localperf.accounts.models import User
from localperf.agreements import services as agreement_services
from localperf.agreements.models import Agreement
from localperf.home.selectors import work_items_for
from localperf.national.selectors.region import region_summary
from localperf.reports import services as report_services
from localperf.web.work import WorkItem

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2009, 11, 30)
KENT, CAMDEN = "E10000016", "E09000007"


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()


@pytest.fixture
def demo(demo_for_the_module, db) -> dict[str, Agreement]:
    return {a.area.code: a for a in Agreement.objects.select_related("area")}


def user(username: str) -> User:
    return User.objects.select_related("organisation").get(username=username)


def titles(items: list[WorkItem]) -> list[str]:
    return [i.title for i in items]


def overdue_in(agreement: Agreement) -> int:
    """The region view's count of the agreement's overdue figures: one truth for overdue
    (``figures_due``)."""
    admin = user("demo-admin")
    summary = region_summary(agreement.area.region, admin, today=AS_AT)
    return next(r.overdue for r in summary.rows if r.agreement_id == agreement.pk)


def test_the_performance_managers_list_has_the_overdue_figures_and_the_report_due(client, demo):
    # rule M1: figures every sixth target lacks, and the report on the half-year just ended
    kent = demo[KENT]
    work = work_items_for(user("demo-pm-kent"), today=AS_AT)
    [figures] = work.overdue
    count = overdue_in(kent)
    assert count == 6  # NI 74 and NI 83 withdrawn in January 2009 (rule D3): not owed
    assert figures.title == f"Enter {count} overdue figures for 2008/09: Kent Agreement 2"
    assert figures.url == f"/observations/returns/{kent.pk}/?period=2008%2F09"
    assert figures.due_on == datetime.date(2009, 9, 30)
    # The demo's 2009/10 H1 report was returned by the Government Office on 16 November:
    # the list asks for it again rather than for a new one.
    assert not [t for t in titles(work.due) if t.startswith("Start the six-monthly")]
    # It is owed now, so it is under "Due" (not "Waiting for you"), with why it came back.
    [returned] = [
        i
        for i in work.due
        if i.title.startswith("Resubmit the six-monthly progress report for 2009/10 H1")
    ]
    assert returned.detail.startswith("Returned by the Government Office on 16 November 2009: “")
    assert not [i for i in work.waiting_for_you if i.title.startswith("Resubmit")]
    # The page: title equals its h1, the day is the clock's, and stays in the form.
    client.force_login(user("demo-pm-kent"))
    page = client.get("/").content.decode()
    assert "<title>Your work – localperf</title>" in page
    assert "As at 30 November 2009." in page
    assert 'name="on_0" value="30"' in page and 'name="on_2" value="2009"' in page
    assert f'href="/observations/returns/{kent.pk}/?period=2008%2F09"' in page
    assert f'href="/agreements/{kent.pk}/dashboard/"' in page  # the shortcuts
    # Replaying another day keeps that day in the boxes.
    replay = client.get("/?on_0=1&on_1=7&on_2=2009").content.decode()
    assert "As at 1 July 2009." in replay and 'name="on_1" value="7"' in replay
    assert "overdue figures" not in replay  # due 30 September 2009: not yet


def test_the_partners_list_has_the_figures_it_owes_and_its_commitments(client, demo):
    # rule A9: the targets Kent Police Authority signed up to
    work = work_items_for(user("demo-partner-kent-police"), today=AS_AT)
    [owed] = work.overdue
    assert re.fullmatch(
        r"Enter \d overdue figures? you owe for 2008/09: Kent Agreement 2", owed.title
    )
    client.force_login(user("demo-partner-kent-police"))
    page = client.get("/").content.decode()
    assert "Your commitments" in page and 'href="/my-commitments/"' in page
    commitments = client.get("/my-commitments/")
    rows = commitments.context["rows"]
    assert len(rows) == 22
    overdue = sum(r.overdue for r in rows)
    assert str(overdue) in owed.title  # the same figures, counted once
    assert "Off track" in commitments.content.decode()


def test_a_partner_is_asked_for_its_comments_on_a_report_being_written(demo):
    # rule M1: a partner drafts the comments of the targets it signed up to
    # The demo's report on 2009/10 H1, returned to the partnership for more work.
    report = demo[KENT].progress_reports.filter(
        period_label="2009/10 H1"
    ).first() or report_services.report_create(
        user=user("demo-pm-kent"), agreement=demo[KENT], period_label="2009/10 H1"
    )
    police = user("demo-partner-kent-police")
    [item] = [
        i for i in work_items_for(police, today=AS_AT).waiting_for_you if i.source == "reports"
    ]
    assert item.url == f"/reports/{report.pk}/"
    assert re.fullmatch(r"\d+ of your 22 targets have a comment on progress\.", item.detail)
    # The report is started: the performance manager is no longer asked to start it.
    pm_work = work_items_for(user("demo-pm-kent"), today=AS_AT)
    assert not [i for i in pm_work.due if i.title.startswith("Start the six-monthly")]


def test_the_approvers_list_is_judged_on_the_site_clock(demo):
    # rule L1: the 2008 sign-off dates are long past on 30 November 2009; an agreement
    # still waiting is listed without a stale "overdue since 30 June 2008"
    camden = demo[CAMDEN]
    agreement_services.agreement_recommend(user=user("demo-go-rd-london"), agreement=camden)
    work = work_items_for(user("demo-approver"), today=AS_AT)
    assert work.overdue == []
    assert "Approve or return Camden Local Area Agreement 2008–11" in titles(work.waiting_for_you)
    # On the day of the 2008 timetable, the same step is due by 30 June 2008.
    june = work_items_for(user("demo-approver"), today=datetime.date(2008, 6, 20))
    assert [i.due_on for i in june.due] == [datetime.date(2008, 6, 30)]
    # The step was recorded on the clock's day, not the machine's.
    assert camden.events.latest("occurred_at").occurred_at.date() == AS_AT
