"""Direction of travel: is a figure better or worse than the previous comparable one?
(rules M3, M7)

Method:

1. A definition change between the two figures makes them not comparable
   (rule D6); so does a missing figure or a measure with no simple polarity.
2. Otherwise the change counts only when the two confidence intervals do not
   overlap (rules M5, D7). A figure without an interval is its own point
   interval, so two administrative figures differ whenever their values do
   (beyond floating-point noise), and a survey figure compared with a point
   value changes only when the point lies outside its interval. Intervals
   that merely touch overlap. Non-overlap is the FAQ's rule of thumb; it is
   stricter than a formal test of the difference, so it never claims a change
   that a statistician would dispute.
3. A change that counts is improving when it moves in the polarity's better
   direction, worsening otherwise.

Pick the previous comparable period with ``periods.previous_comparable``.
"""

from __future__ import annotations

from enum import StrEnum

from .estimates import Estimate
from .measures import Polarity


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_SIGNIFICANT_CHANGE = "no_significant_change"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def reversed(self) -> Direction:
        """The verdict seen the other way round; a non-verdict stays as it is."""
        if self is Direction.IMPROVING:
            return Direction.WORSENING
        if self is Direction.WORSENING:
            return Direction.IMPROVING
        return self


_LABELS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.NO_SIGNIFICANT_CHANGE: "No significant change",
    Direction.NOT_COMPARABLE: "Not comparable",
}


def direction_of_travel(
    current: Estimate | None,
    previous: Estimate | None,
    polarity: Polarity | None,
    *,
    definition_changed: bool = False,
) -> Direction:
    """Direction of travel from ``previous`` to ``current``.

    >>> up = Polarity.HIGHER_IS_BETTER
    >>> direction_of_travel(Estimate(56, 54, 58), Estimate(50, 47, 53), up).label
    'Improving'
    >>> direction_of_travel(Estimate(55, 52, 58), Estimate(50, 47, 53), up).label
    'No significant change'
    >>> direction_of_travel(Estimate(48), Estimate(50), Polarity.LOWER_IS_BETTER).label
    'Improving'
    >>> direction_of_travel(Estimate(60), Estimate(50), up, definition_changed=True).label
    'Not comparable'
    """
    if definition_changed or current is None or previous is None or polarity is None:
        return Direction.NOT_COMPARABLE
    if current.overlaps(previous):
        return Direction.NO_SIGNIFICANT_CHANGE
    rise = current.value > previous.value
    better = rise if polarity is Polarity.HIGHER_IS_BETTER else not rise
    return Direction.IMPROVING if better else Direction.WORSENING
