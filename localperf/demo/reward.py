"""Reward in the demonstration (rules P1, L7), built through the reward services as the
pages would be, so that a statement, a claim at each step and the determination show:

- Kent Agreement 2: a reward element under the 2008–11 rule (its threshold, cap and
  split are unverified, and every page says so), on a demonstration net budget
  requirement; NI 112 taken out of the element at the 2010 refresh (the real case); a
  claim on the 2008/09 outturns submitted and checked by GO South East, waiting for
  central government to determine it.
- Manchester: the older published rule on the Isle of Wight's published net budget
  requirement (£132,993,000, a pot of £3,325,000); a named lockdown exception on NI 112
  (no year-three teenage pregnancy target); its 2008/09 claim determined, so the national
  determination has a row.
- Camden (still submitted): no reward element.

Run once: a database that already has a reward element is left alone.
"""

from __future__ import annotations

from decimal import Decimal

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.reward import services
from localperf.reward.models import RewardElement, RewardRuleSet

KENT, MANCHESTER = "E10000016", "E08000003"
KENT_NET_BUDGET = Decimal("852000000")  # demonstration figure, not a published one
MANCHESTER_NET_BUDGET = Decimal("132993000")
YEAR = "2008/09"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _claim_through(agreement: Agreement, steps: list[tuple[str, str]]) -> None:
    pm = agreement.responsible_authority.users.filter(role="performance_manager").first()
    claim = services.reward_claim_create(user=pm, agreement=agreement, year=YEAR)
    for username, action in steps:
        claim = services.reward_claim_step(user=_user(username), claim=claim, action=action)


def demo_reward_load() -> bool:
    """Reward elements and claims for the approved demo agreements; False when done before."""
    if RewardElement.objects.exists():
        return False
    kent = Agreement.objects.filter(area__code=KENT).first()
    manchester = Agreement.objects.filter(area__code=MANCHESTER).first()
    if kent is None or manchester is None:
        return False
    services.rule_sets_ensure()
    go_se, go_nw = _user("demo-go-rd-south-east"), _user("demo-go-rd-north-west")
    services.reward_element_create(
        user=go_se,
        agreement=kent,
        rule_set=RewardRuleSet.objects.get(name="LAA 2008–11"),
        net_budget_requirement=KENT_NET_BUDGET,
    )
    ni112 = kent.targets.filter(indicator__code="NI 112").first()
    if ni112 is not None:
        services.reward_element_change(
            user=go_se,
            target=ni112,
            included=False,
            reason="Removed from the reward element at the 2010 refresh",
        )
    _claim_through(kent, [("demo-pm-kent", "submit"), ("demo-go-lm-south-east", "check")])
    services.reward_element_create(
        user=go_nw,
        agreement=manchester,
        rule_set=RewardRuleSet.objects.get(name="LPSA and first-round LAA"),
        net_budget_requirement=MANCHESTER_NET_BUDGET,
    )
    teenage = manchester.targets.filter(indicator__code="NI 112").first()
    if teenage is not None:
        services.lockdown_exception_record(
            user=go_nw, target=teenage, reason="still without a year-three target"
        )
    _claim_through(
        manchester,
        [
            ("demo-pm-manchester", "submit"),
            ("demo-go-lm-north-west", "check"),
            ("demo-approver", "determine"),
        ],
    )
    return True
