"""The reward arithmetic (rule P1): worked examples from the published schedules and
properties that hold for any pot, any achievement and any split."""

from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import given
from hypothesis import strategies as st

from localperf.calculations.measures import Polarity
from localperf.calculations.reward import (
    PENNY,
    RewardRules,
    RuleKind,
    TargetLine,
    achievement_percent,
    equal_shares,
    paid_percent,
    reward_pot,
    reward_statement,
    split,
)

money = st.decimals(min_value=0, max_value=10_000_000, places=2)
percent = st.decimals(min_value=-200, max_value=300, places=1)


def to_pound(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)


# --- worked examples ----------------------------------------------------------------------


def test_isle_of_wight_pot_is_published_to_the_nearest_thousand():
    # rule P1: 2.5% of £132,993,000 is £3,324,825, published as £3,325,000.
    assert reward_pot(Decimal(132_993_000)) == Decimal(3_325_000)


def test_the_isle_of_wight_pot_divided_across_12_and_13_targets():
    # rule P1: equal division to the penny; the parts sum to the pot.
    twelve = equal_shares(Decimal(3_325_000), 12)
    thirteen = equal_shares(Decimal(3_325_000), 13)
    assert {to_pound(s) for s in twelve} == {Decimal(277_083)}
    assert {to_pound(s) for s in thirteen} == {Decimal(255_769)}
    assert sum(twelve) == sum(thirteen) == Decimal(3_325_000)


def test_the_per_target_figures_of_the_brief_come_from_a_larger_pot():
    # rule P1: £298,162 (12) and £275,227 (13) are one pot of about £3,577,950 (2.5% of
    # £143,118,000, not rounded), shown to the pound half-to-even; they are not shares
    # of £3,325,000.
    pot = reward_pot(Decimal(143_118_000), RewardRules(pot_rounding=PENNY))
    assert pot == Decimal("3577950.00")
    assert to_pound(equal_shares(pot, 12)[-1]) == Decimal(298_162)
    assert to_pound(equal_shares(pot, 13)[-1]) == Decimal(275_227)


def test_floor_and_cap():
    # rule P1: below 60% nothing; at most 100%.
    assert paid_percent(Decimal("59.9")) == 0
    assert paid_percent(Decimal(60)) == 60
    assert paid_percent(Decimal(130)) == 100


def test_lower_is_better_achievement():
    assert achievement_percent(
        Decimal(10), Decimal(6), Decimal(7), Polarity.LOWER_IS_BETTER
    ) == Decimal("75.0")


def test_june_2010_reduction_halves_and_the_2010_11_split_is_30_70():
    lines = [TargetLine("t", Decimal(0), Decimal(10), Decimal(10), Polarity.HIGHER_IS_BETTER)]
    rules = RewardRules(capital_percent=Decimal(30), reduction_factor=Decimal("0.5"))
    statement = reward_statement(Decimal(1000), lines, rules)
    assert statement.before_reduction == Decimal(1000)
    assert (statement.total, statement.capital, statement.revenue) == (
        Decimal(500),
        Decimal(150),
        Decimal(350),
    )


def test_average_rule_below_the_floor_pays_nothing():
    lines = [
        TargetLine("a", Decimal(0), Decimal(10), Decimal(9), Polarity.HIGHER_IS_BETTER),
        TargetLine("b", Decimal(0), Decimal(10), None, Polarity.HIGHER_IS_BETTER),
    ]
    statement = reward_statement(Decimal(1000), lines, RewardRules(kind=RuleKind.AVERAGE))
    assert statement.average_achievement == Decimal(45)
    assert statement.total == 0


# --- properties ---------------------------------------------------------------------------


@given(pot=money, count=st.integers(min_value=1, max_value=60))
def test_equal_division_sums_to_the_pot(pot, count):
    shares = equal_shares(pot, count)
    assert sum(shares) == pot
    assert max(shares) - min(shares) <= PENNY


@given(achievement=percent)
def test_achievement_never_pays_above_the_cap_or_below_the_floor(achievement):
    paid = paid_percent(achievement)
    assert paid == 0 or Decimal(60) <= paid <= Decimal(100)
    assert (paid == 0) == (achievement < 60)


@given(total=money, capital=st.decimals(min_value=0, max_value=100, places=2))
def test_capital_and_revenue_add_up_to_the_total_to_the_penny(total, capital):
    c, r = split(total, capital)
    assert c + r == total
    assert c >= 0 and r >= 0


@given(
    pot=money,
    outturns=st.lists(st.decimals(min_value=-20, max_value=40, places=2), min_size=1, max_size=20),
    kind=st.sampled_from(list(RuleKind)),
    capital=st.sampled_from([Decimal(50), Decimal(30)]),
)
def test_a_statement_never_pays_more_than_the_pot_and_adds_up(pot, outturns, kind, capital):
    lines = [
        TargetLine("t", Decimal(0), Decimal(20), o, Polarity.HIGHER_IS_BETTER) for o in outturns
    ]
    s = reward_statement(pot, lines, RewardRules(kind=kind, capital_percent=capital))
    assert 0 <= s.total <= pot
    assert sum(j.grant for j in s.lines) == s.before_reduction
    assert s.capital + s.revenue == s.total
    assert s.on_account + sum(s.instalments) == s.total
    for judged in s.lines:
        assert judged.grant <= judged.share or kind is RuleKind.AVERAGE
