"""The rules of a Local Area Agreement as plain functions: no database, no Django models.

Each function returns the message that tells the user what to change, or ``None``
when the rule is met. The services call them; the tests call them directly too.
Rule ids (A1, A2 …) are those of the domain map (DOMAIN.md, shared with the project).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MAX_DESIGNATED = 35  # rule A2
RESTRUCTURING_DAY = datetime.date(2009, 4, 1)
HIGHER, LOWER = "higher", "lower"

# The three terms an LAA can have (rule A1).
THREE_YEARS, ONE_YEAR, TWO_YEARS = "2008-11", "2008-09", "2009-11"
TERM_YEARS = {
    THREE_YEARS: ("2008/09", "2009/10", "2010/11"),
    ONE_YEAR: ("2008/09",),
    TWO_YEARS: ("2009/10", "2010/11"),
}


def term_years(term: str) -> tuple[str, ...]:
    """The financial years of a term.

    >>> term_years("2008-11")
    ('2008/09', '2009/10', '2010/11')
    >>> term_years("2009-11")
    ('2009/10', '2010/11')
    """
    return TERM_YEARS[term]


def year_start(year: str) -> datetime.date:
    """1 April of a financial year "2008/09".

    >>> year_start("2009/10")
    datetime.date(2009, 4, 1)
    """
    return datetime.date(int(year[:4]), 4, 1)


def year_end(year: str) -> datetime.date:
    """31 March that ends a financial year.

    >>> year_end("2008/09")
    datetime.date(2009, 3, 31)
    """
    return datetime.date(int(year[:4]) + 1, 3, 31)


def term_start(term: str) -> datetime.date:
    return year_start(term_years(term)[0])


def term_end(term: str) -> datetime.date:
    return year_end(term_years(term)[-1])


def long_date(day: datetime.date) -> str:
    """GOV.UK style: "30 July 2008".

    >>> long_date(datetime.date(2008, 7, 3))
    '3 July 2008'
    """
    return f"{day.day} {day:%B %Y}"


# --- Rule A1: the term -----------------------------------------------------------------


@dataclass(frozen=True)
class AreaFacts:
    """What rule A1 needs to know about an area."""

    name: str
    upper_tier: bool
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    # Ends on 31 March 2009 and is divided among several new areas.
    divided_in_2009: bool = False
    # Began on 1 April 2009 from a divided county.
    formed_by_division_in_2009: bool = False


def term_problem(term: str, area: AreaFacts) -> str | None:
    """Rule A1: a three-year LAA normally; a one-year LAA for an area divided on
    1 April 2009 and two-year LAAs for the new areas.

    >>> kent = AreaFacts("Kent", upper_tier=True)
    >>> term_problem(THREE_YEARS, kent) is None
    True
    >>> from textwrap import fill
    >>> print(fill(term_problem(ONE_YEAR, kent), 88))
    A one-year LAA is only for an area divided on 1 April 2009. Kent continues: choose the
    three-year LAA.
    >>> beds = AreaFacts("Bedfordshire", True, valid_to=datetime.date(2009, 3, 31),
    ...                  divided_in_2009=True)
    >>> print(term_problem(THREE_YEARS, beds))
    Bedfordshire is divided into new areas on 1 April 2009: choose a one-year LAA for 2008/09.
    >>> term_problem(ONE_YEAR, beds) is None
    True
    """
    if not area.upper_tier:
        return (
            f"{area.name} is not a county or unitary area: only a county or unitary "
            "council holds an LAA, and district councils sign up to its targets as partners."
        )
    if term == THREE_YEARS:
        if area.divided_in_2009:
            return (
                f"{area.name} is divided into new areas on 1 April 2009: "
                "choose a one-year LAA for 2008/09."
            )
        if area.formed_by_division_in_2009 or (
            area.valid_from is not None and area.valid_from > term_start(THREE_YEARS)
        ):
            return (
                f"{area.name} began on 1 April 2009: choose a two-year LAA for 2009/10 to 2010/11."
            )
        return None
    if term == ONE_YEAR:
        if not area.divided_in_2009:
            return (
                "A one-year LAA is only for an area divided on 1 April 2009. "
                f"{area.name} continues: choose the three-year LAA."
            )
        return None
    if term == TWO_YEARS:
        if not area.formed_by_division_in_2009:
            return (
                "A two-year LAA is only for a new area formed on 1 April 2009 from a divided "
                f"county. {area.name} is not one: choose the three-year LAA."
            )
        return None
    return "Choose how long the agreement lasts."


# --- Rules A2, A3, A4, D3, D9: which indicator for which kind of target ---------------------


@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    national: bool = True
    live: bool = True
    statutory_education: bool = False
    first_year: str = "2008/09"
    polarity: str = ""
    has_confidence_intervals: bool = False


DESIGNATED, STATUTORY, LOCAL = "designated", "statutory", "local"


def category_problem(category: str, indicator: IndicatorFacts) -> str | None:
    """Designated targets are on live national indicators other than the statutory
    education ones (A2, D3); statutory targets only on those (A3); local targets on
    any live indicator, national or local (A4, D9).

    >>> category_problem(DESIGNATED, IndicatorFacts("NI 112")) is None
    True
    >>> from textwrap import fill
    >>> ni_73 = IndicatorFacts("NI 73", statutory_education=True)
    >>> print(fill(category_problem(DESIGNATED, ni_73), 88))
    NI 73 is used for the statutory education and early years targets, agreed with DCSF: add
    it as a statutory target, not as one of the up to 35 designated targets.
    >>> from textwrap import fill
    >>> print(fill(category_problem(STATUTORY, IndicatorFacts("NI 112")), 88))
    NI 112 is not one of the statutory education and early years indicators: add it as a
    designated or local target.
    >>> category_problem(LOCAL, IndicatorFacts("GVA-KENT", national=False)) is None
    True
    """
    if not indicator.live:
        return (
            f"{indicator.code} has been deleted from the National Indicator Set: "
            "choose a live indicator."
        )
    if category == DESIGNATED:
        if not indicator.national:
            return (
                f"{indicator.code} is a local indicator: designated targets must be on a national "
                "indicator. Add it as a local target."
            )
        if indicator.statutory_education:
            return (
                f"{indicator.code} is used for the statutory education and early years targets, "
                "agreed with DCSF: add it as a statutory target, not as one of the up to 35 "
                "designated targets."
            )
    elif category == STATUTORY:
        if not indicator.statutory_education:
            return (
                f"{indicator.code} is not one of the statutory education and early years "
                "indicators: add it as a designated or local target."
            )
    elif category != LOCAL:
        return "Choose the kind of target: designated, statutory or local."
    return None


def designated_limit_problem(designated_already: int) -> str | None:
    """Rule A2: at most 35 designated targets; fewer is fine.

    >>> designated_limit_problem(34) is None
    True
    >>> from textwrap import fill
    >>> print(fill(designated_limit_problem(35), 88))
    This agreement already has 35 designated targets, the most it can have. Make this a
    local target, or remove or un-designate another designated target first.
    """
    if designated_already >= MAX_DESIGNATED:
        return (
            f"This agreement already has {designated_already} designated targets, the most it "
            "can have. Make this a local target, or remove or un-designate another designated "
            "target first."
        )
    return None


# --- Rule A5: baseline and trajectory ----------------------------------------------------------

TRAJECTORY, PLACEHOLDER, IMPROVEMENT, RELATIVE = (
    "trajectory",
    "placeholder",
    "improvement_on_baseline",
    "relative",
)


def required_years(term: str, first_year: str) -> tuple[str, ...]:
    """The years that need a target: the term's years once the indicator is reported (D2).

    >>> required_years("2008-11", "2009/10")
    ('2009/10', '2010/11')
    """
    return tuple(y for y in term_years(term) if y >= first_year)


def missing_years(years: Sequence[str], trajectory: Mapping[str, Decimal | None]) -> list[str]:
    """Years of the agreement without a target value.

    >>> missing_years(("2008/09", "2009/10"), {"2008/09": Decimal("1"), "2009/10": None})
    ['2009/10']
    """
    return [year for year in years if trajectory.get(year) is None]


def placeholder_problem(indicator: IndicatorFacts, term: str, baseline_tbc: bool) -> str | None:
    """Rule A5, D2: a placeholder (target set at the annual review) only for an indicator
    deferred beyond the agreement's first year, or a new one without a baseline.

    >>> placeholder_problem(IndicatorFacts("NI 32", first_year="2009/10"), "2008-11", False) is None
    True
    >>> from textwrap import fill
    >>> print(fill(placeholder_problem(IndicatorFacts("NI 112"), "2008-11", False), 88))
    A placeholder is only for an indicator deferred to a later year, or a new indicator
    without a baseline. NI 112 is reported from 2008/09: give a target for every year, or
    mark the baseline as to be confirmed.
    """
    deferred = indicator.first_year > term_years(term)[0]
    if deferred or baseline_tbc:
        return None
    return (
        "A placeholder is only for an indicator deferred to a later year, or a new indicator "
        f"without a baseline. {indicator.code} is reported from {indicator.first_year}: give a "
        "target for every year, or mark the baseline as to be confirmed."
    )


# --- Rule A10 and stretch -------------------------------------------------------------


def clears_confidence_interval(
    polarity: str, target: Decimal, lower: Decimal, upper: Decimal
) -> bool:
    """Rule A10: a survey target must be beyond the baseline's confidence interval in the
    good direction: above the upper limit when higher is better, below the lower limit
    when lower is better. Exactly on the limit does not clear it.

    >>> clears_confidence_interval("higher", Decimal("56"), Decimal("50"), Decimal("55"))
    True
    >>> clears_confidence_interval("higher", Decimal("55"), Decimal("50"), Decimal("55"))
    False
    >>> clears_confidence_interval("lower", Decimal("49"), Decimal("50"), Decimal("55"))
    True
    """
    if polarity == HIGHER:
        return target > upper
    if polarity == LOWER:
        return target < lower
    return True


def survey_target_problem(
    *,
    code: str,
    polarity: str,
    year: str,
    target: Decimal,
    lower: Decimal,
    upper: Decimal,
) -> str | None:
    """The refusal when a survey target does not clear its baseline's interval (A10).

    >>> from textwrap import fill
    >>> print(fill(survey_target_problem(code="NI 5", polarity="higher", year="2010/11",
    ...       target=Decimal("76"), lower=Decimal("72"), upper=Decimal("77.5")), 88))
    NI 5 is a survey indicator: the target for 2010/11 (76) must be above 77.5, the upper
    limit of the baseline's confidence interval, or the improvement cannot be told from
    sampling error.
    """
    if clears_confidence_interval(polarity, target, lower, upper):
        return None
    if polarity == HIGHER:
        where, limit, which = "above", upper, "upper"
    else:
        where, limit, which = "below", lower, "lower"
    return (
        f"{code} is a survey indicator: the target for {year} ({plain(target)}) must be "
        f"{where} {plain(limit)}, the {which} limit of the baseline's confidence interval, "
        "or the improvement cannot be told from sampling error."
    )


def is_not_stretching(polarity: str, baseline: Decimal | None, target: Decimal | None) -> bool:
    """A target worse than its baseline is not stretching (it is flagged, not refused).

    >>> is_not_stretching("lower", Decimal("40"), Decimal("45"))
    True
    >>> is_not_stretching("higher", Decimal("40"), Decimal("40"))
    False
    >>> is_not_stretching("", Decimal("40"), Decimal("1"))
    False
    """
    if baseline is None or target is None:
        return False
    if polarity == HIGHER:
        return target < baseline
    if polarity == LOWER:
        return target > baseline
    return False


def plain(value: Decimal) -> str:
    """A decimal without trailing zeros: 77.50 → "77.5", 40.000 → "40".

    >>> plain(Decimal("77.50")), plain(Decimal("40.000")), plain(Decimal("1E+2"))
    ('77.5', '40', '100')
    """
    text = format(value.normalize(), "f")
    return text


# --- Duplicates ---------------------------------------------------------------------------


def scope_key(
    *,
    measure_id: int | None,
    area_ids: Sequence[int] = (),
    group_ids: Sequence[int] = (),
    sub_regional_id: int | None = None,
) -> str:
    """A canonical text for "this measure over this scope", so that the same indicator
    and scope twice in one category can be refused (also by a database constraint).

    >>> scope_key(measure_id=7, area_ids=[3, 1])
    'm7|a1,3|g|s'
    >>> scope_key(measure_id=None) == scope_key(measure_id=None, area_ids=())
    True
    """
    areas = ",".join(str(i) for i in sorted(set(area_ids)))
    groups = ",".join(str(i) for i in sorted(set(group_ids)))
    return f"m{measure_id or ''}|a{areas}|g{groups}|s{sub_regional_id or ''}"


def scope_is_whole_area(key: str) -> bool:
    """No smaller areas, no groups and no sub-region: the whole area.

    >>> scope_is_whole_area(scope_key(measure_id=7)), scope_is_whole_area("m7|a1|g|s")
    (True, False)
    """
    return key.endswith("|a|g|s")


# --- Rule L4: the one-month lock on local targets ------------------------------------------


def add_one_month(day: datetime.date) -> datetime.date:
    """The same day of the next month, or that month's last day if it is shorter.

    >>> add_one_month(datetime.date(2008, 6, 30))
    datetime.date(2008, 7, 30)
    >>> add_one_month(datetime.date(2009, 1, 31))
    datetime.date(2009, 2, 28)
    >>> add_one_month(datetime.date(2008, 12, 15))
    datetime.date(2009, 1, 15)
    """
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Approval:
    """An approval that starts the one-month lock: of the LAA, or of a revision that
    included local targets."""

    on: datetime.date
    what: str  # "the agreement was approved", "the revision “…” was approved"


def local_change_first_permitted(approvals: Sequence[Approval]) -> Approval | None:
    """The approval that sets the lock now: the latest one.

    >>> a = Approval(datetime.date(2008, 6, 30), "the agreement was approved")
    >>> b = Approval(datetime.date(2008, 10, 1), "the revision “Autumn 2008” was approved")
    >>> local_change_first_permitted([a, b]) == b
    True
    """
    return max(approvals, key=lambda a: a.on, default=None)


def local_change_lock_problem(approvals: Sequence[Approval], on: datetime.date) -> str | None:
    """Rule L4: local targets cannot be added, changed or dropped within one month of
    the approval of the LAA or of a revision that included local targets.

    >>> a = Approval(datetime.date(2008, 6, 30), "the agreement was approved")
    >>> from textwrap import fill
    >>> print(fill(local_change_lock_problem([a], datetime.date(2008, 7, 29)), 88))
    Local targets cannot change until 30 July 2008, one month after the agreement was
    approved on 30 June 2008.
    >>> local_change_lock_problem([a], datetime.date(2008, 7, 30)) is None
    True
    """
    latest = local_change_first_permitted(approvals)
    if latest is None:
        return None
    first_permitted = add_one_month(latest.on)
    if on >= first_permitted:
        return None
    return (
        f"Local targets cannot change until {long_date(first_permitted)}, one month after "
        f"{latest.what} on {long_date(latest.on)}."
    )
