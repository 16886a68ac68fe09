"""The dashboard as a download: the rows the dashboard shows (the same filters, the same
order), each figure rounded as the page shows it, written by ``web.downloads``."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from django.http import HttpResponse
from django.utils.text import slugify

from localperf.agreements.holdings import held
from localperf.agreements.models import Agreement
from localperf.monitoring.pages import DashboardRow
from localperf.web import downloads

HEADER = (
    "Code",
    "Target",
    "Theme",
    "Outcome",
    "Period",
    "Profile",
    "Actual",
    "Whole area actual",
    "Variance %",
    "Status",
    "Figures overdue",
    "Computed status",
    "Set by the Government Office",
    "Direction of travel",
    "Projected outturn",
    "Likely to meet the target",
    "Lead partners",
    "Kind",
    "Statutory duties apply",
)


def _rounded(value: float | None, places: int = 2) -> float | None:
    """A figure as the dashboard shows it (``monitoring_tags.figure``: two places at
    most), as a number; none for a missing one."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), places)


def dashboard_rows(rows: Iterable[DashboardRow], agreement: Agreement) -> Iterator[tuple]:
    for row in rows:
        p = row.progress
        as_held = held(p.target, agreement)  # rule X2: carried from an LAA, or its own
        yield (
            p.measure_code,
            p.title,
            p.theme.label,
            p.outcome.title if p.outcome else "",
            p.period_label,
            _rounded(p.profile),
            _rounded(p.actual),
            _rounded(p.whole_area_actual) if p.reports_whole_area else None,
            _rounded(p.variance, 1),
            p.rating.label,
            row.overdue,  # as the page, the hub and the grid count them (``figures_due``)
            p.computed_rating.label,
            "Yes" if p.override else "No",
            p.direction.label,
            _rounded(p.projected_outturn),
            {True: "Likely", False: "Unlikely", None: "Too early to say"}[p.likely_to_meet],
            "; ".join(o.name for o in p.partners),
            as_held.kind_label
            + (f", from {as_held.carried_from.title}" if as_held.carried_from else ""),
            "Yes" if as_held.statutory else "No",
        )


def dashboard_download(
    agreement: Agreement, rows: Iterable[DashboardRow], file_format: str
) -> HttpResponse | None:
    """The download in ``file_format`` ("csv" or "xlsx"); None for any other."""
    name = f"{slugify(agreement.title)}-progress.{file_format}"
    if file_format == downloads.CSV:
        return downloads.csv_response(name, HEADER, dashboard_rows(rows, agreement))
    if file_format == downloads.XLSX:
        content = downloads.rows_xlsx(HEADER, dashboard_rows(rows, agreement), sheet="Progress")
        return downloads.file_response(name, content)
    return None
