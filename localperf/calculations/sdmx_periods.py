"""Reporting periods as SDMX time periods, and back (rule M6: exchange by agreed standards).

Method: SDMX's ``TIME_PERIOD`` holds a Gregorian year (``2008``) or a *time range*, a start
day and an ISO 8601 duration (``2008-04-01/P3M``). A range names its dates exactly, so a
reader needs nothing else to know which months a figure covers: SDMX's own reporting
periods (``2008-Q1``) would need a reporting-year start day beside them, and a reader
that missed it would take the financial year's first quarter for January to March.

======================  ======================  ==========================
kind                    label                   SDMX ``TIME_PERIOD``
======================  ======================  ==========================
financial_year          ``2008/09``             ``2008-04-01/P1Y``
quarter                 ``2008/09 Q3``          ``2008-10-01/P3M``
half_year               ``2008/09 H2``          ``2008-10-01/P6M``
survey_round            ``Place Survey 2008``   ``2008-09-01/P4M``
rolling_three_year      ``2006/07-2008/09``     ``2006-04-01/P3Y``
calendar_year           ``2008``                ``2008``
academic_year           ``2008/09 academic``    ``2008-09-01/P1Y``
======================  ======================  ==========================

Each kind has its own pair of start day and length, so the way back is exact:
``period_from_sdmx(period_to_sdmx(p)) == p`` for every period.
"""

from __future__ import annotations

import re
from datetime import date

from .periods import (
    Period,
    PeriodError,
    PeriodKind,
    academic_year,
    calendar_year,
    financial_year,
    half_year,
    period_parse,
    quarter,
    rolling_three_year,
    survey_round,
)

SDMX_FORMS = (
    "a time range such as '2008-04-01/P1Y' (2008/09), '2008-10-01/P3M' (2008/09 Q3), "
    "'2008-04-01/P6M' (2008/09 H1), '2008-09-01/P4M' (Place Survey 2008), "
    "'2006-04-01/P3Y' (2006/07-2008/09) or '2008-09-01/P1Y' (2008/09 academic), "
    "or a calendar year '2008'"
)
_RANGE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})/P([0-9]{1,3})([YM])", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)


def _months(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def period_to_sdmx(period: Period | str) -> str:
    """The SDMX ``TIME_PERIOD`` of a period (or of its label).

    >>> [period_to_sdmx(p) for p in ("2008/09", "2008/09 Q4", "Place Survey 2010", "2008")]
    ['2008-04-01/P1Y', '2009-01-01/P3M', '2010-09-01/P4M', '2008']
    >>> period_to_sdmx("2006/07-2008/09"), period_to_sdmx("2009/10 academic")
    ('2006-04-01/P3Y', '2009-09-01/P1Y')
    """
    if isinstance(period, str):
        period = period_parse(period)
    if period.kind == PeriodKind.CALENDAR_YEAR:
        return f"{period.start.year:04d}"
    months = _months(period)
    duration = f"P{months // 12}Y" if months % 12 == 0 else f"P{months}M"
    return f"{period.start.isoformat()}/{duration}"


def looks_like_sdmx(text: str) -> bool:
    """Whether text is written the SDMX way (a year, a date, a range, ``2008-Q1``…) rather
    than as one of the service's own labels ("2008/09 Q1").

    >>> looks_like_sdmx("2008-04-01/P3M"), looks_like_sdmx("2008-Q1"), looks_like_sdmx("2008/09")
    (True, True, False)
    """
    text = text.strip()
    return bool(_YEAR.fullmatch(text)) or bool(re.match(r"[0-9]{4}-[0-9A-Za-z]", text))


def period_from_sdmx(text: str) -> Period:
    """The period an SDMX ``TIME_PERIOD`` names; ``PeriodError`` when it is not one of the
    periods figures are reported for, saying what it is and which forms there are.

    >>> period_from_sdmx("2008-10-01/P3M").label, period_from_sdmx("2008").label
    ('2008/09 Q3', '2008')
    >>> period_from_sdmx("2008-04-01/P2M")
    Traceback (most recent call last):
    ...
    localperf.calculations.periods.PeriodError: '2008-04-01/P2M' (2 months from 1 April 2008) is no reporting period: give a time range such as '2008-04-01/P1Y' (2008/09), '2008-10-01/P3M' (2008/09 Q3), '2008-04-01/P6M' (2008/09 H1), '2008-09-01/P4M' (Place Survey 2008), '2006-04-01/P3Y' (2006/07-2008/09) or '2008-09-01/P1Y' (2008/09 academic), or a calendar year '2008'.
    """  # noqa: E501
    text = text.strip()
    if _YEAR.fullmatch(text):
        return calendar_year(int(text))
    match = _RANGE.fullmatch(text)
    if match is None:
        raise PeriodError(
            f"'{text}' is not an SDMX time period this dataflow uses: give {SDMX_FORMS}.",
            label=text,
        )
    year, month, day, count, unit = match.groups()
    try:
        start = date(int(year), int(month), int(day))
    except ValueError:
        raise PeriodError(f"'{text}' starts on a day that does not exist.", label=text) from None
    months = int(count) * (12 if unit == "Y" else 1)
    period = _period_of(start, months)
    if period is None:
        raise PeriodError(
            f"'{text}' ({months} month{'s' if months != 1 else ''} from "
            f"{start.day} {start:%B %Y}) is no reporting period: give {SDMX_FORMS}.",
            label=text,
        )
    return period


def _period_of(start: date, months: int) -> Period | None:
    """The period of the service starting on ``start`` and lasting ``months``, if any."""
    if start.day != 1:
        return None
    year, month = start.year, start.month
    # A quarter or half of the financial year that began in April of this year or the last.
    fy_start = year if month >= 4 else year - 1
    candidates = {
        (4, 12): lambda: financial_year(year),
        (9, 12): lambda: academic_year(year),
        (9, 4): lambda: survey_round(year),
        (4, 36): lambda: rolling_three_year(year + 2),
        (4, 6): lambda: half_year(year, 1),
        (10, 6): lambda: half_year(year, 2),
    }
    if months == 3 and month in (1, 4, 7, 10):
        return quarter(fy_start, (month - 4) % 12 // 3 + 1)
    make = candidates.get((month, months))
    return make() if make is not None else None
