"""The domain's rules for a figure (rule ids D1, D2, D4, D5, D8 where one applies), each a
named function over the whole frame: the measure still exists, the value fits its unit,
numerator, denominator and confidence limits agree, the period kind and area level are
ones the indicator is reported for, the area existed then, a deferred indicator is not
reported early, a withdrawn one not after its withdrawal (rules A3, D3), a breakdown is
one the measure declares.

Errors reject the row; the two warnings (an area that began after the period, a
deferred indicator before its first year) do not.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from localperf.observations.importing.cells import finite
from localperf.observations.importing.reference import Dimensions
from localperf.observations.importing.results import WARNING, problems_where
from localperf.observations.models import PeriodKindChoice

KIND_NAMES = {kind: f"a {label.lower()}" for kind, label in PeriodKindChoice.choices}

KNOWN_MEASURE = pl.col("measure_id").is_not_null()
KNOWN_AREA = pl.col("area_id").is_not_null()
KNOWN_PERIOD = pl.col("period_no").is_not_null()

Rule = Callable[[pl.DataFrame, Dimensions], pl.DataFrame]


def domain_rules(rows: pl.DataFrame, dimensions: Dimensions) -> list[pl.DataFrame]:
    """Every domain rule's problems, rule by rule (``DOMAIN_RULES``' order)."""
    return [rule(rows, dimensions) for rule in DOMAIN_RULES]


def measure_deleted(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Rule D1: a measure deleted from the National Indicator Set takes no figures."""
    return problems_where(
        rows,
        KNOWN_MEASURE & pl.col("m_deleted"),
        "measure",
        pl.format("{} has been deleted from the National Indicator Set (rule D1).", "code"),
        dimensions=d,
    )


