"""How many decimal places a figure is shown to, read from its indicator's unit.

The National Indicator Set gives no precision per indicator, but its units say what a
figure is: a count of people, homes or schools is whole; a percentage or a rate is read
to one decimal place (the precision of the published tables and of the % variance the
rating is judged on, see ``rag``); a score, a ratio or a level to two. Reports and
workbooks round to it, so that "17.547169811" prints as "17.5" (rule M1's proforma).
"""

from __future__ import annotations

WHOLE_WORDS = ("number", "£", "kg", "days", "tonnes", "years", "minutes", "journeys")
TWO_PLACES_WORDS = ("score", "ratio", "level", "grade", "per head", "index")
DEFAULT_DECIMALS = 1


def unit_decimals(unit: str) -> int:
    """The decimal places a figure in ``unit`` is shown to.

    >>> unit_decimals("%"), unit_decimals("percentage-point gap")
    (1, 1)
    >>> unit_decimals("rate per 1,000 population"), unit_decimals("number of schools")
    (1, 0)
    >>> unit_decimals("£"), unit_decimals("average SDQ score"), unit_decimals("")
    (0, 2, 1)
    >>> unit_decimals("% reduction (tonnes CO2 per capita)")
    1
    """
    text = (unit or "").strip().lower()
    if not text or text.startswith(("%", "percentage", "rate", "% ")):
        return DEFAULT_DECIMALS
    if any(word in text for word in TWO_PLACES_WORDS):
        return 2
    if any(word in text for word in WHOLE_WORDS):
        return 0
    return DEFAULT_DECIMALS
