"""Display helpers for the monitoring pages: figures, variances and yes/no answers."""

from __future__ import annotations

import math

from django import template

register = template.Library()

NONE = "–"


@register.filter
def figure(value) -> str:
    """A figure to two decimal places at most, with thousands separators; an en dash for
    none.

    >>> figure(1790.0), figure(0.85), figure(17.599999), figure(None)
    ('1,790', '0.85', '17.6', '–')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NONE
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


@register.filter
def variance(value) -> str:
    """A % variance with its sign (positive is better than profile, whatever the polarity).

    >>> variance(2.14), variance(-5.0), variance(0.0), variance(None)
    ('+2.1%', '-5.0%', '0.0%', '–')
    """
    if value is None or not math.isfinite(value):
        return NONE
    return "0.0%" if round(value, 1) == 0 else f"{value:+.1f}%"


@register.filter
def yes_no(value, words: str = "Yes,No,Not known") -> str:
    """True, False or None in words.

    >>> yes_no(True), yes_no(None), yes_no(False, "Likely,Unlikely,Too early to say")
    ('Yes', 'Not known', 'Unlikely')
    """
    yes, no, unknown = words.split(",")
    return unknown if value is None else (yes if value else no)
