"""Performance Reward Grant (rule P1): the pot, its division, each target's achievement,
the grant, its split into capital and revenue and its instalments.

Method. Money is ``Decimal`` pounds, every result to the penny (half up), and every
division shares out the exact pennies so that the parts add up to the whole: nothing is
lost or made by rounding.

* **The pot** (older LPSA / first-round LAA rule, as published in the agreements'
  reward schedules): ``pot_percent`` (2.5%) of the authority's net budget requirement,
  rounded to the nearest ``pot_rounding`` (£1,000), half up. £132,993,000 gives
  £3,324,825, published as £3,325,000.
* **Equal division** across the reward targets, to the penny; the pennies left over go
  one each to the first targets (largest-remainder), so the shares sum to the pot.
* **Achievement** of a target: the share of the improvement from the baseline to the
  stretch target that the final outturn achieved, in percent, by the measure's polarity
  (a fall is an improvement when lower is better). No stretch (target equals baseline)
  or no final outturn: no achievement (``None``), which pays nothing.
* **The per-target rule** (``RuleKind.PER_TARGET``): each target pays its share of the
  pot times its achievement, capped at ``cap_percent`` (100%); below ``floor_percent``
  (60%) it pays nothing.
* **The average rule** (``RuleKind.AVERAGE``, 2008–11 LAAs): the average achievement
  across the reward element (each capped; none counts as 0) decides the share of the
  whole pot paid, with the same floor and cap; the per-target column shares that total
  in proportion to each target's capped achievement. The threshold, cap and split of
  this rule were never confirmed in the sources at hand: a rule set says so
  (``unverified``) and every output that uses it carries the label.
* **Reduction**: a government-wide factor on the grant (June 2010: outstanding
  payments halved, factor 0.5).
* **Split**: capital is ``capital_percent`` of the total to the penny; revenue is the
  rest, so capital + revenue = total exactly.
* **Instalments**: a payment on account of ``on_account_fraction`` (one-fifth), the
  balance in two instalments (the second takes the odd penny).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from .measures import Polarity

PENNY = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


class RuleKind(StrEnum):
    PER_TARGET = "per_target"
    AVERAGE = "average"

    @property
    def label(self) -> str:
        """Plain English.

        >>> RuleKind.AVERAGE.label
        'Average level of achievement across the reward element (2008–11)'
        """
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RuleKind.PER_TARGET: "Each target by its own achievement (LPSA and first-round LAA)",
    RuleKind.AVERAGE: "Average level of achievement across the reward element (2008–11)",
}


@dataclass(frozen=True)
class RewardRules:
    """One version of the reward rules; ``unverified`` names the settings the sources
    never confirmed (empty for the older, published rule)."""

    kind: RuleKind = RuleKind.PER_TARGET
    pot_percent: Decimal = Decimal("2.5")
    pot_rounding: Decimal = Decimal(1000)
    floor_percent: Decimal = Decimal(60)
    cap_percent: Decimal = Decimal(100)
    capital_percent: Decimal = Decimal(50)
    on_account_fraction: Decimal = Decimal("0.2")
    reduction_factor: Decimal = Decimal(1)
    unverified: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_verified(self) -> bool:
        return not self.unverified


def pennies(amount: Decimal) -> Decimal:
    """To the penny, half up.

    >>> pennies(Decimal("1.005")), pennies(Decimal("-1.005"))
    (Decimal('1.01'), Decimal('-1.01'))
    """
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def reward_pot(net_budget: Decimal, rules: RewardRules = RewardRules()) -> Decimal:
    """The maximum pot: a percentage of the net budget requirement, to the nearest
    rounding unit (half up).

    >>> reward_pot(Decimal(132_993_000))
    Decimal('3325000')
    >>> reward_pot(Decimal(132_993_000), RewardRules(pot_rounding=PENNY))
    Decimal('3324825.00')
    """
    raw = net_budget * rules.pot_percent / HUNDRED
    units = (raw / rules.pot_rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return units * rules.pot_rounding


def shares_of(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` shared in proportion to ``weights``, to the penny, summing exactly to
    ``total`` (the pennies left after rounding down go to the largest remainders, the
    earlier first). No weight at all: nothing for anyone.

    >>> shares_of(Decimal(10), [Decimal(1)] * 3)
    [Decimal('3.34'), Decimal('3.33'), Decimal('3.33')]
    >>> shares_of(Decimal(10), [Decimal(0), Decimal(0)])
    [Decimal('0.00'), Decimal('0.00')]
    """
    whole = sum(weights, ZERO)
    if whole <= 0:
        return [ZERO.quantize(PENNY)] * len(weights)
    exact = [total * w / whole for w in weights]
    floors = [e.quantize(PENNY, rounding=ROUND_FLOOR) for e in exact]
    left = int(((total - sum(floors, ZERO)) / PENNY).to_integral_value(rounding=ROUND_HALF_UP))
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += PENNY
    return floors


def equal_shares(pot: Decimal, count: int) -> list[Decimal]:
    """The pot divided equally across ``count`` reward targets, to the penny.

    >>> [str(s) for s in equal_shares(Decimal(3_325_000), 12)[3:5]]
    ['277083.34', '277083.33']
    >>> sum(equal_shares(Decimal(3_325_000), 13))
    Decimal('3325000.00')
    >>> equal_shares(Decimal(100), 0)
    []
    """
    return shares_of(pot, [Decimal(1)] * count) if count else []


