"""Which targets the 2009/10 refresh may change, and by which rule (rule L6): one pure
function, no database, no Django. The refresh asks it for every change it is offered;
the reward lockdown (rule L7) can ask it which targets the refresh may have moved.

The refresh reopens an agreement only where the framework said so:

* statutory education and early years targets, with DCSF and not through the refresh's
  revision (rules A3, D3);
* targets on indicators in the *exempted suite* of the reward lockdown: Place Survey
  indicators, indicators whose source data changed, deferred indicators (rule L7);
* targets listed as exceptions (e.g. an area still without a year-three target on
  teenage pregnancy) (rule L6);
* targets the annual review marks for renegotiation, such as targets relative to another
  figure (NI 151, NI 153; rule A8) (rule L6);
* local targets, which the partnership may change at any time (rule L4).

Anything else, a designated target locked since sign-off, is refused, naming rule L6.

A target *added* at the refresh (``refresh_may_add``) is held to the same limits: a local
target, as the partnership may add one at any time (rule L4); a designated target only on
an indicator of the exempted suite, above all a deferred indicator whose target an
agreement sets in year two (rules D2, L7), and then with the Secretary of State's approval
like any designated change (rule L3); never a statutory target, which DCSF agrees
separately (rules A3, D3). Listed exceptions and renegotiation name targets already in the
agreement, so they open no new one: a new designated target on another indicator would
reopen the agreement beyond the limited suite the refresh was agreed to revisit (seed
``003_…`` item 2b, 2.4 and 2.6).
"""

from __future__ import annotations

from dataclasses import dataclass

DESIGNATED, STATUTORY, LOCAL = "designated", "statutory", "local"
# How an allowed change is made.
BY_REVISION, WITH_DCSF = "revision", "dcsf"


@dataclass(frozen=True)
class RefreshFacts:
    """What the decision needs to know about one target."""

    code: str
    category: str
    # ``localperf.indicators.selectors.exempted_suite_reason``: the one answer.
    exempted_reason: str | None = None
    listed_exception: str | None = None
    marked_for_renegotiation: str | None = None


@dataclass(frozen=True)
class RefreshVerdict:
    allowed: bool
    rule: str
    reason: str
    route: str = BY_REVISION


def refresh_may_change(facts: RefreshFacts) -> RefreshVerdict:
    """May the refresh change this target, and by which rule.

    >>> refresh_may_change(RefreshFacts("NI 73", STATUTORY)).route
    'dcsf'
    >>> v = refresh_may_change(RefreshFacts("NI 5", DESIGNATED,
    ...                        exempted_reason="a Place Survey indicator"))
    >>> v.allowed, v.rule
    (True, 'L7')
    >>> v = refresh_may_change(RefreshFacts("NI 151", DESIGNATED,
    ...                        marked_for_renegotiation="relative to the regional rate"))
    >>> v.allowed, v.rule
    (True, 'L6')
    >>> print(v.reason)
    NI 151 is marked for renegotiation by the annual review: relative to the regional rate.
    >>> from textwrap import fill
    >>> v = refresh_may_change(RefreshFacts("NI 112", DESIGNATED))
    >>> v.allowed, v.rule
    (False, 'L6')
    >>> print(fill(v.reason, 88))
    NI 112 cannot change at the 2009/10 refresh (rule L6): only statutory targets (with
    DCSF), the exempted suite (Place Survey, changed source data, deferred indicators; rule
    L7), listed exceptions and targets the annual review marks for renegotiation may change.
    """
    code = facts.code
    if facts.category == STATUTORY:
        return RefreshVerdict(
            True,
            "A3",
            f"{code} is a statutory education and early years target: DCSF sets its years "
            "at the refresh (rules A3, D3), on the target's page, not in the refresh's "
            "revision.",
            WITH_DCSF,
        )
    if facts.category == LOCAL:
        return RefreshVerdict(
            True, "L4", f"{code} is a local target: the partnership may change it (rule L4)."
        )
    if facts.exempted_reason:
        return RefreshVerdict(
            True, "L7", f"{code} is in the exempted suite as {facts.exempted_reason} (rule L7)."
        )
    if facts.listed_exception:
        return RefreshVerdict(
            True, "L6", f"{code} is a listed exception: {facts.listed_exception}."
        )
    if facts.marked_for_renegotiation:
        return RefreshVerdict(
            True,
            "L6",
            f"{code} is marked for renegotiation by the annual review: "
            f"{facts.marked_for_renegotiation}.",
        )
    return RefreshVerdict(
        False,
        "L6",
        f"{code} cannot change at the 2009/10 refresh (rule L6): only statutory targets "
        "(with DCSF), the exempted suite (Place Survey, changed source data, deferred "
        "indicators; rule L7), listed exceptions and targets the annual review marks for "
        "renegotiation may change.",
    )


def refresh_may_add(facts: RefreshFacts) -> RefreshVerdict:
    """May the refresh add a new target with these facts (its category and indicator's
    place in the exempted suite; listings do not apply to a target not yet made).

    >>> refresh_may_add(RefreshFacts("NI 195", LOCAL)).rule
    'L4'
    >>> v = refresh_may_add(RefreshFacts("NI 199", DESIGNATED,
    ...                     exempted_reason="a deferred indicator"))
    >>> v.allowed, v.rule
    (True, 'L7')
    >>> from textwrap import fill
    >>> v = refresh_may_add(RefreshFacts("NI 112", DESIGNATED))
    >>> v.allowed, v.rule
    (False, 'L6')
    >>> print(fill(v.reason, 88))
    A new designated target on NI 112 cannot be added at the 2009/10 refresh (rule L6): a
    designated target may be added only on an indicator in the exempted suite (Place Survey,
    changed source data, deferred indicators; rule L7). A local target may be added (rule
    L4).
    >>> v = refresh_may_add(RefreshFacts("NI 73", STATUTORY))
    >>> v.allowed, v.route
    (True, 'dcsf')
    """
    code = facts.code
    if facts.category == STATUTORY:
        return RefreshVerdict(
            True,
            "A3",
            f"A statutory education and early years target on {code} is agreed with DCSF "
            "separately (rules A3, D3): it is not added in the refresh's revision.",
            WITH_DCSF,
        )
    if facts.category == LOCAL:
        return RefreshVerdict(
            True, "L4", f"A local target on {code}: the partnership may add it (rule L4)."
        )
    if facts.exempted_reason:
        return RefreshVerdict(
            True,
            "L7",
            f"{code} is in the exempted suite as {facts.exempted_reason} (rule L7): a "
            "designated target on it may be added, for the Secretary of State to approve "
            "(rule L3).",
        )
    return RefreshVerdict(
        False,
        "L6",
        f"A new designated target on {code} cannot be added at the 2009/10 refresh (rule "
        "L6): a designated target may be added only on an indicator in the exempted suite "
        "(Place Survey, changed source data, deferred indicators; rule L7). A local target "
        "may be added (rule L4).",
    )
