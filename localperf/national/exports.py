"""The national pages' tables as CSV downloads (``?format=csv``): one function per page,
each the same rows the page shows, written through ``web.downloads`` so that every cell is
safe to open in a spreadsheet. The views only decide to answer with one."""

from __future__ import annotations

from django.http import HttpResponse

from localperf.national import selectors
from localperf.web.downloads import csv_response


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def selection_csv(result: selectors.Selection) -> HttpResponse:
    """Every indicator's count of agreements, by region and by theme."""
    header = ["indicator", "title", "deferred", "agreements"]
    header += [f"region: {r.name}" for r in result.regions]
    header += [f"theme: {t.label}" for t in result.themes]
    return csv_response(
        "indicator-selection.csv",
        header,
        (
            [row.code, row.title, _yes_no(row.is_deferred), row.agreements]
            + result.region_counts(row)
            + result.theme_counts(row)
            for row in result.rows
        ),
    )


def selection_few_csv(few: list) -> HttpResponse:
    """The indicators chosen by few agreements (or none)."""
    return csv_response(
        "indicators-chosen-by-five-or-fewer.csv",
        ["indicator", "title", "deferred", "agreements"],
        ([r.code, r.title, _yes_no(r.is_deferred), r.agreements] for r in few),
    )


def targets_waiting_csv(waiting: list) -> HttpResponse:
    """The targets still waiting for a value, and why."""
    return csv_response(
        "targets-waiting.csv",
        ["measure", "indicator", "area", "region", "agreement", "setting",
         "deferred indicator", "baseline to be confirmed"],
        (
            [w.measure_code, w.indicator_title, w.area_name, w.region_name,
             w.agreement_title, w.setting, _yes_no(w.deferred_indicator),
             _yes_no(w.baseline_to_be_confirmed)]
            for w in waiting
        ),
    )  # fmt: skip


def picture_csv(picture) -> HttpResponse:
    """One indicator across every area, with its statistics."""
    return csv_response(
        f"{picture.measure.code}-{picture.period.label}.csv".replace(" ", "-").replace("/", "-"),
        ["tier", "area code", "area", "region", "value", "lower limit", "upper limit",
         "numerator", "denominator", "provisional", "rank in England", "areas ranked in England",
         "rank in region", "areas ranked in region", "rank in comparator group",
         "quartile band in England", "quartile band in region", "target",
         "meets target", "previous value", "direction of travel", "compared with England",
         "in comparator group", "compared with comparator group"],
        (
            [picture.tier.short, a.code, a.name, a.region_name, a.value, a.figure.lower,
             a.figure.upper, a.figure.numerator, a.figure.denominator,
             _yes_no(a.figure.provisional), a.rank_england, picture.distribution.count,
             a.rank_region, a.region_count, a.rank_group,
             a.band_england, a.band_region, a.target,
             "" if a.meets_target is None else _yes_no(a.meets_target),
             a.previous_value, a.direction.label, a.versus_england.label,
             _yes_no(a.in_comparator),
             a.versus_comparator.label if picture.comparator else ""]
            for a in picture.areas
        ),
    )  # fmt: skip


def region_csv(region, summary) -> HttpResponse:
    """The region's agreements: ratings by theme, overdue figures and reports."""
    header = ["area", "agreement", "status"]
    header += [
        f"{t.label}: {name}"
        for t in summary.themes
        for name in [*(r.label for r in summary.ratings), "other"]
    ]
    header += [
        "overdue figures",
        "reports with the partnership",
        "reports awaiting Government Office review",
        "progress reports overdue",
    ]
    return csv_response(
        f"region-{region.code}.csv",
        header,
        ([row.area_name, row.title, row.status_label, *row.cells, row.overdue,
          row.reports_with_partnership, row.reports_awaiting_review, row.reports_overdue]
         for row in summary.rows),
    )  # fmt: skip


def area_evidence_csv(area, evidence: list) -> HttpResponse:
    """One area's evidence for assessment, measure by measure."""
    return csv_response(
        f"evidence-{area.code}.csv",
        ["measure", "title", "period", "value", "lower limit", "upper limit",
         "provisional", "previous period", "previous value", "direction of travel",
         "quartile band in England", "quartile band in region", "England",
         "England source", "compared with England"],
        (
            [e.code, e.title, e.period_label, e.figure.value if e.figure else None,
             e.figure.lower if e.figure else None, e.figure.upper if e.figure else None,
             _yes_no(e.figure.provisional) if e.figure else "",
             e.previous_period_label, e.previous_value, e.direction.label,
             e.band_england, e.band_region,
             e.england.estimate.value if e.england and e.england.estimate else None,
             e.england.source if e.england else "", e.versus_england.label]
            for e in evidence
        ),
    )  # fmt: skip


def review_csv(review) -> HttpResponse:
    """The evidence for reviewing the indicator set, indicator by indicator."""
    return csv_response(
        "nis-review-evidence.csv",
        ["indicator", "title", "theme", "department", "data source", "reporting frequency",
         "LAAs designating it", "MAAs carrying it", "chosen by five or fewer",
         "median days to first figure",
         "levels with figures", "definition changes breaking comparison",
         "designated targets rated", "on track", "behind"],
        (
            [r.code, r.title, r.theme, r.department, r.source, r.frequency, r.agreements,
             r.maas, _yes_no(r.chosen_by_few), r.lag_days, "; ".join(r.levels),
             r.definition_changes, r.targets_rated, r.targets_on_track, r.targets_behind]
            for r in review.rows
        ),
    )  # fmt: skip


def ledger_csv(ledger: selectors.Ledger) -> HttpResponse:
    """The collect-once ledger, area by area and period by period, then the nation."""
    header = ["area", "period", "figures supplied", "supplied by"]
    header += [f"way in: {label}" for label in ledger.way_labels]
    header += [f"uses: {label}" for label in ledger.use_labels]
    header += ["uses in all", "duplicates avoided"]
    rows = [*ledger.rows, ledger.totals]
    return csv_response(
        "collect-once-ledger.csv",
        header,
        (
            [row.label, row.period, row.counts["supplied"], row.suppliers, *row.ways,
             *row.use_counts, row.counts["uses"], row.counts["duplicates_avoided"]]
            for row in rows
        ),
    )  # fmt: skip