def achievement_percent(
    baseline: Decimal | None,
    stretch: Decimal | None,
    outturn: Decimal | None,
    polarity: Polarity | None,
) -> Decimal | None:
    """The share of the improvement from baseline to stretch the outturn achieved, in
    percent (one decimal place, half up); may be negative or over 100.

    >>> achievement_percent(Decimal(50), Decimal(60), Decimal(58), Polarity.HIGHER_IS_BETTER)
    Decimal('80.0')
    >>> achievement_percent(Decimal(50), Decimal(40), Decimal(44), Polarity.LOWER_IS_BETTER)
    Decimal('60.0')
    >>> achievement_percent(Decimal(50), Decimal(50), Decimal(55), Polarity.HIGHER_IS_BETTER)
    >>> achievement_percent(Decimal(50), Decimal(60), None, Polarity.HIGHER_IS_BETTER)
    """
    if baseline is None or stretch is None or outturn is None or polarity is None:
        return None
    improvement = (stretch - baseline) * polarity.sign
    if improvement <= 0:
        return None
    achieved = (outturn - baseline) * polarity.sign
    return (achieved / improvement * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def paid_percent(achievement: Decimal | None, rules: RewardRules = RewardRules()) -> Decimal:
    """The percentage of a share paid: nothing below the floor, at most the cap.

    >>> [paid_percent(Decimal(a)) for a in (59.9, 60, 85, 140)]
    [Decimal('0'), Decimal('60'), Decimal('85'), Decimal('100')]
    >>> paid_percent(None)
    Decimal('0')
    """
    if achievement is None or achievement < rules.floor_percent:
        return ZERO
    return min(achievement, rules.cap_percent)


@dataclass(frozen=True)
class TargetLine:
    """One reward target: what the statement shows before it is judged."""

    label: str
    baseline: Decimal | None
    stretch: Decimal | None
    outturn: Decimal | None
    polarity: Polarity | None


@dataclass(frozen=True)
class JudgedLine:
    line: TargetLine
    achievement: Decimal | None
    paid_percent: Decimal
    weight: Decimal
    share: Decimal
    grant: Decimal


@dataclass(frozen=True)
class Statement:
    rules: RewardRules
    pot: Decimal
    lines: tuple[JudgedLine, ...]
    average_achievement: Decimal | None
    before_reduction: Decimal
    total: Decimal
    capital: Decimal
    revenue: Decimal
    on_account: Decimal
    instalments: tuple[Decimal, Decimal]


def split(total: Decimal, capital_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Capital and revenue; revenue is what capital leaves, so they add up exactly.

    >>> split(Decimal("1000.01"), Decimal(30))
    (Decimal('300.00'), Decimal('700.01'))
    """
    capital = pennies(total * capital_percent / HUNDRED)
    return capital, pennies(total) - capital


def instalments(
    total: Decimal, on_account_fraction: Decimal
) -> tuple[Decimal, tuple[Decimal, Decimal]]:
    """The payment on account, then the balance in two instalments.

    >>> instalments(Decimal("100.01"), Decimal("0.2"))
    (Decimal('20.00'), (Decimal('40.00'), Decimal('40.01')))
    """
    on_account = pennies(total * on_account_fraction)
    balance = pennies(total) - on_account
    first = (balance / 2).quantize(PENNY, rounding=ROUND_FLOOR)
    return on_account, (first, balance - first)


def _capped(achievement: Decimal | None, rules: RewardRules) -> Decimal:
    if achievement is None:
        return ZERO
    return max(ZERO, min(achievement, rules.cap_percent))


def reward_statement(
    pot: Decimal, lines: Sequence[TargetLine], rules: RewardRules = RewardRules()
) -> Statement:
    """The whole statement of one reward element under ``rules``.

    >>> lines = [TargetLine("NI 1", Decimal(50), Decimal(60), Decimal(o), Polarity.HIGHER_IS_BETTER)
    ...          for o in (60, 57, 55)]
    >>> s = reward_statement(Decimal(3000), lines)
    >>> [(str(j.achievement), str(j.grant)) for j in s.lines]
    [('100.0', '1000.00'), ('70.0', '700.00'), ('50.0', '0.00')]
    >>> [str(x) for x in (s.total, s.capital, s.revenue, s.on_account, *s.instalments)]
    ['1700.00', '850.00', '850.00', '340.00', '680.00', '680.00']
    >>> a = reward_statement(Decimal(3000), lines, RewardRules(kind=RuleKind.AVERAGE))
    >>> [str(x) for x in (a.average_achievement, a.total, *[j.grant for j in a.lines])]
    ['73.3', '2199.00', '999.55', '699.68', '499.77']
    """
    shares = equal_shares(pot, len(lines))
    achievements = [
        achievement_percent(x.baseline, x.stretch, x.outturn, x.polarity) for x in lines
    ]
    weight = (Decimal(1) / len(lines)) if lines else ZERO
    if rules.kind is RuleKind.PER_TARGET:
        paid = [paid_percent(a, rules) for a in achievements]
        grants = [pennies(s * p / HUNDRED) for s, p in zip(shares, paid, strict=True)]
        average = None
    else:
        capped = [_capped(a, rules) for a in achievements]
        average = (
            (sum(capped, ZERO) / len(lines)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if lines
            else None
        )
        whole = pennies(pot * paid_percent(average, rules) / HUNDRED)
        grants = shares_of(whole, capped) if whole else [ZERO.quantize(PENNY)] * len(lines)
        paid = [paid_percent(average, rules)] * len(lines)
    before = sum(grants, pennies(ZERO))
    total = pennies(before * rules.reduction_factor)
    capital, revenue = split(total, rules.capital_percent)
    on_account, parts = instalments(total, rules.on_account_fraction)
    judged = tuple(
        JudgedLine(x, a, p, weight, s, g)
        for x, a, p, s, g in zip(lines, achievements, paid, shares, grants, strict=True)
    )
    return Statement(
        rules, pot, judged, average, before, total, capital, revenue, on_account, parts
    )
