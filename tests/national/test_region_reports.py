"""The region view's progress reports (rule M1): per LAA, the reports with the
partnership, awaiting the Government Office's review, and overdue against the
timetable's six-monthly progress report dates; without dates, none is called overdue."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from localperf.national import selectors
from localperf.places.models import Area
from localperf.reports import services as reports
from localperf.reviews.models import CycleYear, Milestone, MilestoneKind, Responsible
from tests.national.fixtures import SOUTH_EAST

pytestmark = pytest.mark.django_db

D = datetime.date


def progress_report_date(due_on: datetime.date) -> Milestone:
    """A date staff enter in the timetable (the default timetable has none: the source
    names no dates for the six-monthly reports)."""
    first_year = due_on.year if due_on.month >= 4 else due_on.year - 1
    cycle, _ = CycleYear.objects.get_or_create(first_year=first_year)
    return Milestone.objects.create(
        cycle=cycle,
        kind=MilestoneKind.PROGRESS_REPORT,
        due_on=due_on,
        responsible=Responsible.LSP,
    )


def kent_row(user, agreement, today):
    region = Area.objects.get(code=SOUTH_EAST)
    summary = selectors.region_summary(region, user, today=today)
    return summary, next(r for r in summary.rows if r.agreement_id == agreement.pk)


def test_half_years_map_to_the_report_due_after_them():
    # rule M1: a report due on a date covers the latest half-year ended before it
    assert selectors.half_year_before(D(2009, 10, 31)).label == "2009/10 H1"
    assert selectors.half_year_before(D(2010, 4, 30)).label == "2009/10 H2"


def test_without_timetable_dates_reports_are_due_never_overdue(users, agreements):
    # rule M1, as the home page's work list: a draft is "progress report due"
    kent, _ = agreements
    reports.report_create(user=users["pm"], agreement=kent, period_label="2009/10 H1")
    summary, row = kent_row(users["go_rd"], kent, D(2010, 6, 1))
    assert summary.report_dates == ()
    assert (row.reports_with_partnership, row.reports_awaiting_review, row.reports_overdue) == (
        1,
        0,
        0,
    )
    assert row.reports[0].due_on is None and row.reports[0].linkable


def test_a_draft_past_its_date_and_a_report_never_started_are_overdue(users, agreements):
    # rule M1
    kent, manchester_draft = agreements
    progress_report_date(D(2009, 10, 31))  # for 2009/10 H1
    progress_report_date(D(2010, 4, 30))  # for 2009/10 H2
    progress_report_date(D(2010, 10, 31))  # for 2010/11 H1, not yet due
    reports.report_create(user=users["pm"], agreement=kent, period_label="2009/10 H1")
    summary, row = kent_row(users["go_rd"], kent, D(2010, 6, 1))
    by_period = {r.period_label: r for r in row.reports}
    assert set(by_period) == {"2009/10 H1", "2009/10 H2"}
    assert by_period["2009/10 H1"].status == "draft" and by_period["2009/10 H1"].overdue
    assert by_period["2009/10 H1"].due_on == D(2009, 10, 31)
    never = by_period["2009/10 H2"]
    assert (never.report_id, never.status_label, never.overdue) == (None, "Not started", True)
    assert row.reports_overdue == 2 and row.reports_with_partnership == 2
    assert summary.report_dates == (D(2009, 10, 31), D(2010, 4, 30), D(2010, 10, 31))
    # Manchester's agreement is a draft: it reports nothing, so nothing is overdue.
    north_west = Area.objects.get(code="E12000002")
    others = selectors.region_summary(north_west, users["admin"], today=D(2010, 6, 1)).rows
    assert [r.reports for r in others if r.agreement_id == manchester_draft.pk] == [()]


def test_a_submitted_report_awaits_review_and_is_not_overdue(users, agreements):
    # rule M1: submitted, the report waits on the Government Office
    kent, _ = agreements
    progress_report_date(D(2009, 10, 31))
    report = reports.report_create(user=users["pm"], agreement=kent, period_label="2009/10 H1")
    reports.report_submit(user=users["pm"], report=report)
    _, row = kent_row(users["go_rd"], kent, D(2010, 1, 15))
    assert (row.reports_with_partnership, row.reports_awaiting_review, row.reports_overdue) == (
        0,
        1,
        0,
    )
    reports.report_accept(user=users["go_rd"], report=report)
    _, row = kent_row(users["go_rd"], kent, D(2010, 1, 15))
    assert row.reports == ()


def test_only_the_region_and_administrators_get_links_to_drafts(users, agreements):
    kent, _ = agreements
    reports.report_create(user=users["pm"], agreement=kent, period_label="2009/10 H1")
    for key, linkable in (("go_lm", True), ("admin", True), ("analyst", False)):
        _, row = kent_row(users[key], kent, D(2010, 1, 15))
        assert row.reports[0].linkable is linkable, key


def test_the_page_and_csv_show_the_reports_and_say_how_overdue_is_judged(
    client, settings, users, agreements
):
    kent, _ = agreements
    settings.LOCALPERF_AS_AT = "2010-06-01"
    report = reports.report_create(user=users["pm"], agreement=kent, period_label="2009/10 H1")
    client.force_login(users["go_lm"])
    page = client.get(f"/national/regions/{SOUTH_EAST}/").content.decode()
    assert "Progress reports" in page
    assert "holds no six-monthly progress report dates" in page
    assert f'href="/reports/{report.pk}/"' in page

    progress_report_date(D(2009, 10, 31))
    page = client.get(f"/national/regions/{SOUTH_EAST}/").content.decode()
    assert "31 October 2009" in page and "Overdue</strong>" in page
    assert "holds no six-monthly progress report dates" not in page
    response = client.get(f"/national/regions/{SOUTH_EAST}/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    kent_csv = next(r for r in rows if r["agreement"] == kent.title)
    assert kent_csv["reports with the partnership"] == "1"
    assert kent_csv["progress reports overdue"] == "1"
    # The analyst sees the count but cannot open the partnership's draft.
    client.force_login(users["analyst"])
    page = client.get(f"/national/regions/{SOUTH_EAST}/").content.decode()
    assert "Overdue</strong>" in page and f'href="/reports/{report.pk}/"' not in page
