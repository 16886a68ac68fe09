"""The report cycle as people work it (rule M1): the report page's summary and task list,
its filters, the check before submitting, a returned report's reason at the top and on
the work list, each target's own periods, and every output (page, PDF, workbook) reading
the one content."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from localperf.calculations.direction import Direction
from localperf.calculations.rag import Rating
from localperf.monitoring.selectors import SeriesPoint
from localperf.reports import selectors, services
from localperf.reports.content import target_columns
from localperf.reports.models import ReportStatus
from localperf.reports.renderers.pdf import report_pdf
from localperf.reports.renderers.workbook import VARIANCE_FORMAT, report_workbook
from tests.reports.conftest import AS_AT
from tests.reports.test_progress_report import correct_ni112, pdf_text

pytestmark = pytest.mark.django_db

REASON = "Say how NI 112 will recover, with dates."


@pytest.fixture
def off_track(report, users):
    """NI 112 off track (60 against a profile of 49, lower is better); NI 195 on track."""
    correct_ni112(users, "60")
    return report


def page(client, user, url: str, status: int = 200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response


def test_the_summary_counts_are_the_dashboards(client, off_track, approved, users):
    # rule M1, one truth: the report's ratings are the dashboard's, as at the same day
    agreement, _, _ = approved
    dashboard = page(client, users["pm"], f"/agreements/{agreement.pk}/dashboard/")
    report_page = page(client, users["pm"], f"/reports/{off_track.pk}/")
    on_dashboard = {c.rating: c.count for c in dashboard.context["counts"]}
    in_report = {c.rating: c.count for c in report_page.context["summary"].ratings}
    assert in_report == on_dashboard == {Rating.GREEN: 1, Rating.RED: 1}
    html = report_page.content.decode()
    assert re.search(r'id="lp-commented">\s*0 of 2<', html)
    assert "1: <a" in html.split('id="lp-unmitigated"')[1][:40]


def test_the_task_list_filters_by_rating_and_comment_without_javascript(
    client, off_track, approved, users
):
    _, ni112, ni195 = approved
    services.report_comment_record(
        user=users["pm"], report=off_track, target=ni195, progress="Steady."
    )
    url = f"/reports/{off_track.pk}/"

    def listed(query: str) -> list[str]:
        response = page(client, users["go_lm"], url + query)
        return [t.target["code"] for o in response.context["outcomes"] for t in o["tasks"]]

    assert listed("") == ["NI 112", "NI 195"]
    assert listed("?rating=red") == ["NI 112"]
    assert listed("?commented=yes") == ["NI 195"]
    assert listed("?rating=red&commented=no") == ["NI 112"]
    assert listed("?rating=green&commented=no") == []
    refused = page(client, users["go_lm"], url + "?rating=scarlet", status=400)
    assert "“scarlet” is not one" in refused.content.decode()
    assert len([t for o in refused.context["outcomes"] for t in o["tasks"]]) == 2


def test_check_before_submitting_warns_and_still_submits(client, off_track, approved, users):
    # warn, don't block: uncommented and off-track-without-mitigation targets are named
    url = f"/reports/{off_track.pk}/submit/"
    html = page(client, users["pm"], url).content.decode()
    assert "1 target is off track with no comment on how the partnership will recover" in html
    assert "2 of 2 targets have no comment on progress." in html
    assert "NI 112: Improve NI 112" in html.split('id="lp-warn-off-track"')[1]
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    off_track.refresh_from_db()
    assert off_track.status == ReportStatus.SUBMITTED


def test_once_all_are_commented_nothing_is_warned(client, report, approved, users):
    _, ni112, ni195 = approved
    for target in (ni112, ni195):
        services.report_comment_record(
            user=users["pm"], report=report, target=target, progress="On."
        )
    html = page(client, users["pm"], f"/reports/{report.pk}/submit/").content.decode()
    assert "lp-warn-uncommented" not in html and "lp-warn-off-track" not in html
    assert "2 of 2" in html


def test_a_returned_report_says_why_at_the_top_and_on_the_work_list(
    client, off_track, approved, users
):
    from localperf.home.selectors import work_items_for

    _, ni112, _ = approved
    services.report_submit(user=users["pm"], report=off_track)
    services.report_go_comment_record(
        user=users["go_lm"], report=off_track, target=ni112, comment="What drives it?"
    )
    services.report_return(user=users["go_lm"], report=off_track, reason=REASON)
    response = page(client, users["pm"], f"/reports/{off_track.pk}/")
    html = response.content.decode()
    banner = html.index('aria-labelledby="lp-returned-title"')
    assert banner < html.index("<h1") < html.index("History")
    assert REASON in html[banner : html.index("<h1")]
    assert 'class="govuk-tag govuk-tag--orange">Returned by the Government Office' in html
    comment_page = page(client, users["pm"], f"/reports/{off_track.pk}/targets/{ni112.pk}/comment/")
    assert "What drives it?" in comment_page.content.decode()  # the other party's comment
    [item] = [
        i for i in work_items_for(users["pm"], today=AS_AT).due if i.title.startswith("Resubmit")
    ]
    assert REASON in item.detail


def test_the_pdf_opens_with_a_summary_and_a_contents_list(off_track):
    text = pdf_text(report_pdf(selectors.report_view(off_track)))
    cover, rest = text.split("Contents", 1)
    assert "Targets by rating" in cover
    assert "On track 1" in cover and "Off track 1" in cover
    assert "0 of 2 targets commented" in cover
    assert "Off track without a comment on mitigation (1): NI 112" in cover
    # the contents list each target with the page it starts on
    assert re.search(r"NI 112: Improve NI 112[ .]*\d+", rest)
    assert rest.count("NI 112: Improve NI 112") == 2


def test_the_workbook_formats_percentages_rounds_and_colours_ratings(off_track):
    book = load_workbook(io.BytesIO(report_workbook(selectors.report_view(off_track))))
    sheet = book["Progress report"]
    rows = {sheet.cell(r, 1).value: r for r in range(5, sheet.max_row + 1)}
    top = rows["NI 112: Improve NI 112"]
    variance = sheet.cell(top + 3, 4)
    assert variance.value == pytest.approx(-0.224) and variance.number_format == VARIANCE_FORMAT
    assert sheet.cell(top + 2, 4).number_format == "#,##0.0"  # a percentage's precision
    rating = sheet.cell(top + 4, 4)
    assert rating.value == "Off track" and rating.fill.fgColor.rgb.endswith("F4CDC6")
    summary = book["Summary"]
    counts = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(5, 12)}
    assert counts["On track"] == 1 and counts["Off track"] == 1 and counts["All targets"] == 2


def test_page_pdf_and_workbook_show_the_same_figures_of_a_target(
    client, off_track, approved, users
):
    # one truth: the three outputs read one content
    _, ni112, _ = approved
    html = page(
        client, users["pm"], f"/reports/{off_track.pk}/targets/{ni112.pk}/"
    ).content.decode()
    caption = "Profile, actual, % variance and risk rating of NI 112"
    table = html.split(caption)[1].split("</table>")[0].split("<tbody")[1]
    on_page = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>.*?</td>", table)]
    pdf = pdf_text(report_pdf(selectors.report_view(off_track)))
    block = pdf.rsplit("NI 112: Improve NI 112", 1)[1].split("NI 195")[0]
    sheet = load_workbook(io.BytesIO(report_workbook(selectors.report_view(off_track))))[
        "Progress report"
    ]
    top = {sheet.cell(r, 1).value: r for r in range(5, sheet.max_row + 1)}["NI 112: Improve NI 112"]
    in_book = [sheet.cell(top + i, 4).value for i in range(1, 5)]
    assert on_page == ["49", "60", "-22.4%", "Off track"]
    assert in_book == [49, 60, pytest.approx(-0.224), "Off track"]
    for text in ("Profile 49", "Actual 60", "% variance -22.4%", "Risk rating Off track"):
        assert text in block


def point(label: str, end: datetime.date, actual: float | None, due_on: datetime.date):
    return SeriesPoint(
        period_id=0,
        period_label=label,
        period_start=end,
        period_end=end,
        due_on=due_on,
        profile=10.0,
        actual=actual,
        ci_lower=None,
        ci_upper=None,
        variance=None,
        computed_rating=Rating.GREEN,
        override=None,
        rating=Rating.GREEN,
        direction=Direction.NOT_COMPARABLE,
        version_number=1,
        whole_area_actual=None,
        projected_outturn=None,
        likely_to_meet=None,
    )


def test_each_target_shows_its_own_periods_none_empty():
    # a quarterly measure its latest four quarters up to the period reported on; nothing
    # after the half-year, nothing not yet due
    d = datetime.date
    quarters = (
        point("2008/09 Q3", d(2008, 12, 31), 3, d(2009, 3, 31)),
        point("2008/09 Q4", d(2009, 3, 31), 4, d(2009, 6, 30)),
        point("2008/09", d(2009, 3, 31), 4, d(2009, 9, 30)),
        point("2009/10 Q1", d(2009, 6, 30), 1, d(2009, 9, 30)),
        point("2009/10 Q2", d(2009, 9, 30), None, d(2009, 12, 31)),
        point("2009/10 Q3", d(2009, 12, 31), None, d(2010, 3, 31)),
    )
    chosen = target_columns(quarters, end=d(2009, 9, 30), today=AS_AT)
    assert [p.period_label for p in chosen] == ["2008/09 Q3", "2008/09 Q4", "2008/09", "2009/10 Q1"]
    annual = (point("2008/09", d(2009, 3, 31), 4, d(2009, 9, 30)),) + (
        point("2009/10", d(2010, 3, 31), None, d(2010, 9, 30)),
    )
    assert [p.period_label for p in target_columns(annual, end=d(2009, 9, 30), today=AS_AT)] == [
        "2008/09"
    ]


def test_the_contents_cells_are_never_empty(off_track):
    content = selectors.report_view(off_track).content
    assert content["schema"] == 2
    assert all(cell for o in content["outcomes"] for t in o["targets"] for cell in t["cells"])
