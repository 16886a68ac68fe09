"""Kent's approved LAA with a reward element: NI 112 (teenage conceptions, lower is
better), NI 1 (a Place Survey indicator, in the exempted suite) and NI 39 (local, no
reward), under the older published rule on the Isle of Wight's net budget requirement."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from localperf.agreements import services as agreement_services
from localperf.agreements.models import TargetCategory
from localperf.calculations import period_parse
from localperf.observations.models import Observation, ReportingPeriod
from localperf.places.models import PopulationGroup
from localperf.reward import services
from localperf.reward.models import RewardRuleSet
from tests.agreements.conftest import fast_password_hashing, kent, partners, users  # noqa: F401
from tests.agreements.factories import take_to_approval, target_input

NET_BUDGET = Decimal(132_993_000)


def figure(target, year: str, value: float, status: str = "final") -> Observation:
    parsed = period_parse(year)
    period, _ = ReportingPeriod.objects.get_or_create(
        label=parsed.label,
        defaults={"kind": parsed.kind.value, "start": parsed.start, "end": parsed.end},
    )
    measure = target.measure or target.indicator.measures.get(part="")
    return Observation.objects.create(
        measure=measure,
        area=target.agreement.area,
        period=period,
        population_group=PopulationGroup.objects.whole_population(),
        value=value,
        status=status,
    )


@pytest.fixture
def kent_reward(users, partners):  # noqa: F811
    agreement = agreement_services.agreement_create(user=users["pm"])
    add = lambda code, **kw: agreement_services.target_add(  # noqa: E731
        user=users["pm"], agreement=agreement, data=target_input(code, **kw)
    )
    ni112 = add("NI 112")
    ni1 = add("NI 1", baseline_lower=Decimal(48), baseline_upper=Decimal(52))
    add("NI 39", category=TargetCategory.LOCAL)
    take_to_approval(agreement, users)
    services.rule_sets_ensure()  # a transactional test starts from an empty database
    element = services.reward_element_create(
        user=users["go_rd"],
        agreement=agreement,
        rule_set=RewardRuleSet.objects.get(name="LPSA and first-round LAA"),
        net_budget_requirement=NET_BUDGET,
    )
    return agreement, element, ni112, ni1


def revise(target, *, on: datetime.date, final: Decimal):
    """An approved change from ``on``: the old version closes the day before, a new one
    starts with another 2008/09 target (what a revision's approval writes)."""
    old = target.current_version()
    old.effective_to = on - datetime.timedelta(days=1)
    old.save()
    new = type(old).objects.create(
        target=target,
        number=old.number + 1,
        effective_from=on,
        setting=old.setting,
        baseline_value=old.baseline_value,
        baseline_period=old.baseline_period,
        reason="Revised at the refresh",
    )
    for value in old.trajectory_values.all():
        new.trajectory_values.create(year=value.year, value=final)
    return new
