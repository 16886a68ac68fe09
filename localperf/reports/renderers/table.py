"""The report as CSV: one row per target and period (rule M1's columns), plus the
target's related PSA, evidence and comments, for anyone's own analysis (rule M6)."""

from __future__ import annotations

from collections.abc import Iterator

from localperf.reports.renderers import columns, figure
from localperf.web.downloads import csv_bytes

HEADER = (
    "outcome",
    "target",
    "title",
    "related_psa",
    "period",
    "profile",
    "actual",
    "variance_percent",
    "risk_rating",
    "inspection_or_survey_evidence",
    "comments_on_progress_and_risk_mitigation",
    "government_office_comment",
    "status",
    "carried_from",
)


def report_csv(view) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read it as UTF-8; every
    typed text (titles, evidence, comments) inert in a spreadsheet."""
    return csv_bytes(HEADER, _rows(view), byte_order_mark=True)


def _rows(view) -> Iterator[tuple]:
    status = "draft" if view.is_draft else f"submission {view.snapshot.number}"
    for outcome in view.content["outcomes"]:
        for target in outcome["targets"]:
            # Each target's own periods (the same columns the page, PDF and workbook show).
            for period, shown in columns(view.content, target):
                cell = shown or {}
                yield (
                    outcome["title"],
                    target["code"],
                    target["title"],
                    target["related_psa"],
                    period,
                    figure(cell.get("profile")).replace(",", ""),
                    figure(cell.get("actual")).replace(",", ""),
                    "" if cell.get("variance") is None else f"{cell['variance']:.1f}",
                    cell.get("rating_label", ""),
                    target["evidence"],
                    target["comment"],
                    view.go_comments.get(target["id"], ""),
                    status,
                    # Rule X2: the constituent LAA an MAA's target is carried from.
                    target.get("carried_from", ""),
                )
