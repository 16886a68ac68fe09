"""Rates for combined areas and groups, and confidence intervals for proportions
(rule A6: performance reported for the whole area as well as for parts; rule N1:
the national view; rule D7: survey figures carry confidence intervals).

Method: a rate for a combination of areas is the sum of the numerators over
the sum of the denominators, times ``per``. It is never the mean of the parts'
rates, which would give a small district the weight of a large one.

The confidence interval of a proportion is Wilson's score interval, which
stays inside 0–100% and behaves at small counts and at proportions near 0 or
1, where the simple "p ± z·√(p(1−p)/n)" fails. For weighted surveys such as
the Place Survey the published interval (which allows for the design effect)
should be preferred; Wilson on the raw counts is the fallback.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from .estimates import Estimate

Z_95 = 1.96

_PER = re.compile(r"\bper\s+([0-9][0-9,]*)")
# "£ per head", "bed days per head": a total over a headcount, Σ totals / Σ heads as it is.
_PER_HEAD = re.compile(r"\bper\s+(head|person|capita)\b")
# A percentage that compares two figures (a change, a gap, actual against predicted) is
# not a rate of its own: no numerator over a denominator makes it.
_COMPARING_WORDS = ("change", "reduction", "vs", "versus", "difference", "gap")


def rate_scale(unit: str) -> float | None:
    """What Σ numerators ÷ Σ denominators is multiplied by to give a figure in ``unit``:
    100 for a percentage, 1,000 for "rate per 1,000 …"; None when the unit is not a
    rate (so figures in it are not combined). The one answer for monitoring's combined
    figures and the national picture's combined rates.

    >>> rate_scale("%"), rate_scale("% of sites below acceptable standard")
    (100.0, 100.0)
    >>> rate_scale("rate per 10,000 population aged 0-17"), rate_scale("Rate per 1,000")
    (10000.0, 1000.0)
    >>> rate_scale("directly age-standardised rate per 100,000")
    100000.0
    >>> [rate_scale(u) for u in ("number", "", "score", "percentage-point gap", "% gap")]
    [None, None, None, None, None]
    >>> rate_scale("% change in rate per 1,000 females aged 15-17 (vs 1998 baseline)") is None
    True
    >>> rate_scale("% (actual vs predicted re-offending)") is None
    True
    >>> rate_scale("proportion of households"), rate_scale("percentage of pupils")
    (100.0, 100.0)
    >>> rate_scale("£ per head"), rate_scale("bed days per head of weighted population")
    (1.0, 1.0)
    >>> rate_scale("% reduction (tonnes CO2 per capita)") is None
    True
    """
    text = " ".join((unit or "").lower().split())
    if not text or "percentage-point" in text:
        return None
    percentage = text.startswith("%") or text.startswith(("percent", "proportion"))
    if percentage:
        words = set(re.findall(r"[a-z]+", text))
        return None if words & set(_COMPARING_WORDS) else 100.0
    match = _PER.search(text)
    if match:
        return float(match[1].replace(",", ""))
    return 1.0 if _PER_HEAD.search(text) else None


def combined_rate(parts: Iterable[tuple[float, float]], per: float = 100) -> float | None:
    """Σ numerators / Σ denominators × ``per``; None when the denominators sum to zero.

    >>> combined_rate([(30, 100), (10, 900)])  # not (30% + 1.1%) / 2
    4.0
    """
    numerator = 0.0
    denominator = 0.0
    for part_numerator, part_denominator in parts:
        if part_denominator < 0:
            raise ValueError(f"a denominator cannot be negative: {part_denominator}")
        numerator += part_numerator
        denominator += part_denominator
    if denominator == 0:
        return None
    return numerator / denominator * per


def wilson_interval(numerator: float, denominator: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for ``numerator`` out of ``denominator``, in percent.

    >>> low, high = wilson_interval(50, 100)
    >>> round(low, 2), round(high, 2)
    (40.38, 59.62)
    >>> wilson_interval(0, 20)[0]
    0.0
    """
    if denominator <= 0:
        raise ValueError("a proportion needs a positive denominator")
    if not 0 <= numerator <= denominator:
        raise ValueError(f"{numerator} out of {denominator} is not a proportion")
    p = numerator / denominator
    z2_n = z * z / denominator
    centre = (p + z2_n / 2) / (1 + z2_n)
    half_width = z / (1 + z2_n) * math.sqrt(p * (1 - p) / denominator + z2_n / (4 * denominator))
    # The exact interval lies within 0–100% and always contains p; clamp the
    # float noise (at p = 1 the upper limit comes out as 0.99999…) to keep it so.
    lower = min(max(0.0, centre - half_width), p)
    upper = max(min(1.0, centre + half_width), p)
    return (lower * 100, upper * 100)


