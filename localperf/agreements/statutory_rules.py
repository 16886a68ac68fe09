"""The statutory education and early years targets' own cycle (rules A3, D3), as plain
functions: no database, no Django.

DCSF sets these targets a year at a time. At sign-off a later year may be *to be set*
(no value yet: DCSF sets it the following winter, as the 2010/11 targets were set at the
2009/10 refresh) and a year may be *to be confirmed* (a provisional value). Each change is
agreed with DCSF, not made by the partnership's revisions (rules L3, L4), and each is
published in the agreement's change log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

# The state of one year's value.
YEAR_SET, YEAR_TO_BE_SET, YEAR_TO_BE_CONFIRMED = "set", "to_be_set", "to_be_confirmed"
YEAR_STATES = (YEAR_SET, YEAR_TO_BE_SET, YEAR_TO_BE_CONFIRMED)
YEAR_STATE_WORDS = {
    YEAR_SET: "set",
    YEAR_TO_BE_SET: "to be set by DCSF",
    YEAR_TO_BE_CONFIRMED: "to be confirmed (provisional)",
}
STATUTORY = "statutory"


def year_state_problem(
    *, category: str, code: str, year: str, state: str, value: Decimal | None
) -> str | None:
    """Why one year's state and value cannot stand together, or None.

    >>> year_state_problem(category="statutory", code="NI 73", year="2010/11",
    ...                    state="to_be_set", value=None) is None
    True
    >>> year_state_problem(category="statutory", code="NI 73", year="2009/10",
    ...                    state="to_be_confirmed", value=None)
    'Enter the provisional target for 2009/10: a year to be confirmed has a value.'
    >>> from textwrap import fill
    >>> print(fill(year_state_problem(category="designated", code="NI 112", year="2010/11",
    ...                               state="to_be_set", value=None), 88))
    Only a statutory education and early years target can leave 2010/11 to be set by DCSF.
    NI 112 needs a target for every year (rule A5), or a placeholder if it is deferred.
    """
    if state not in YEAR_STATES:
        return f"Choose whether the target for {year} is set, to be set or to be confirmed."
    if state == YEAR_SET:
        return None
    if category != STATUTORY:
        return (
            "Only a statutory education and early years target can leave "
            f"{year} {YEAR_STATE_WORDS[state]}. {code} needs a target for every year "
            "(rule A5), or a placeholder if it is deferred."
        )
    if state == YEAR_TO_BE_SET and value is not None:
        return (
            f"The target for {year} is to be set by DCSF: leave its value blank, or mark it as set."
        )
    if state == YEAR_TO_BE_CONFIRMED and value is None:
        return f"Enter the provisional target for {year}: a year to be confirmed has a value."
    return None


def years_needing_value(
    years: Sequence[str], states: Mapping[str, str], category: str
) -> tuple[str, ...]:
    """The years that must hold a value: for a statutory target, those not to be set.

    >>> years_needing_value(("2008/09", "2009/10", "2010/11"), {"2010/11": "to_be_set"},
    ...                     "statutory")
    ('2008/09', '2009/10')
    >>> years_needing_value(("2008/09",), {"2008/09": "to_be_set"}, "designated")
    ('2008/09',)
    """
    if category != STATUTORY:
        return tuple(years)
    return tuple(y for y in years if states.get(y, YEAR_SET) != YEAR_TO_BE_SET)


def statutory_change_problem(*, category: str, code: str, status: str) -> str | None:
    """Whether DCSF's change can be made to this target at all (rules A3, D3).

    >>> statutory_change_problem(category="statutory", code="NI 73", status="active") is None
    True
    >>> from textwrap import fill
    >>> print(fill(statutory_change_problem(category="designated", code="NI 112",
    ...                                     status="active"), 88))
    NI 112 is a designated target: it changes by a revision agreed by its partners and the
    Secretary of State (rule L3), not by DCSF.
    >>> print(statutory_change_problem(category="statutory", code="NI 74", status="withdrawn"))
    The NI 74 target has been withdrawn: it cannot change.
    """
    if category != STATUTORY:
        how = (
            "a revision agreed by its partners and the Secretary of State (rule L3)"
            if category == "designated"
            else "a revision of the partnership (rule L4)"
        )
        return f"{code} is a {category} target: it changes by {how}, not by DCSF."
    if status != "active":
        return f"The {code} target has been {status}: it cannot change."
    return None


def revision_refusal(category: str, code: str, action: str) -> str:
    """The partnership's revision refuses a statutory target, and says where to go.

    >>> from textwrap import fill
    >>> print(fill(revision_refusal("statutory", "NI 73", "drop"), 88))
    NI 73 is a statutory education and early years target: its yearly values are set, and it
    is withdrawn when its measure ends, with DCSF (rules A3, D3), not by a revision. DCSF
    records each change on the target's page.
    """
    del category, action  # one answer whatever the revision wanted to do
    return (
        f"{code} is a statutory education and early years target: its yearly values are set, "
        "and it is withdrawn when its measure ends, with DCSF (rules A3, D3), not by a "
        "revision. DCSF records each change on the target's page."
    )
