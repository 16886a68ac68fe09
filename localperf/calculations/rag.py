"""Risk rating of a target for a period (rule M1: the proforma's "risk rating").

Method: ``target_status`` first settles whether there is anything to rate, in
this order, and only then rates the variance:

1. PLACEHOLDER — the target is not yet set (deferred or new indicator, rule
   D2/A5), whatever data exist.
2. No actual value:
   * a due date is known: NOT_YET_DUE up to and including the due date,
     OVERDUE after it — a data return is late;
   * no due date is known: MISSING once the period has ended (or when its end
     is unknown), NOT_YET_DUE while it runs. OVERDUE and MISSING stay
     distinct because they call for different action: chase a late return,
     or agree when the data will come.
3. An actual value but no profile, a zero profile, or no simple polarity:
   NOT_RATED — there is no fair yardstick.
4. Otherwise ``rate(percent_variance(...))``: the first rule whose
   ``min_variance`` the variance reaches wins.

Default rules (variance in percent, positive is better, see ``variance``):
green when on or ahead of profile (≥ 0), amber when behind by no more than 5%
(≥ −5), red otherwise. The variance is the figure rounded to one decimal
place, so the rating always matches the figure shown.

A rating is shown in words as well as colour: each has a plain-English
``label`` and a GOV.UK tag ``colour`` (class ``govuk-tag--<colour>``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .measures import Polarity
from .variance import percent_variance


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_YET_DUE = "not_yet_due"
    OVERDUE = "overdue"
    MISSING = "missing"
    PLACEHOLDER = "placeholder"
    NOT_RATED = "not_rated"

    @property
    def label(self) -> str:
        """Plain English, for the tag text and for screen readers.

        >>> Rating.AMBER.label
        'Slightly behind'
        """
        return _LABELS[self]

    @property
    def colour(self) -> str:
        """GOV.UK tag colour name.

        >>> Rating.AMBER.colour, Rating.AMBER.tag_class
        ('yellow', 'govuk-tag--yellow')
        """
        return _COLOURS[self]

    @property
    def tag_class(self) -> str:
        return f"govuk-tag--{self.colour}"

    @property
    def is_performance(self) -> bool:
        """True for GREEN, AMBER and RED: a judgement on performance, not on data."""
        return self in PERFORMANCE_RATINGS


PERFORMANCE_RATINGS = frozenset({Rating.GREEN, Rating.AMBER, Rating.RED})

_LABELS = {
    Rating.GREEN: "On track",
    Rating.AMBER: "Slightly behind",
    Rating.RED: "Off track",
    Rating.NOT_YET_DUE: "Not yet due",
    Rating.OVERDUE: "Overdue",
    Rating.MISSING: "Missing",
    Rating.PLACEHOLDER: "Target not yet set",
    Rating.NOT_RATED: "Not rated",
}

# The text carries the meaning; colours only help the eye, so the statuses
# that are not performance avoid green, yellow and red.
_COLOURS = {
    Rating.GREEN: "green",
    Rating.AMBER: "yellow",
    Rating.RED: "red",
    Rating.NOT_YET_DUE: "grey",
    Rating.OVERDUE: "pink",
    Rating.MISSING: "purple",
    Rating.PLACEHOLDER: "blue",
    Rating.NOT_RATED: "grey",
}


@dataclass(frozen=True)
class RagRule:
    """Rate ``rating`` when the variance is at least ``min_variance``; None matches any."""

    min_variance: float | None
    rating: Rating

    def __post_init__(self) -> None:
        if self.rating not in PERFORMANCE_RATINGS:
            raise ValueError(f"a RAG rule rates green, amber or red, not {self.rating.label!r}")
        if self.min_variance is not None and not math.isfinite(self.min_variance):
            raise ValueError("a RAG rule's minimum variance must be a finite number")

    def matches(self, variance: float) -> bool:
        return self.min_variance is None or variance >= self.min_variance


DEFAULT_RAG_RULES: tuple[RagRule, ...] = (
    RagRule(0.0, Rating.GREEN),
    RagRule(-5.0, Rating.AMBER),
    RagRule(None, Rating.RED),
)


def rate(variance: float | None, rules: Sequence[RagRule] = DEFAULT_RAG_RULES) -> Rating:
    """The rating of the first rule the variance meets; NOT_RATED if none does.

    >>> [rate(v).label for v in (0.0, -5.0, -5.1)]
    ['On track', 'Slightly behind', 'Off track']
    >>> rate(None)
    <Rating.NOT_RATED: 'not_rated'>
    """
    if variance is None or math.isnan(variance):
        return Rating.NOT_RATED
    for rule in rules:
        if rule.matches(variance):
            return rule.rating
    return Rating.NOT_RATED


def target_status(
    *,
    is_placeholder: bool,
    profile: float | None,
    actual: float | None,
    polarity: Polarity | None,
    today: date,
    due_date: date | None = None,
    period_end: date | None = None,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
) -> Rating:
    """The status of one target for one period (see the module docstring for the order).

    >>> target_status(is_placeholder=False, profile=50.0, actual=None,
    ...               polarity=Polarity.HIGHER_IS_BETTER, today=date(2009, 7, 1),
    ...               due_date=date(2009, 6, 30)).label
    'Overdue'
    >>> target_status(is_placeholder=False, profile=50.0, actual=48.0,
    ...               polarity=Polarity.HIGHER_IS_BETTER, today=date(2009, 7, 1)).label
    'Slightly behind'
    """
    if is_placeholder:
        return Rating.PLACEHOLDER
    if actual is None:
        if due_date is not None:
            return Rating.NOT_YET_DUE if today <= due_date else Rating.OVERDUE
        if period_end is not None and today <= period_end:
            return Rating.NOT_YET_DUE
        return Rating.MISSING
    if polarity is None:
        return Rating.NOT_RATED
    return rate(percent_variance(actual, profile, polarity), rules)
