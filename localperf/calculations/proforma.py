"""One cell of the six-monthly progress report: for a target and a period, the
profile, actual, % variance and risk rating (rule M1, ``004_…`` Annex A).

Method: ``profile.profile_for`` gives the profile, ``variance.percent_variance``
the variance (positive is better, one decimal place) and ``rag.target_status``
the rating. The target counts as a placeholder when the caller says so or when
the trajectory holds the period's financial year without a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .measures import Accumulation, Polarity
from .periods import Period, laa_year_of
from .profile import Trajectory, profile_for
from .rag import DEFAULT_RAG_RULES, RagRule, Rating, target_status
from .variance import percent_variance


@dataclass(frozen=True)
class Assessment:
    period: Period
    profile: float | None
    actual: float | None
    variance: float | None
    rating: Rating


def assess(
    *,
    trajectory: Trajectory,
    period: Period,
    accumulation: Accumulation,
    polarity: Polarity | None,
    actual: float | None,
    today: date,
    due_date: date | None = None,
    is_placeholder: bool = False,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
) -> Assessment:
    """Profile, actual, variance and rating of one target for one period.

    >>> from .periods import period_parse
    >>> t = Trajectory.of(baseline=50, targets={"2008/09": 54})
    >>> a = assess(trajectory=t, period=period_parse("2008/09 H1"),
    ...            accumulation=Accumulation.SNAPSHOT, polarity=Polarity.HIGHER_IS_BETTER,
    ...            actual=50.0, today=date(2008, 12, 1))
    >>> a.profile, a.variance, a.rating.label
    (52.0, -3.8, 'Slightly behind')
    """
    placeholder = is_placeholder or trajectory.is_placeholder_for(laa_year_of(period))
    profile = profile_for(trajectory, period, accumulation)
    return Assessment(
        period=period,
        profile=profile,
        actual=actual,
        variance=percent_variance(actual, profile, polarity),
        rating=target_status(
            is_placeholder=placeholder,
            profile=profile,
            actual=actual,
            polarity=polarity,
            today=today,
            due_date=due_date,
            period_end=period.end,
            rules=rules,
        ),
    )