def value_outside_unit(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """The unit's range: a percentage lies between 0 and 100."""
    return problems_where(
        rows,
        finite("value")
        & (
            (pl.col("value_number") < pl.col("m_low")).fill_null(False)
            | (pl.col("value_number") > pl.col("m_high")).fill_null(False)
        ),
        "value",
        pl.format(
            "{} is outside the range of {}'s unit ({}): it must be {}.",
            pl.col("value").str.strip_chars(),
            pl.col("code"),
            pl.col("unit"),
            pl.col("range_text"),
        ),
        dimensions=d,
    )


def numerator_over_denominator(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        finite("numerator")
        & finite("denominator")
        & pl.col("m_proportion").fill_null(False)
        & (pl.col("numerator_number") > pl.col("denominator_number")),
        "numerator",
        pl.format(
            "The numerator {} is larger than the denominator {}: for a proportion it cannot be.",
            pl.col("numerator").str.strip_chars(),
            pl.col("denominator").str.strip_chars(),
        ),
    )


def denominator_not_positive(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        finite("denominator") & (pl.col("denominator_number") <= 0),
        "denominator",
        pl.format(
            "The denominator {} must be more than 0.", pl.col("denominator").str.strip_chars()
        ),
    )


def numerator_negative(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Only a unit that cannot be negative (its low end is 0 or more) refuses one."""
    non_negative_unit = pl.col("m_low").fill_null(-1.0) >= 0
    return problems_where(
        rows,
        finite("numerator") & (pl.col("numerator_number") < 0) & non_negative_unit,
        "numerator",
        pl.format(
            "The numerator {} cannot be negative for this unit.",
            pl.col("numerator").str.strip_chars(),
        ),
    )


def lower_limit_missing(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        pl.col("ci_lower_number").is_null() & pl.col("ci_upper_number").is_not_null(),
        "ci_lower",
        "is empty: give both confidence limits (ci_lower and ci_upper) or neither.",
    )


def upper_limit_missing(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        pl.col("ci_upper_number").is_null() & pl.col("ci_lower_number").is_not_null(),
        "ci_upper",
        "is empty: give both confidence limits (ci_lower and ci_upper) or neither.",
    )


def limits_reversed(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        finite("ci_lower")
        & finite("ci_upper")
        & (pl.col("ci_lower_number") > pl.col("ci_upper_number")),
        "ci_lower",
        pl.format(
            "The lower confidence limit {} is above the upper limit {}.",
            pl.col("ci_lower").str.strip_chars(),
            pl.col("ci_upper").str.strip_chars(),
        ),
    )


def value_outside_interval(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        finite("ci_lower")
        & finite("ci_upper")
        & finite("value")
        & (pl.col("ci_lower_number") <= pl.col("ci_upper_number"))
        & (
            (pl.col("value_number") < pl.col("ci_lower_number"))
            | (pl.col("value_number") > pl.col("ci_upper_number"))
        ),
        "value",
        pl.format(
            "The value {} lies outside its confidence interval {} to {}.",
            pl.col("value").str.strip_chars(),
            pl.col("ci_lower").str.strip_chars(),
            pl.col("ci_upper").str.strip_chars(),
        ),
    )


def period_kind_unsuited(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Rule D5: the period kind suits the indicator."""
    return problems_where(
        rows,
        KNOWN_MEASURE & KNOWN_PERIOD & ((pl.col("m_period_mask") & pl.col("p_kind_bit")) == 0),
        "period",
        pl.format(
            "{} is {}, which {} is not reported for; it takes {} (rule D5).",
            pl.col("period_label"),
            pl.col("period_kind").replace_strict(KIND_NAMES, default=pl.col("period_kind")),
            pl.col("code"),
            pl.col("period_kinds_text"),
        ),
        dimensions=d,
    )


def area_level_unsuited(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Rule D8: the area level is one the indicator exists at."""
    return problems_where(
        rows,
        KNOWN_MEASURE & KNOWN_AREA & ((pl.col("m_area_mask") & pl.col("a_type_bit")) == 0),
        "area",
        pl.format(
            "{} is a {}; {} is reported only for {} (rule D8).",
            pl.col("area_code"),
            pl.col("area_type"),
            pl.col("code"),
            pl.col("area_types_text"),
        ),
        dimensions=d,
    )


def area_ended_before(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    return problems_where(
        rows,
        KNOWN_AREA
        & KNOWN_PERIOD
        & (pl.col("period_start") > pl.col("a_valid_to")).fill_null(False),
        "area",
        pl.format(
            "{} ended on {}, before {} began.",
            pl.col("area_code"),
            pl.col("a_valid_to"),
            pl.col("period_label"),
        ),
        dimensions=d,
    )


def area_began_after(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """A warning: a baseline is often back-calculated for an area formed since."""
    return problems_where(
        rows,
        KNOWN_AREA
        & KNOWN_PERIOD
        & (pl.col("period_end") < pl.col("a_valid_from")).fill_null(False),
        "area",
        pl.format(
            "{} began on {}, after {} ended: a back-calculated baseline, presumably.",
            pl.col("area_code"),
            pl.col("a_valid_from"),
            pl.col("period_label"),
        ),
        dimensions=d,
        severity=WARNING,
    )


def deferred_reported_early(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Rule D2 (a warning): a deferred indicator is first reported in a later year."""
    return problems_where(
        rows,
        KNOWN_MEASURE
        & KNOWN_PERIOD
        & (pl.col("period_end") < pl.col("m_deferred_start")).fill_null(False),
        "period",
        pl.format(
            "{} is first reported for {} (rule D2); {} is earlier.",
            pl.col("code"),
            pl.col("first_year"),
            pl.col("period_label"),
        ),
        dimensions=d,
        severity=WARNING,
    )


def measure_withdrawn(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Rules A3, D3: a withdrawn indicator (NI 74 and NI 83 when Key Stage 3 tests were
    abolished) takes no figure for a period ending on or after its withdrawal."""
    return problems_where(
        rows,
        KNOWN_MEASURE
        & KNOWN_PERIOD
        & (pl.col("period_end") >= pl.col("m_withdrawn_from")).fill_null(False),
        "period",
        pl.format(
            "{} was withdrawn from {}: a figure for {} is not accepted.",
            pl.col("code"),
            pl.col("withdrawn_text"),
            pl.col("period_label"),
        ),
        dimensions=d,
    )


def breakdown_undeclared(rows: pl.DataFrame, d: Dimensions) -> pl.DataFrame:
    """Rule D4: only the breakdowns a measure declares, when it declares any."""
    return problems_where(
        rows,
        KNOWN_MEASURE
        & pl.col("group_id").is_not_null()
        & (pl.col("group_id") != d.whole_population_id)
        & (pl.col("m_dimension_mask") != 0)
        & ((pl.col("m_dimension_mask") & pl.col("g_dimension_bit")) == 0),
        "group",
        pl.format(
            "{} is not broken down by {} (rule D4).",
            pl.col("code"),
            pl.col("group_dimension"),
        ),
        dimensions=d,
    )


# In this order: a row's problems are listed in it.
DOMAIN_RULES: tuple[Rule, ...] = (
    measure_deleted,
    value_outside_unit,
    numerator_over_denominator,
    denominator_not_positive,
    numerator_negative,
    lower_limit_missing,
    upper_limit_missing,
    limits_reversed,
    value_outside_interval,
    period_kind_unsuited,
    area_level_unsuited,
    area_ended_before,
    area_began_after,
    deferred_reported_early,
    measure_withdrawn,
    breakdown_undeclared,
)
