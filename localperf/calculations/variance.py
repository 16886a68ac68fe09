"""Percentage variance of an actual from its profile (rule M1: the proforma's "% variance").

Method: ``(actual − profile) / |profile| × 100``, multiplied by the polarity's
sign so that a positive variance always means better than profile and a
negative one worse. Dividing by ``|profile|`` keeps that meaning for measures
whose profile is negative (net changes).

When the measure has no simple polarity (``polarity=None``) the variance is
the raw signed difference (positive: above profile, not "better"); the RAG
rating treats such a target as "not rated", so the figure is shown but never
judged.

Rounding: the result is rounded half away from zero to one decimal place —
the precision the proforma shows — so the rating, which is decided from this
figure, always agrees with the figure printed beside it (−5.04 shows as −5.0
and is rated amber, not red). Pass ``places=None`` for the unrounded value.

None when there is nothing to compare: no actual, no profile, a profile of
zero (a percentage of zero is undefined), a non-finite input, or a profile so
close to zero that the percentage overflows.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .measures import Polarity

VARIANCE_DECIMAL_PLACES = 1


def round_half_away(value: float, places: int) -> float:
    """Round as people do on paper: 2.25 → 2.3 and −2.25 → −2.3, never −0.0.

    >>> round_half_away(2.25, 1), round_half_away(-2.25, 1), round_half_away(-0.04, 1)
    (2.3, -2.3, 0.0)
    """
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value  # beyond the precision that rounding could change
    # repr gives the shortest decimal that reads back as this float, so 2.25
    # rounds as the 2.25 the user typed, not as 2.2499999….
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(exact) + 0.0  # + 0.0 turns −0.0 into 0.0


def percent_variance(
    actual: float | None,
    profile: float | None,
    polarity: Polarity | None,
    *,
    places: int | None = VARIANCE_DECIMAL_PLACES,
) -> float | None:
    """Variance of ``actual`` from ``profile`` in percent; positive is better.

    >>> percent_variance(55, 50, Polarity.HIGHER_IS_BETTER)
    10.0
    >>> percent_variance(55, 50, Polarity.LOWER_IS_BETTER)
    -10.0
    >>> percent_variance(47.5, 50, None)
    -5.0
    >>> percent_variance(3, 0, Polarity.HIGHER_IS_BETTER) is None
    True
    """
    if actual is None or profile is None or profile == 0:
        return None
    if not (math.isfinite(actual) and math.isfinite(profile)):
        return None
    raw = (actual - profile) / abs(profile) * 100
    signed = raw if polarity is None else raw * polarity.sign
    if not math.isfinite(signed):
        return None
    if places is None:
        return signed + 0.0
    return round_half_away(signed, places)
