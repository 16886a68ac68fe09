"""Reporting periods as values (rule D5: each indicator is reported at the
periods its definition sets).

Method: a period is a closed range of dates ``[start, end]`` with a kind and a
canonical label. Build periods with the constructors below (``financial_year``,
``quarter`` …) or ``period_parse``; both give the same value for the same
period, so ``period_parse(p.label) == p``.

Canonical labels (the parser also accepts the variants in brackets; it ignores
case and extra spaces):

======================  ======================  ==============================
kind                    label                   dates
======================  ======================  ==============================
financial_year          ``2008/09``             1 Apr 2008 – 31 Mar 2009
                        (``2008-09``, ``2008/2009``, en dash)
quarter                 ``2008/09 Q1``          Q1 Apr–Jun, Q2 Jul–Sep,
                        (``Q1 2008/09``)        Q3 Oct–Dec, Q4 Jan–Mar
half_year               ``2008/09 H1``          H1 Apr–Sep, H2 Oct–Mar
                        (``H1 2008/09``)
survey_round            ``Place Survey 2008``   1 Sep – 31 Dec 2008 (autumn)
rolling_three_year      ``2006/07-2008/09``     1 Apr 2006 – 31 Mar 2009
                        (en dash, ``to``)
calendar_year           ``2008``                1 Jan – 31 Dec 2008
academic_year           ``2008/09 academic``    1 Sep 2008 – 31 Aug 2009
                        (``academic year 2008/09``)
======================  ======================  ==============================

An academic year meets the agreement year of the same name (``laa_year_of``):
"2008/09 academic" (summer 2009 results) is judged against the 2008/09 target.

The Place Survey is biennial (rule D7): one round every two years, so the
round before "Place Survey 2010" is "Place Survey 2008".

Which earlier period to compare with (direction of travel, rule M3):

* ``previous_period`` — one step back in the same kind (Q1 2009/10 → Q4
  2008/09). Use it for SNAPSHOT measures (levels and rates).
* ``same_period_last_year`` — the same part of the previous year (Q1 2009/10 →
  Q1 2008/09). Use it for CUMULATIVE measures, whose part-year values are
  year-to-date figures that restart every April; also for snapshot measures
  with a strong seasonal pattern.
* ``previous_comparable(period, accumulation)`` makes that choice (a biennial
  survey round, having no round a year earlier, takes the round before).

``year_fraction_elapsed`` counts calendar months (a part month by its days), so
the quarters of a financial year are exactly 0.25, 0.5, 0.75 and 1 of it — the
convention of LAA profiles — rather than 91/365 and so on.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .measures import Accumulation
from .nearest import CodeIndex

# Wide enough for any real return, narrow enough that every period, and the
# day after it, stays inside what ``datetime.date`` can hold.
MIN_YEAR = 1900
MAX_YEAR = 2097

SURVEY_ROUND_INTERVAL_YEARS = 2


class PeriodKind(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    SURVEY_ROUND = "survey_round"
    ROLLING_THREE_YEAR = "rolling_three_year"
    CALENDAR_YEAR = "calendar_year"
    ACADEMIC_YEAR = "academic_year"


ACCEPTED_FORMS = (
    "financial year '2008/09'",
    "quarter '2008/09 Q1' to '2008/09 Q4'",
    "half year '2008/09 H1' or '2008/09 H2'",
    "survey round 'Place Survey 2008'",
    "rolling three years '2006/07-2008/09'",
    "calendar year '2008'",
    "academic year '2008/09 academic'",
)


class PeriodError(ValueError):
    """A label that is not a period, or a period with no such neighbour."""

    def __init__(self, message: str, *, label: object = None, suggestion: str = "") -> None:
        super().__init__(message)
        self.label = label
        self.suggestion = suggestion


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(f"{self.label!r} ends before it starts", label=self.label)

    def __str__(self) -> str:
        return self.label

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


# --- constructors -------------------------------------------------------------


def _check_year(year: int, *, label: object = None) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            f"{label if label is not None else year!r}: year {year} is outside "
            f"{MIN_YEAR}–{MAX_YEAR}",
            label=label,
        )


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year(start_year: int) -> Period:
    """The financial year beginning 1 April ``start_year``.

    >>> fy = financial_year(2008)
    >>> fy.label, fy.start, fy.end
    ('2008/09', datetime.date(2008, 4, 1), datetime.date(2009, 3, 31))
    """
    _check_year(start_year)
    return Period(
        PeriodKind.FINANCIAL_YEAR,
        date(start_year, 4, 1),
        date(start_year + 1, 3, 31),
        _fy_label(start_year),
    )


def quarter(start_year: int, number: int) -> Period:
    """Quarter ``number`` (1–4) of the financial year beginning in ``start_year``.

    >>> q = quarter(2008, 4)
    >>> q.label, q.start, q.end
    ('2008/09 Q4', datetime.date(2009, 1, 1), datetime.date(2009, 3, 31))
    """
    _check_year(start_year)
    if number not in (1, 2, 3, 4):
        raise PeriodError(f"there is no quarter {number!r}; quarters are 1 to 4")
    first_month = 4 + 3 * (number - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    return Period(
        PeriodKind.QUARTER,
        date(year, month, 1),
        _month_end(year, month + 2),
        f"{_fy_label(start_year)} Q{number}",
    )


def half_year(start_year: int, number: int) -> Period:
    """Half ``number`` (1: Apr–Sep, 2: Oct–Mar) of the financial year beginning in ``start_year``.

    >>> h = half_year(2008, 2)
    >>> h.label, h.start, h.end
    ('2008/09 H2', datetime.date(2008, 10, 1), datetime.date(2009, 3, 31))
    """
    _check_year(start_year)
    if number == 1:
        start, end = date(start_year, 4, 1), date(start_year, 9, 30)
    elif number == 2:
        start, end = date(start_year, 10, 1), date(start_year + 1, 3, 31)
    else:
        raise PeriodError(f"there is no half year {number!r}; halves are 1 and 2")
    return Period(PeriodKind.HALF_YEAR, start, end, f"{_fy_label(start_year)} H{number}")


def half_year_before(day: date) -> Period:
    """The latest half-year that ended before ``day``: the one a progress report due on
    ``day`` reports on.

    >>> [half_year_before(date(*d)).label for d in [(2009, 10, 31), (2010, 4, 30),
    ...  (2010, 2, 1), (2009, 9, 30)]]
    ['2009/10 H1', '2009/10 H2', '2009/10 H1', '2008/09 H2']
    """
    if day > date(day.year, 9, 30):
        return half_year(day.year, 1)
    if day > date(day.year, 3, 31):
        return half_year(day.year - 1, 2)
    return half_year(day.year - 1, 1)


def survey_round(year: int) -> Period:
    """The Place Survey round run in the autumn of ``year``.

    >>> s = survey_round(2008)
    >>> s.label, s.start, s.end
    ('Place Survey 2008', datetime.date(2008, 9, 1), datetime.date(2008, 12, 31))
    """
    _check_year(year)
    return Period(
        PeriodKind.SURVEY_ROUND, date(year, 9, 1), date(year, 12, 31), f"Place Survey {year}"
    )


def rolling_three_year(last_start_year: int) -> Period:
    """The three financial years ending with the one beginning in ``last_start_year``.

    >>> r = rolling_three_year(2008)
    >>> r.label, r.start, r.end
    ('2006/07-2008/09', datetime.date(2006, 4, 1), datetime.date(2009, 3, 31))
    """
    first = last_start_year - 2
    _check_year(first)
    _check_year(last_start_year)
    return Period(
        PeriodKind.ROLLING_THREE_YEAR,
        date(first, 4, 1),
        date(last_start_year + 1, 3, 31),
        f"{_fy_label(first)}-{_fy_label(last_start_year)}",
    )


def calendar_year(year: int) -> Period:
    _check_year(year)
    return Period(PeriodKind.CALENDAR_YEAR, date(year, 1, 1), date(year, 12, 31), str(year))


def academic_year(start_year: int) -> Period:
    """The academic year beginning 1 September ``start_year``.

    >>> a = academic_year(2008)
    >>> a.label, a.start, a.end
    ('2008/09 academic', datetime.date(2008, 9, 1), datetime.date(2009, 8, 31))
    """
    _check_year(start_year)
    return Period(
        PeriodKind.ACADEMIC_YEAR,
        date(start_year, 9, 1),
        date(start_year + 1, 8, 31),
        f"{_fy_label(start_year)} academic",
    )


def financial_year_of(day: date) -> Period:
    """The financial year containing ``day``.

    >>> financial_year_of(date(2009, 3, 31)).label, financial_year_of(date(2009, 4, 1)).label
    ('2008/09', '2009/10')
    """
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def laa_year_of(period: Period) -> Period:
    """The agreement year whose target ``period``'s figure is judged against.

    Most periods meet the target of the financial year their end falls in. An
    academic year is the exception: education results are set and reported per
    academic year, and an LAA's statutory education targets are written against
    the agreement year of the same name (rules A3, D3). Key Stage 2 results of
    summer 2009 are the academic year 2008/09 and meet the 2008/09 target, although
    the academic year ends in August 2009, inside the financial year 2009/10.

    >>> laa_year_of(academic_year(2008)).label
    '2008/09'
    >>> laa_year_of(quarter(2009, 1)).label, laa_year_of(financial_year(2010)).label
    ('2009/10', '2010/11')
    """
    if period.kind is PeriodKind.ACADEMIC_YEAR:
        return financial_year(period.start.year)
    return financial_year_of(period.end)


# --- parsing ------------------------------------------------------------------

_DASH = r"\s*(?:-|\u2013|\u2014)\s*"
_PAIR = r"([0-9]{4})\s*(?:/|-|\u2013|\u2014)\s*([0-9]{4}|[0-9]{2})"
_FLAGS = re.IGNORECASE | re.ASCII

_FINANCIAL_YEAR = re.compile(_PAIR, _FLAGS)
_QUARTER = re.compile(rf"{_PAIR}\s*q([0-9])|q([0-9])\s*{_PAIR}", _FLAGS)
_HALF = re.compile(rf"{_PAIR}\s*h([0-9])|h([0-9])\s*{_PAIR}", _FLAGS)
_SURVEY = re.compile(r"place\s+survey\s+([0-9]{4})", _FLAGS)
_ROLLING = re.compile(rf"{_PAIR}(?:{_DASH}|\s+to\s+){_PAIR}", _FLAGS)
_CALENDAR = re.compile(r"([0-9]{4})", _FLAGS)
_ACADEMIC = re.compile(rf"{_PAIR}\s+academic(?:\s+year)?|academic\s+year\s+{_PAIR}", _FLAGS)


def _unrecognised(label: object, reason: str | None = None) -> PeriodError:
    why = f" ({reason})" if reason else ""
    return PeriodError(
        f"{label!r} is not a reporting period{why}. Accepted forms: "
        + "; ".join(ACCEPTED_FORMS)
        + ".",
        label=label,
    )


def _start_year(label: str, first: str, second: str) -> int:
    """The start year of a "2008/09" or "2008/2009" pair, checking the years follow on."""
    year = int(first)
    follows = int(second) == (year + 1 if len(second) == 4 else (year + 1) % 100)
    if not follows:
        raise _unrecognised(label, f"{first} and {second} are not consecutive years")
    return year


def _first_groups(match: re.Match[str]) -> list[str]:
    """The groups of whichever alternative matched, in order."""
    return [g for g in match.groups() if g is not None]


def _years_and_number(match: re.Match[str]) -> tuple[str, str, str]:
    """The two years and the Q/H number, whether the number came after the years or before."""
    groups = _first_groups(match)
    if match[1] is not None:  # "2008/09 Q1"
        return groups[0], groups[1], groups[2]
    return groups[1], groups[2], groups[0]  # "Q1 2008/09"


def period_parse(label: str) -> Period:
    """The period a label names; raises ``PeriodError`` naming the label otherwise.

    >>> period_parse("2008/09 Q2").end
    datetime.date(2008, 9, 30)
    >>> period_parse("2006/07 \u2013 2008/09") == rolling_three_year(2008)
    True
    >>> try:
    ...     period_parse("2008/10")
    ... except PeriodError as error:
    ...     print(str(error).split(". Accepted")[0])
    '2008/10' is not a reporting period (2008 and 10 are not consecutive years)
    """
    if not isinstance(label, str):
        raise _unrecognised(label, "not text")
    text = " ".join(label.split())
    try:
        return _parse(label, text)
    except PeriodError as error:
        if error.label is None:  # raised by a constructor: say which label caused it
            raise _unrecognised(label, str(error)) from None
        raise


def _parse(label: str, text: str) -> Period:
    if match := _ROLLING.fullmatch(text):
        first = _start_year(label, match[1], match[2])
        last = _start_year(label, match[3], match[4])
        if last != first + 2:
            raise _unrecognised(label, "a rolling period covers three consecutive financial years")
        return rolling_three_year(last)
    if match := _FINANCIAL_YEAR.fullmatch(text):
        return financial_year(_start_year(label, match[1], match[2]))
    if match := _QUARTER.fullmatch(text):
        first, second, number = _years_and_number(match)
        return quarter(_start_year(label, first, second), int(number))
    if match := _HALF.fullmatch(text):
        first, second, number = _years_and_number(match)
        return half_year(_start_year(label, first, second), int(number))
    if match := _ACADEMIC.fullmatch(text):
        first, second = _first_groups(match)
        return academic_year(_start_year(label, first, second))
    if match := _SURVEY.fullmatch(text):
        return survey_round(int(match[1]))
    if match := _CALENDAR.fullmatch(text):
        return calendar_year(int(match[1]))
    raise _unrecognised(label)


# --- what a mistyped label most likely means ---------------------------------------

_SHORT_PAIR = re.compile(r"(?<![0-9])([0-9]{2,4})\s*(?:/|-|\u2013|\u2014)\s*([0-9]{1,4})(?![0-9])")
_FY_PREFIX = re.compile(r"^(?:fy|financial\s+year)\s*", _FLAGS)


def _full_pair(match: re.Match[str]) -> str:
    """A year pair written short ("2006/7", "06/07") spelt out, when the years follow on."""
    first, second = match[1], match[2]
    if len(first) == 3:
        return match[0]
    year = int(first) if len(first) == 4 else int(first) + (1900 if int(first) >= 50 else 2000)
    if int(second) != (year + 1) % 10 ** len(second):
        return match[0]
    return _fy_label(year)


def _suggestion_candidates() -> tuple[str, ...]:
    """Labels of the years around the framework, the ones a typing slip is nearest to."""
    labels: list[str] = []
    for year in range(1998, 2016):
        labels.append(financial_year(year).label)
        labels.extend(quarter(year, q).label for q in (1, 2, 3, 4))
        labels.extend(half_year(year, h).label for h in (1, 2))
        labels.append(survey_round(year).label)
        labels.append(rolling_three_year(year).label)
    return tuple(labels)


SUGGESTIONS = CodeIndex(_suggestion_candidates())


def period_repair(text: str) -> str:
    """The canonical label of a period written with a short year pair ("2006/7", "06/07")
    or an "FY" prefix, when the reading is unambiguous; "" otherwise. A label that
    parses as it is comes back canonical.

    >>> [period_repair(t) for t in ("2006/7", "Q3 08/09", "FY 2008-9", "2006/8", "2008/90")]
    ['2006/07', '2008/09 Q3', '2008/09', '', '']
    """
    cleaned = " ".join(str(text).split())
    try:
        return period_parse(_SHORT_PAIR.sub(_full_pair, _FY_PREFIX.sub("", cleaned))).label
    except PeriodError:
        return ""


def period_suggestion(text: str) -> str:
    """The canonical label a mistyped period most likely means, or "" for none:
    ``period_repair``'s, else the nearest label of the years around the framework by
    edit distance (``nearest.CodeIndex``).

    >>> [period_suggestion(t) for t in ("2006/7", "2008/90", "2008/09 Q5", "next year")]
    ['2006/07', '2008/09', '2008/09 Q1', '']
    """
    return period_repair(text) or SUGGESTIONS.nearest(" ".join(str(text).split()))


def period_from_entry(text: str) -> Period:
    """The period a user typed; a refusal names the text, lists the accepted forms and
    says which period it most likely means (``PeriodError.suggestion``).

    >>> period_from_entry(" 2006/07 ").label
    '2006/07'
    >>> try:
    ...     period_from_entry("2006/7")
    ... except PeriodError as error:
    ...     print(error.suggestion, str(error).endswith("Did you mean '2006/07'?"))
    2006/07 True
    """
    try:
        return period_parse(text)
    except PeriodError as error:
        suggestion = period_suggestion(text) if isinstance(text, str) else ""
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        raise PeriodError(f"{error}{hint}", label=text, suggestion=suggestion) from None


# --- neighbours and fractions -------------------------------------------------


def _fy_start_year(period: Period) -> int:
    return period.start.year if period.start.month >= 4 else period.start.year - 1


def _quarter_number(period: Period) -> int:
    return (period.start.month - 4) % 12 // 3 + 1


def _half_number(period: Period) -> int:
    return 1 if period.start.month == 4 else 2


def _shift_years(period: Period, years: int) -> Period:
    """The same period ``years`` whole years later (earlier when negative)."""
    match period.kind:
        case PeriodKind.FINANCIAL_YEAR:
            return financial_year(period.start.year + years)
        case PeriodKind.QUARTER:
            return quarter(_fy_start_year(period) + years, _quarter_number(period))
        case PeriodKind.HALF_YEAR:
            return half_year(_fy_start_year(period) + years, _half_number(period))
        case PeriodKind.SURVEY_ROUND:
            return survey_round(period.start.year + years)
        case PeriodKind.ROLLING_THREE_YEAR:
            return rolling_three_year(period.end.year - 1 + years)
        case PeriodKind.CALENDAR_YEAR:
            return calendar_year(period.start.year + years)
        case PeriodKind.ACADEMIC_YEAR:
            return academic_year(period.start.year + years)
    raise AssertionError(period.kind)  # pragma: no cover - every kind is handled


def previous_period(period: Period) -> Period:
    """One step back in the same kind: the comparator for SNAPSHOT measures.

    A rolling three-year period steps back one year (the windows overlap), as
    rolling figures are published yearly.

    >>> labels = ("2009/10 Q1", "2009/10 H2", "Place Survey 2010")
    >>> [previous_period(period_parse(label)).label for label in labels]
    ['2008/09 Q4', '2009/10 H1', 'Place Survey 2008']
    """
    try:
        if period.kind is PeriodKind.QUARTER:
            number = _quarter_number(period)
            year = _fy_start_year(period)
            return quarter(year, number - 1) if number > 1 else quarter(year - 1, 4)
        if period.kind is PeriodKind.HALF_YEAR:
            year = _fy_start_year(period)
            return half_year(year, 1) if _half_number(period) == 2 else half_year(year - 1, 2)
        if period.kind is PeriodKind.SURVEY_ROUND:
            return _shift_years(period, -SURVEY_ROUND_INTERVAL_YEARS)
        return _shift_years(period, -1)
    except PeriodError:
        raise PeriodError(
            f"{period.label!r} has no earlier period in range", label=period.label
        ) from None


def same_period_last_year(period: Period) -> Period:
    """The same part of the previous year: the comparator for CUMULATIVE measures.

    A biennial survey has no round a year earlier: use ``previous_period``.

    >>> same_period_last_year(period_parse("2009/10 Q1")).label
    '2008/09 Q1'
    """
    if period.kind is PeriodKind.SURVEY_ROUND:
        raise PeriodError(
            f"{period.label!r} is a biennial survey round with no round a year earlier; "
            "compare with previous_period",
            label=period.label,
        )
    try:
        return _shift_years(period, -1)
    except PeriodError:
        raise PeriodError(
            f"{period.label!r} has no earlier period in range", label=period.label
        ) from None


def previous_comparable(period: Period, accumulation: Accumulation) -> Period:
    """The period to compare with for direction of travel (see the module docstring):
    for a cumulative measure the same point of the previous year, as its part-year
    figures are running totals since April; a biennial survey round, which has no round
    a year earlier, compares with the round before whatever the measure.

    >>> q2 = period_parse("2009/10 Q2")
    >>> previous_comparable(q2, Accumulation.CUMULATIVE).label
    '2008/09 Q2'
    >>> previous_comparable(q2, Accumulation.SNAPSHOT).label
    '2009/10 Q1'
    >>> previous_comparable(period_parse("Place Survey 2010"), Accumulation.CUMULATIVE).label
    'Place Survey 2008'
    """
    if accumulation is Accumulation.CUMULATIVE and period.kind is not PeriodKind.SURVEY_ROUND:
        return same_period_last_year(period)
    return previous_period(period)


def _month_position(day: date) -> float:
    """Months since year 0 at the start of ``day``; a part month counts by its days."""
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return day.year * 12 + (day.month - 1) + (day.day - 1) / days_in_month


def months_elapsed(since: date, until: date) -> float:
    """Calendar months from the end of day ``since`` to the end of day ``until``.

    >>> months_elapsed(date(2008, 3, 31), date(2008, 6, 30))
    3.0
    """
    one_day = timedelta(days=1)
    return _month_position(until + one_day) - _month_position(since + one_day)


def year_fraction_elapsed(period: Period, within: Period) -> float:
    """The fraction of ``within`` elapsed at the end of ``period``, clamped to [0, 1].

    >>> fy = financial_year(2008)
    >>> [year_fraction_elapsed(quarter(2008, n), fy) for n in (1, 2, 3, 4)]
    [0.25, 0.5, 0.75, 1.0]
    """
    before = within.start - timedelta(days=1)
    fraction = months_elapsed(before, period.end) / months_elapsed(before, within.end)
    return min(1.0, max(0.0, fraction))