def proportion_estimate(numerator: float, denominator: float, z: float = Z_95) -> Estimate:
    """A proportion in percent with its Wilson interval, ready for ``direction_of_travel``.

    >>> proportion_estimate(50, 100).value
    50.0
    """
    low, high = wilson_interval(numerator, denominator, z)
    # Same arithmetic as the limits (p × 100), so the value cannot fall outside them.
    return Estimate(value=numerator / denominator * 100, lower=low, upper=high)


def members_combined(
    figures: dict[str, tuple[float, float | None, float | None]],
    expected: Iterable[str],
    scale: float | None,
    *,
    cumulative: bool = False,
) -> tuple[float | None, str]:
    """A Multi Area Agreement's figure from its members' (rule X2), as the monitoring
    engine combines them (``engine.own_figures``), with the reason in words when there
    is none. ``figures``: member name → (value, numerator, denominator); ``expected``:
    every member whose figure it needs. One member's figure is taken as it is; several
    are Σ numerators / Σ denominators × ``scale``, or summed for a count that adds up
    (``cumulative``); never an average of their figures.

    >>> members_combined({"A": (15000, 3e9, 2e5), "B": (20000, 1e9, 5e4)}, "AB", 1.0)
    (16000.0, '')
    >>> members_combined({"A": (15000, 3e9, 2e5)}, "AB", 1.0)[1]
    'Not combined: no figure yet from B. The MAA’s figure is of every member’s area or none.'
    >>> members_combined({"A": (15000, 3e9, 2e5), "B": (20000, None, None)}, "AB", 1.0)[1][:53]
    'Not combined: B’s figure came without its numerator a'
    >>> members_combined({"A": (7, None, None), "B": (5, None, None)}, "AB", None, cumulative=True)
    (12, '')
    >>> members_combined({"A": (7, None, None)}, "A", None)
    (7, '')
    """
    expected = list(expected)
    waiting = [name for name in expected if name not in figures]
    if waiting:
        return None, (
            f"Not combined: no figure yet from {', '.join(waiting)}. The MAA’s figure is of "
            "every member’s area or none."
        )
    parts = [figures[name] for name in expected]
    if len(parts) == 1:
        return parts[0][0], ""
    lacking = [name for name in expected if figures[name][1] is None or not figures[name][2]]
    if scale is not None and not lacking:
        value = combined_rate(((n, d) for _, n, d in parts), per=scale)
        if value is not None:
            return value, ""
    if cumulative:
        return sum(value for value, _, _ in parts), ""
    if scale is None:
        return None, (
            "Not combined: the figures are not a rate (a numerator over a denominator) nor a "
            "count that adds up, so the members’ figures make no one figure for the MAA area."
        )
    return None, (
        f"Not combined: {_names(lacking)} "
        f"{'figure came without its' if len(lacking) == 1 else 'figures came without their'} "
        "numerator and denominator (for a figure per head: the total and the population). "
        "The MAA’s figure is Σ "
        "numerators / Σ denominators of every member, never an average of their figures, "
        "so it needs both from each."
    )


def _names(names: list[str]) -> str:
    """ "Wigan's", "Wigan's and Bury's".

    >>> _names(["Wigan"]), _names(["Wigan", "Bury", "Bolton"])
    ('Wigan’s', 'Wigan’s, Bury’s and Bolton’s')
    """
    owned = [f"{name}’s" for name in names]
    return owned[0] if len(owned) == 1 else f"{', '.join(owned[:-1])} and {owned[-1]}"
