"""The national picture: one indicator across every area (rules N1, M7).

Methods, stated because published league tables differ on each:

* **Quartiles** — inclusive linear interpolation, the method of Excel's
  ``QUARTILE.INC``, R's type 7, NumPy's default and DuckDB's
  ``quantile_cont``: the p-th quantile of n sorted values sits at position
  ``p × (n − 1)`` (counting from 0), interpolating between neighbours. The
  median is the 0.5 quantile, so for an even count it is the mean of the two
  middle values.
* **Ranks** — 1 is the best, by the measure's polarity. Ties share the best
  rank of their group and the next rank skips ("competition" ranking:
  1, 2, 2, 4), so a rank always says how many areas did strictly better.
  Values equal within floating-point noise tie.
* **Quartile band** — 1 is the best quarter of areas, 4 the worst, read off
  the quartile cut points in the good direction; a value exactly on a cut
  point belongs to the better band.
* **Compared with England** — the same confidence-interval overlap test as
  direction of travel (rules M5, D7): significantly better or worse only
  when the intervals do not overlap; a figure without an interval is its own
  point interval. A measure with no polarity is only "higher" or "lower".
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from .estimates import Estimate, at_most
from .measures import Polarity

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Distribution:
    count: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float


def quantile(sorted_values: Sequence[float], p: float) -> float:
    """The inclusive (type 7) quantile of values already in ascending order.

    >>> quantile([1, 2, 3, 4], 0.5), quantile([1, 2, 3, 4], 0.25)
    (2.5, 1.75)
    >>> quantile([7], 0.75)
    7.0
    """
    if not sorted_values:
        raise ValueError("the quantile of no values is undefined")
    if not 0 <= p <= 1:
        raise ValueError(f"a quantile lies between 0 and 1, not {p}")
    position = p * (len(sorted_values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    fraction = position - below
    low, high = float(sorted_values[below]), float(sorted_values[above])
    return low + (high - low) * fraction


def distribution_of(values: Sequence[float]) -> Distribution | None:
    """Count, minimum, quartiles, median and maximum; None when there are no values.

    >>> d = distribution_of([10, 40, 20, 30])
    >>> d.minimum, d.lower_quartile, d.median, d.upper_quartile, d.maximum
    (10.0, 17.5, 25.0, 32.5, 40.0)
    """
    ordered = sorted(float(v) for v in values)
    if not ordered:
        return None
    return Distribution(
        count=len(ordered),
        minimum=ordered[0],
        lower_quartile=quantile(ordered, 0.25),
        median=quantile(ordered, 0.5),
        upper_quartile=quantile(ordered, 0.75),
        maximum=ordered[-1],
    )


def ranks(values: Mapping[Key, float], polarity: Polarity) -> dict[Key, int]:
    """Each key's rank, 1 the best; ties share a rank and the next one skips.

    >>> ranks({"a": 50, "b": 70, "c": 70, "d": 10}, Polarity.HIGHER_IS_BETTER)
    {'b': 1, 'c': 1, 'a': 3, 'd': 4}
    >>> ranks({"a": 50, "b": 70}, Polarity.LOWER_IS_BETTER)
    {'a': 1, 'b': 2}
    """
    best_first = sorted(values.items(), key=lambda item: item[1] * -polarity.sign)
    result: dict[Key, int] = {}
    previous: float | None = None
    rank = 0
    for position, (key, value) in enumerate(best_first, start=1):
        if previous is None or not _same(value, previous):
            rank = position
        result[key] = rank
        previous = value
    return result


def quartile_band(value: float, distribution: Distribution, polarity: Polarity) -> int:
    """1 for the best quarter of areas, 4 for the worst (a cut point joins the better band).

    >>> d = distribution_of([10, 20, 30, 40, 50])
    >>> [quartile_band(v, d, Polarity.HIGHER_IS_BETTER) for v in (50, 40, 30, 25, 10)]
    [1, 1, 2, 3, 4]
    >>> quartile_band(10, d, Polarity.LOWER_IS_BETTER)
    1
    """
    cuts = (distribution.lower_quartile, distribution.median, distribution.upper_quartile)
    if polarity is Polarity.HIGHER_IS_BETTER:
        return 1 + sum(1 for cut in cuts if not at_most(cut, value))
    return 1 + sum(1 for cut in cuts if not at_most(value, cut))


class Comparison(StrEnum):
    SIGNIFICANTLY_BETTER = "better"
    SIMILAR = "similar"
    SIGNIFICANTLY_WORSE = "worse"
    # Where a measure is neither better higher nor better lower: the plain difference.
    SIGNIFICANTLY_HIGHER = "higher"
    SIGNIFICANTLY_LOWER = "lower"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        return _COMPARISON_LABELS[self]


_COMPARISON_LABELS = {
    Comparison.SIGNIFICANTLY_BETTER: "Significantly better than England",
    Comparison.SIMILAR: "Not significantly different from England",
    Comparison.SIGNIFICANTLY_WORSE: "Significantly worse than England",
    Comparison.SIGNIFICANTLY_HIGHER: "Significantly higher than England",
    Comparison.SIGNIFICANTLY_LOWER: "Significantly lower than England",
    Comparison.NOT_COMPARABLE: "Not comparable",
}


def compared_with(
    local: Estimate | None, benchmark: Estimate | None, polarity: Polarity | None
) -> Comparison:
    """Whether an area's figure is significantly better or worse than a benchmark (M7).

    >>> up = Polarity.HIGHER_IS_BETTER
    >>> compared_with(Estimate(60, 57, 63), Estimate(52, 51, 53), up).label
    'Significantly better than England'
    >>> compared_with(Estimate(54, 50, 58), Estimate(52, 51, 53), up).label
    'Not significantly different from England'
    >>> compared_with(Estimate(40), Estimate(52), Polarity.LOWER_IS_BETTER).label
    'Significantly better than England'

    Without a polarity, only higher or lower (and "similar" when the intervals overlap):

    >>> compared_with(Estimate(60, 57, 63), Estimate(52, 51, 53), None).label
    'Significantly higher than England'
    """
    if local is None or benchmark is None:
        return Comparison.NOT_COMPARABLE
    if local.overlaps(benchmark):
        return Comparison.SIMILAR
    higher = local.value > benchmark.value
    if polarity is None:
        return Comparison.SIGNIFICANTLY_HIGHER if higher else Comparison.SIGNIFICANTLY_LOWER
    better = higher if polarity is Polarity.HIGHER_IS_BETTER else not higher
    return Comparison.SIGNIFICANTLY_BETTER if better else Comparison.SIGNIFICANTLY_WORSE


def _same(a: float, b: float) -> bool:
    return at_most(a, b) and at_most(b, a)
