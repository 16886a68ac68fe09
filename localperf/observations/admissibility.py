"""Which figures an indicator admits: period kinds (rule D5), area levels (rule D8) and
the range of values its unit allows. Pure functions over plain strings, no database.

Period kinds by default follow the indicator's reporting frequency and survey:

==========================  ==============================================================
reporting frequency         period kinds accepted
==========================  ==============================================================
biennial survey             survey rounds ("Place Survey 2008"; rule D7)
rolling three-year          rolling periods ("2006/07-2008/09")
quarterly                   quarters and financial years (a year is the sum of its quarters)
half-yearly                 half years and financial years
annual                      financial years; DCSF (education) indicators also academic years
==========================  ==============================================================

An indicator whose definition says otherwise (rule D8: some exist only at other levels,
or at other periods) gets an ``IndicatorRules`` row; a non-empty list there replaces the
default, it does not add to it.

Area levels by default: regions, every local authority level and the smaller areas
(wards, LSOAs) and custom groups that targets for parts of an area use (rule A6); for a
national indicator, England as a whole too (the figure every area is compared with).
Sub-regions and police force areas are accepted only where an ``IndicatorRules`` row says
so (rule D8: the indicators that exist only at those levels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from localperf.calculations.periods import PeriodKind

FINANCIAL_YEAR = PeriodKind.FINANCIAL_YEAR.value
QUARTER = PeriodKind.QUARTER.value
HALF_YEAR = PeriodKind.HALF_YEAR.value
SURVEY_ROUND = PeriodKind.SURVEY_ROUND.value
ROLLING_THREE_YEAR = PeriodKind.ROLLING_THREE_YEAR.value
ACADEMIC_YEAR = PeriodKind.ACADEMIC_YEAR.value

PERIOD_KINDS_BY_FREQUENCY: dict[str, frozenset[str]] = {
    "biennial_survey": frozenset({SURVEY_ROUND}),
    "rolling_three_year": frozenset({ROLLING_THREE_YEAR}),
    "quarterly": frozenset({QUARTER, FINANCIAL_YEAR}),
    "half_yearly": frozenset({HALF_YEAR, FINANCIAL_YEAR}),
    "annual": frozenset({FINANCIAL_YEAR}),
}
PLACE_SURVEY = "Place Survey"

DEFAULT_AREA_TYPES = frozenset(
    {
        "region",
        "county",
        "unitary",
        "metropolitan_district",
        "london_borough",
        "city_of_london",
        "isles_of_scilly",
        "district",
        "ward",
        "lsoa",
        "custom",
    }
)


NATIONAL_AREA_TYPES = DEFAULT_AREA_TYPES | {"country"}


def default_area_types(indicator_kind: str) -> frozenset[str]:
    """The area levels an indicator accepts when no override says otherwise.

    >>> "country" in default_area_types("national"), "country" in default_area_types("local")
    (True, False)
    """
    return NATIONAL_AREA_TYPES if indicator_kind == "national" else DEFAULT_AREA_TYPES


def default_period_kinds(reporting_frequency: str, survey: str, department: str) -> frozenset[str]:
    """The period kinds an indicator accepts when no override says otherwise (rule D5, D7).

    >>> sorted(default_period_kinds("annual", "Place Survey", "CLG"))
    ['survey_round']
    >>> sorted(default_period_kinds("quarterly", "", "Home Office"))
    ['financial_year', 'quarter']
    >>> sorted(default_period_kinds("annual", "", "DCSF"))
    ['academic_year', 'financial_year']
    """
    if survey.strip() == PLACE_SURVEY:
        return PERIOD_KINDS_BY_FREQUENCY["biennial_survey"]
    kinds = PERIOD_KINDS_BY_FREQUENCY.get(reporting_frequency, PERIOD_KINDS_BY_FREQUENCY["annual"])
    if reporting_frequency == "annual" and department.strip().startswith("DCSF"):
        # Schools report by academic year; the LAA still reads the year it ends in.
        kinds = kinds | {ACADEMIC_YEAR}
    return kinds


def admitted(override: list[str] | None, default: frozenset[str]) -> frozenset[str]:
    """An override replaces the default when it lists anything.

    >>> sorted(admitted(["police_force_area"], DEFAULT_AREA_TYPES))
    ['police_force_area']
    >>> admitted([], DEFAULT_AREA_TYPES) == DEFAULT_AREA_TYPES
    True
    """
    return frozenset(override) if override else default


@dataclass(frozen=True)
class UnitRange:
    """The values a unit allows; ``None`` means unbounded on that side."""

    lowest: float | None
    highest: float | None
    proportion: bool = False

    def describe(self) -> str:
        if self.lowest is not None and self.highest is not None:
            return f"between {self.lowest:g} and {self.highest:g}"
        if self.lowest is not None:
            return f"{self.lowest:g} or more"
        if self.highest is not None:
            return f"{self.highest:g} or less"
        return "any number"


UNBOUNDED = UnitRange(None, None)
_SCALE = re.compile(r"^(?:assessment score|grade|level)\s*\(?\s*(\d+)\s*-\s*(\d+)\s*\)?$")
# Percentages that compare two figures (a change, a gap, actual against predicted) can be
# negative or above 100.
_SIGNED_PERCENT_WORDS = ("change", "reduction", "vs", "versus", "difference")
_GAP_WORDS = ("gap", "difference")
_NON_NEGATIVE_WORDS = (
    "rate",
    "number",
    "£",
    "days",
    "years",
    "per ",
    "minutes",
    "kg",
    "ratio",
    "score",
    "quitters",
)


def unit_range(unit: str) -> UnitRange:
    """The range of values a measure's unit allows.

    >>> unit_range("%")
    UnitRange(lowest=0.0, highest=100.0, proportion=True)
    >>> unit_range("% change in KSI (3-year rolling average)")
    UnitRange(lowest=None, highest=None, proportion=False)
    >>> unit_range("percentage-point gap")
    UnitRange(lowest=-100.0, highest=100.0, proportion=False)
    >>> unit_range("assessment score (1-5)")
    UnitRange(lowest=1.0, highest=5.0, proportion=False)
    >>> unit_range("rate per 100,000 population aged 10-17")
    UnitRange(lowest=0.0, highest=None, proportion=False)
    >>> unit_range("")
    UnitRange(lowest=None, highest=None, proportion=False)
    """
    text = " ".join(unit.lower().split())
    if not text:
        return UNBOUNDED
    if match := _SCALE.match(text):
        return UnitRange(float(match[1]), float(match[2]))
    if "percentage-point" in text or (text.startswith("%") and any(w in text for w in _GAP_WORDS)):
        return UnitRange(-100.0, 100.0)
    if text.startswith("%"):
        if any(word in text for word in _SIGNED_PERCENT_WORDS):
            return UNBOUNDED
        return UnitRange(0.0, 100.0, proportion=True)
    if any(word in text for word in _NON_NEGATIVE_WORDS):
        return UnitRange(0.0, None)
    return UNBOUNDED
