"""The indicator catalogue as a download: the rows the catalogue page lists, in its
order, written by ``web.downloads`` (so a title can never run as a formula)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpResponse

from localperf.indicators.models import Indicator
from localperf.web import downloads

HEADER = (
    "Code",
    "Title",
    "Set",
    "Theme",
    "Lead department",
    "Polarity",
    "Unit",
    "Reported",
    "First year",
    "Statutory education and early years",
    "Survey",
    "Measures",
)


def catalogue_rows(indicators: Iterable[Indicator]) -> Iterator[tuple]:
    for indicator in indicators:
        yield (
            indicator.code,
            indicator.title,
            indicator.get_kind_display(),
            indicator.get_theme_display(),
            indicator.department,
            indicator.get_polarity_display(),
            indicator.unit,
            indicator.get_reporting_frequency_display(),
            indicator.first_year,
            "Yes" if indicator.statutory_education else "No",
            indicator.survey,
            indicator.measure_count,
        )


def catalogue_download(indicators: Iterable[Indicator], file_format: str) -> HttpResponse | None:
    """The download in ``file_format`` ("csv" or "xlsx"); None for any other."""
    name = f"indicator-catalogue.{file_format}"
    if file_format == downloads.CSV:
        return downloads.csv_response(name, HEADER, catalogue_rows(indicators))
    if file_format == downloads.XLSX:
        content = downloads.rows_xlsx(HEADER, catalogue_rows(indicators), sheet="Indicators")
        return downloads.file_response(name, content)
    return None
