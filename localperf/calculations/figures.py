"""Figures as people type and read them: a stored number shown as it was entered, the
precision an agreement states its figures to, and whether a new figure moves far from the
one before (a warning for the person entering it, never a refusal).

Method. A stored figure is a binary float: ``1480.0`` is shown as "1480" and ``13.25``
as "13.25" (the shortest text that reads back as the same float, without a trailing
".0"), so that a figure shown again is the one typed. A profile computed from a
trajectory (a third of a year, say) is shown to the precision of the figures the
agreement sets for that target (its baseline and yearly targets): the most decimal
places among them, at most four.

A figure *jumps* when it differs from the previous comparable figure by more than half
of that figure (``JUMP_FRACTION``). The import's outlier check judges a whole series by
its usual movement; this simpler test needs only the one previous figure, so it can be
shown beside every row of the entry grid as the figure is typed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

JUMP_FRACTION = 0.5
MAX_PLACES = 4


def figure_text(value: float | Decimal | str | None) -> str:
    """A figure as it was entered: no trailing ".0", no exponent; "" for none.

    >>> figure_text(1480.0), figure_text(13.25), figure_text(0.1 + 0.2), figure_text(None)
    ('1480', '13.25', '0.30000000000000004', '')
    >>> figure_text(1e20), figure_text(Decimal("77.50")), figure_text(-0.0)
    ('100000000000000000000', '77.5', '0')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        number = Decimal(repr(value))
    else:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
    if number == 0:
        return "0"
    text = format(number.normalize(), "f")
    return text


def places_of(value: float | Decimal | str | None) -> int:
    """The decimal places a figure is written to.

    >>> places_of(Decimal("77.50")), places_of(12.25), places_of(1480.0), places_of(None)
    (1, 2, 0, 0)
    """
    text = figure_text(value)
    return len(text.split(".", 1)[1]) if "." in text else 0


def precision_of(values: Iterable[float | Decimal | str | None]) -> int:
    """The precision of a set of figures: the most decimal places among them, at most
    ``MAX_PLACES``.

    >>> precision_of([Decimal("40.5"), Decimal("41.25"), None]), precision_of([])
    (2, 0)
    """
    return min(MAX_PLACES, max((places_of(v) for v in values), default=0))


def figure_rounded(value: float | Decimal | None, places: int) -> str:
    """A figure to ``places`` decimal places, trailing zeros dropped; "" for none.

    >>> figure_rounded(33.333333, 1), figure_rounded(40.0, 2), figure_rounded(None, 1)
    ('33.3', '40', '')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return figure_text(round(Decimal(repr(float(value))), places))


def jumps(previous: float | None, value: float | None) -> bool:
    """Whether ``value`` moves more than ``JUMP_FRACTION`` of ``previous`` away from it
    (rule M3: a figure far off its trend is worth a second look). No previous figure, or
    a previous figure of nought, judges nothing.

    >>> jumps(100, 160), jumps(100, 140), jumps(100, 40), jumps(None, 5), jumps(0, 5)
    (True, False, True, False, False)
    """
    if previous is None or value is None or previous == 0:
        return False
    return abs(value - previous) > JUMP_FRACTION * abs(previous)


def change_words(previous: float | None, value: float | None) -> str:
    """How far ``value`` is from ``previous``, in words, for a warning; "" when either is
    missing or the previous figure is nought.

    >>> change_words(120, 183.6), change_words(100, 40), change_words(None, 4)
    ('53% above', '60% below', '')
    """
    if previous is None or value is None or previous == 0:
        return ""
    change = (value - previous) / abs(previous) * 100
    return f"{abs(change):.0f}% {'above' if change > 0 else 'below'}"
