"""The six-monthly progress report (rule M1) and the self-assessment (rule L6): its
figures come from the data already returned (rule M6), the workflow records who, when
and why, and submission freezes the figures as reported."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from localperf.monitoring.services import assessments_recompute
from localperf.observations.importing.services import observation_correct
from localperf.observations.models import Observation
from localperf.reports import selectors, services
from localperf.reports.models import ReportEvent, ReportKind, ReportStatus
from localperf.reports.renderers.pdf import report_pdf
from localperf.reports.renderers.table import report_csv
from localperf.reports.renderers.workbook import report_workbook
from tests.reports.conftest import AS_AT

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def targets_by_code(content: dict) -> dict[str, dict]:
    return {t["code"]: t for o in content["outcomes"] for t in o["targets"]}


def correct_ni112(users, value: str = "51") -> None:
    observation = Observation.objects.current().get(
        measure__indicator__number=112, period__label="2008/09"
    )
    result = observation_correct(
        observation=observation,
        user=users["pm"],
        reason="Re-based on the 2008 mid-year population estimates.",
        value=value,
    )
    assert result.committed, result.message or result.problems
    assessments_recompute(today=AS_AT)


def test_the_report_holds_each_targets_proforma_figures_from_the_data(report):
    # rule M1: per target, per period: profile, actual, % variance, risk rating, related PSA;
    # rule M6: from the figures returned, nobody retypes them.
    content = selectors.report_live_content(report)
    assert content["periods"] == ["2008/09"]
    ni112 = targets_by_code(content)["NI 112"]
    assert ni112["cells"][0] == {
        "period": "2008/09",
        "profile": 49.0,
        "actual": 48.5,
        "variance": 1.0,
        "rating": "green",
        "rating_label": "On track",
        "overridden": False,
    }
    assert ni112["partners"] == ["NHS Eastern and Coastal Kent", "Kent Police Authority"]
    assert targets_by_code(content)["NI 195"]["cells"][0]["variance"] == 2.1


def test_the_lsp_and_the_lead_partner_write_comments_others_cannot(report, approved, users):
    _, ni112, ni195 = approved
    services.report_comment_record(
        user=users["pm"], report=report, target=ni195, progress="Ahead of trajectory."
    )
    # A partner drafts the comment of a target it leads (Kent Police on NI 112) …
    services.report_comment_record(
        user=users["partner"],
        report=report,
        target=ni112,
        progress="Conceptions fell in every district.",
        evidence="Ofsted inspection, 2009.",
    )
    # … but not of another target (Ashford leads NI 195, not NI 112).
    with pytest.raises(PermissionDenied, match="NI 112"):
        services.report_comment_record(
            user=users["district"], report=report, target=ni112, progress="x"
        )
    with pytest.raises(PermissionDenied):
        services.report_comment_record(
            user=users["go_lm"], report=report, target=ni112, progress="x"
        )
    content = targets_by_code(selectors.report_live_content(report))
    assert content["NI 112"]["comment"] == "Conceptions fell in every district."
    assert content["NI 112"]["evidence"] == "Ofsted inspection, 2009."
    assert "Kent Police Authority" in content["NI 112"]["comment_by"]
    assert content["NI 195"]["comment"] == "Ahead of trajectory."


def test_submit_return_resubmit_accept_records_who_when_and_why(report, approved, users):
    # rule M1: draft → submitted → returned (with reason) → resubmitted → accepted.
    _, ni112, _ = approved
    first = services.report_submit(user=users["pm"], report=report)
    report.refresh_from_db()
    assert (report.status, first.number) == (ReportStatus.SUBMITTED, 1)
    with pytest.raises(PermissionDenied):
        services.report_comment_record(
            user=users["pm"], report=report, target=ni112, progress="late"
        )
    with pytest.raises(PermissionDenied):
        services.report_accept(user=users["other_go"], report=report)
    with pytest.raises(ValidationError, match="Say why"):
        services.report_return(user=users["go_lm"], report=report, reason="  ")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # the refused step changed nothing
    services.report_go_comment_record(
        user=users["go_lm"], report=report, target=ni112, comment="Say what drives the fall."
    )
    services.report_return(user=users["go_lm"], report=report, reason="Explain NI 112.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.report_comment_record(
        user=users["pm"],
        report=report,
        target=ni112,
        progress="Fewer conceptions after the new clinics.",
    )
    second = services.report_submit(user=users["pm"], report=report, reason="Answered.")
    services.report_accept(user=users["go_rd"], report=report, reason="Thank you.")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert second.number == 2
    assert targets_by_code(second.content)["NI 112"]["comment"].startswith("Fewer conceptions")
    assert targets_by_code(first.content)["NI 112"]["comment"] == ""
    steps = [
        (e.action, e.actor.username, e.from_status, e.to_status, e.reason)
        for e in ReportEvent.objects.filter(report=report).exclude(action="comment")
    ]
    assert steps == [
        ("create", "test-pm", "", "draft", ""),
        ("submit", "test-pm", "draft", "submitted", ""),
        ("go_comment", "test-go_lm", "", "", "Say what drives the fall."),
        ("return", "test-go_lm", "submitted", "returned", "Explain NI 112."),
        ("submit", "test-pm", "returned", "submitted", "Answered."),
        ("accept", "test-go_rd", "submitted", "accepted", "Thank you."),
    ]


def test_the_submitted_report_stays_as_submitted_after_a_data_correction(report, users):
    # rules M1, M6: the snapshot keeps the figures as reported; the comparison shows the
    # correction made since.
    services.report_submit(user=users["pm"], report=report)
    before = selectors.report_view(report)
    pdf_before, xlsx_before = report_pdf(before), report_workbook(before)
    correct_ni112(users, "51")
    report.refresh_from_db()
    after = selectors.report_view(report)
    assert after.content == before.content
    assert targets_by_code(after.content)["NI 112"]["cells"][0]["actual"] == 48.5
    assert "48.5" in pdf_text(report_pdf(after))
    block = pdf_text(report_pdf(after)).rsplit("NI 112: Improve NI 112", 1)[1].split("NI 195")[0]
    assert "51" not in block.split("Profile")[1]
    assert pdf_text(report_pdf(after)) == pdf_text(pdf_before)
    cells = [
        [c.value for c in row] for row in load_workbook(io.BytesIO(report_workbook(after))).active
    ]
    assert cells == [
        [c.value for c in row] for row in load_workbook(io.BytesIO(xlsx_before)).active
    ]
    live = targets_by_code(selectors.report_live_content(report))["NI 112"]["cells"][0]
    assert live["actual"] == 51.0
    _, changes = selectors.report_changes(report)
    actual = [c for c in changes if c.code == "NI 112" and c.figure == "actual"]
    assert [(c.period, c.reported, c.now) for c in actual] == [("2008/09", 48.5, 51.0)]
    rating = [c for c in changes if c.code == "NI 112" and c.figure == "risk rating"]
    assert rating and rating[0].reported == "On track"


def test_a_draft_follows_the_live_data_and_says_draft(report, users):
    correct_ni112(users, "47.5")
    view = selectors.report_view(report)
    assert view.is_draft
    assert targets_by_code(view.content)["NI 112"]["cells"][0]["actual"] == 47.5
    text = pdf_text(report_pdf(view))
    assert "DRAFT" in text and "47.5" in text


def test_the_pdf_holds_the_figures_headers_and_page_numbers(report, approved, users):
    _, ni112, _ = approved
    services.report_comment_record(
        user=users["pm"],
        report=report,
        target=ni112,
        progress="Conceptions fell.",
        evidence="Ofsted 2009.",
    )
    services.report_submit(user=users["pm"], report=report)
    report.refresh_from_db()
    text = pdf_text(report_pdf(selectors.report_view(report)))
    assert "Kent Local Area Agreement 2008–11" in text
    assert "Six-monthly progress report for 2009/10 H1" in text
    assert "As submitted on" in text and "DRAFT" not in text
    block = text.rsplit("NI 112: Improve NI 112", 1)[1].split("NI 195")[0]
    for expected in (
        "Profile 49",
        "Actual 48.5",
        "% variance +1.0%",
        "Risk rating On track",
        "Conceptions fell.",
        "Ofsted 2009.",
    ):
        assert expected in block
    assert "Page 1 of" in text


def test_the_workbook_is_laid_out_like_the_proforma(report, approved, users):
    _, ni112, _ = approved
    services.report_comment_record(
        user=users["pm"], report=report, target=ni112, progress="Conceptions fell."
    )
    services.report_submit(user=users["pm"], report=report)
    sheet = load_workbook(io.BytesIO(report_workbook(selectors.report_view(report))))[
        "Progress report"
    ]
    assert (
        sheet["A1"].value
        == "Kent Local Area Agreement 2008–11: Six-monthly progress report for 2009/10 H1"
    )
    assert [sheet.cell(4, c).value for c in range(3, 11)] == [
        "Related PSA",
        "Time period 1",
        "Time period 2",
        "Time period 3",
        "Time period 4",
        "Inspection/ survey evidence",
        "Comments on progress/ risk mitigation",
        "Government Office comment",
    ]
    rows = {sheet.cell(r, 1).value: r for r in range(5, sheet.max_row + 1)}
    top = rows["NI 112: Improve NI 112"]
    assert [sheet.cell(top + i, 2).value for i in range(5)] == [
        "Period",
        "Profile",
        "Actual",
        "% variance",
        "Risk rating",
    ]
    # rule M1: the target's own period heads its column; % variance is a fraction
    assert [sheet.cell(top + i, 4).value for i in range(5)] == [
        "2008/09",
        49,
        48.5,
        0.01,
        "On track",
    ]
    assert sheet.cell(top, 9).value == "Conceptions fell."
    ni195 = rows["NI 195: Improve NI 195"]
    assert sheet.cell(ni195 + 2, 4).value == 47
    assert sheet.cell(ni195 + 3, 4).value == pytest.approx(0.021)
    assert "Targets not linked to an outcome" in rows


def test_the_csv_has_a_row_per_target_and_period(report):
    view = selectors.report_view(report)
    rows = list(csv.DictReader(io.StringIO(report_csv(view).decode("utf-8-sig"))))
    assert [
        (
            r["target"],
            r["period"],
            r["profile"],
            r["actual"],
            r["variance_percent"],
            r["risk_rating"],
            r["status"],
        )
        for r in rows
    ] == [
        ("NI 112", "2008/09", "49", "48.5", "1.0", "On track", "draft"),
        ("NI 195", "2008/09", "48", "47", "2.1", "On track", "draft"),
    ]


def test_a_self_assessment_uses_the_same_machinery(approved, users):
    # rule L6: the optional self-assessment before the annual review.
    agreement, _, _ = approved
    with pytest.raises(ValidationError) as error:
        services.report_create(
            user=users["pm"],
            agreement=agreement,
            kind=ReportKind.SELF_ASSESSMENT,
            period_label="2009/10 H1",
        )
    assert "financial year" in str(error.value)
    report = services.report_create(
        user=users["pm"],
        agreement=agreement,
        kind=ReportKind.SELF_ASSESSMENT,
        period_label="2008/09",
    )
    assert report.title == "Self-assessment performance report for 2008/09"
    services.report_submit(user=users["pm"], report=report)
    assert (
        targets_by_code(selectors.report_view(report).content)["NI 112"]["cells"][0]["actual"]
        == 48.5
    )


def test_bad_input_is_refused_with_a_message_and_changes_nothing(approved, users):
    agreement, _, _ = approved
    cases = [
        ({"period_label": "autumn"}, "period_label"),
        ({"period_label": "2011/12 H1"}, "period_label"),
        ({"period_label": "2009/10 H1", "periods": ["a", "b", "c", "d", "e"]}, "periods"),
        ({"period_label": "2009/10 H1", "periods": ["2008/09", "someday"]}, "periods"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationError) as error:
            services.report_create(user=users["pm"], agreement=agreement, **arguments)
        assert field in error.value.message_dict, arguments
    assert not agreement.progress_reports.exists()
    services.report_create(user=users["pm"], agreement=agreement, period_label="2009/10 h1")
    with pytest.raises(ValidationError, match="already"):
        services.report_create(user=users["pm"], agreement=agreement, period_label="2009/10 H1")
    with pytest.raises(PermissionDenied):
        services.report_create(
            user=users["partner"], agreement=agreement, period_label="2008/09 H2"
        )


def test_home_page_lists_reports_due_and_awaiting_review(report, users):
    from localperf.home.selectors import work_items_for

    pm_items = work_items_for(users["pm"], today=AS_AT)
    assert any(
        "Complete and submit" in i.title for i in pm_items.due
    )  # due, as before it was started
    services.report_submit(user=users["pm"], report=report)
    go_items = work_items_for(users["go_lm"], today=AS_AT)
    assert any("Review the six-monthly" in i.title for i in go_items.waiting_for_you)
    other = work_items_for(users["other_go"], today=AS_AT).waiting_for_you
    assert all("Review the six-monthly" not in i.title for i in other)
