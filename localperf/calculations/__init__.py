"""Monitoring calculations: pure functions on values, free of Django and of I/O.

Each module states its method in its docstring:

* ``periods`` — reporting periods, their labels, neighbours and year fractions, and
  what a mistyped one most likely means;
* ``nearest`` — the nearest valid code to a mistyped one (edit distance);
* ``names`` — place names as people type them, for every place search;
* ``measures`` — polarity and accumulation of a measure;
* ``profile`` — the profile of a target for any period, from its trajectory;
* ``variance`` — % variance, positive meaning better than profile;
* ``estimates`` — values with confidence intervals;
* ``direction`` — direction of travel;
* ``rag`` — risk rating and the statuses that are not performance;
* ``projection`` — projected outturn from the trend;
* ``rates`` — rates for combined areas, Wilson intervals;
* ``proforma`` — one cell of the six-monthly report, putting them together;
* ``nearest`` — the nearest valid code to a mistyped one ("did you mean …?").
"""

from .direction import Direction, direction_of_travel
from .estimates import Estimate, clears_baseline_interval
from .measures import Accumulation, Polarity
from .periods import (
    Period,
    PeriodError,
    PeriodKind,
    academic_year,
    calendar_year,
    financial_year,
    financial_year_of,
    half_year,
    laa_year_of,
    period_from_entry,
    period_parse,
    period_repair,
    period_suggestion,
    previous_comparable,
    previous_period,
    quarter,
    rolling_three_year,
    same_period_last_year,
    survey_round,
    year_fraction_elapsed,
)
from .profile import Trajectory, profile_for
from .proforma import Assessment, assess
from .projection import Trend, likely_to_meet, linear_trend, projected_outturn, trend_points
from .rag import DEFAULT_RAG_RULES, RagRule, Rating, rate, target_status
from .rates import combined_rate, proportion_estimate, wilson_interval
from .variance import percent_variance

__all__ = [
    "DEFAULT_RAG_RULES",
    "Accumulation",
    "Assessment",
    "Direction",
    "Estimate",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Polarity",
    "RagRule",
    "Rating",
    "Trajectory",
    "Trend",
    "academic_year",
    "assess",
    "calendar_year",
    "clears_baseline_interval",
    "combined_rate",
    "direction_of_travel",
    "financial_year",
    "financial_year_of",
    "laa_year_of",
    "half_year",
    "likely_to_meet",
    "linear_trend",
    "percent_variance",
    "period_from_entry",
    "period_parse",
    "period_repair",
    "period_suggestion",
    "previous_comparable",
    "previous_period",
    "profile_for",
    "projected_outturn",
    "proportion_estimate",
    "quarter",
    "rate",
    "rolling_three_year",
    "same_period_last_year",
    "survey_round",
    "target_status",
    "trend_points",
    "wilson_interval",
    "year_fraction_elapsed",
]
