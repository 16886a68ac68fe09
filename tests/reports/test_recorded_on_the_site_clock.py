"""One clock: a report's steps are recorded on the site's today (30 November 2009 in
these tests, ``LOCALPERF_AS_AT``), not on the machine's date, so a replayed day reads as
it happened (rule M1)."""

from __future__ import annotations

from localperf.reports import services
from tests.reports.conftest import AS_AT


def test_submitting_and_returning_a_report_are_recorded_on_the_site_clock(report, users):
    snapshot = services.report_submit(user=users["pm"], report=report)
    services.report_return(user=users["go_lm"], report=report, reason="Say more about NI 112.")
    assert snapshot.taken_at.date() == AS_AT
    days = {event.action: event.occurred_at.date() for event in report.events.all()}
    assert days == {"create": AS_AT, "submit": AS_AT, "return": AS_AT}, days


def test_the_report_page_says_it_was_submitted_on_the_site_clock(client, report, users):
    services.report_submit(user=users["pm"], report=report)
    client.force_login(users["pm"])
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "As submitted on 30 November 2009" in page
