"""A value with its confidence interval, as survey figures carry (rule D7).

Method: an ``Estimate`` is a point value with an optional closed interval
``[lower, upper]`` around it. A value without an interval (administrative
data) behaves as the degenerate interval ``[value, value]``, so the same
overlap test serves survey and non-survey figures alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .measures import Polarity

# Floats from sums and divisions differ in their last bits; closer than this,
# two figures are the same figure.
REL_TOLERANCE = 1e-9
ABS_TOLERANCE = 1e-9


def at_most(a: float, b: float) -> bool:
    """``a <= b``, allowing for floating-point noise.

    >>> at_most(0.1 + 0.2, 0.3), at_most(0.31, 0.3)
    (True, False)
    """
    return a <= b or math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE)


@dataclass(frozen=True)
class Estimate:
    value: float
    lower: float | None = None
    upper: float | None = None

    def __post_init__(self) -> None:
        if (self.lower is None) != (self.upper is None):
            raise ValueError("give both limits of a confidence interval, or neither")
        low, high = self.bounds
        if not low <= self.value <= high:
            raise ValueError(
                f"value {self.value} lies outside its interval [{self.lower}, {self.upper}]"
            )

    @property
    def has_interval(self) -> bool:
        return self.lower is not None

    @property
    def bounds(self) -> tuple[float, float]:
        """The interval; the value itself when there is none."""
        if self.lower is None or self.upper is None:
            return (self.value, self.value)
        return (self.lower, self.upper)

    def overlaps(self, other: Estimate) -> bool:
        """Whether the two intervals share a point; touching counts as overlapping.

        >>> Estimate(50, 47, 53).overlaps(Estimate(55, 53, 57))
        True
        >>> Estimate(50, 47, 53).overlaps(Estimate(56, 54, 58))
        False
        """
        low, high = self.bounds
        other_low, other_high = other.bounds
        return at_most(low, other_high) and at_most(other_low, high)


def clears_baseline_interval(
    target: float, baseline: Estimate, polarity: Polarity | None
) -> bool | None:
    """Whether a survey target lies beyond the baseline's confidence interval (rule A10).

    Beyond means above the upper limit when higher is better, below the lower
    limit when lower is better. None when the baseline has no interval or the
    measure has no simple polarity.

    >>> clears_baseline_interval(56, Estimate(50, 47, 53), Polarity.HIGHER_IS_BETTER)
    True
    >>> clears_baseline_interval(52, Estimate(50, 47, 53), Polarity.HIGHER_IS_BETTER)
    False
    """
    if polarity is None or not baseline.has_interval:
        return None
    low, high = baseline.bounds
    if polarity is Polarity.HIGHER_IS_BETTER:
        return not at_most(target, high)
    return not at_most(low, target)
