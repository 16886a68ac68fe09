"""How a measure behaves: its polarity and how its values accumulate over a year.

Method: two enums, stored by the database as their string values. ``Polarity``
uses the same codes as ``indicators.models.Polarity`` ("higher", "lower"); the
database's blank code ("not simply higher or lower") is ``None`` here, and every
calculation that needs a verdict returns "not rated" or "not comparable" for it.
"""

from __future__ import annotations

from enum import StrEnum


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"

    @property
    def sign(self) -> int:
        """+1 when a rise is an improvement, −1 when a fall is.

        >>> Polarity.HIGHER_IS_BETTER.sign, Polarity.LOWER_IS_BETTER.sign
        (1, -1)
        """
        return 1 if self is Polarity.HIGHER_IS_BETTER else -1

    def reversed(self) -> Polarity:
        return (
            Polarity.LOWER_IS_BETTER
            if self is Polarity.HIGHER_IS_BETTER
            else Polarity.HIGHER_IS_BETTER
        )

    @classmethod
    def from_code(cls, code: str | None) -> Polarity | None:
        """Read the database code; blank means no simple polarity.

        >>> Polarity.from_code("lower"), Polarity.from_code("")
        (<Polarity.LOWER_IS_BETTER: 'lower'>, None)
        """
        return cls(code) if code else None


class Accumulation(StrEnum):
    """Whether a value is a level at a point or a count built up over the year.

    SNAPSHOT: a level or rate at a point in time (e.g. % of residents satisfied).
    CUMULATIVE: a count that builds up from 1 April (e.g. affordable homes
    delivered); its part-year values are year-to-date figures.
    """

    SNAPSHOT = "snapshot"
    CUMULATIVE = "cumulative"
