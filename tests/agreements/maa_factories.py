"""A small Greater Manchester Multi Area Agreement for the tests of rules X1, X2, L5:
Manchester (with its own LAA, approved, one designated target on NI 152), Salford and
Bolton as member authorities, and a contributing partner. Plain functions, so that the
monitoring and browser tests can use them too."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from localperf.accounts.models import Role, User
from localperf.agreements import services
from localperf.agreements.inputs import TargetInput
from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    MemberStanding,
    Target,
    TargetCategory,
)
from localperf.indicators.models import Indicator, IndicatorKind, Measure
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup
from tests.agreements.factories import indicator, make_user, org, target_input

APPROVED_ON = datetime.date(2008, 6, 30)
MAA_SIGNED_ON = datetime.date(2008, 7, 10)
AREA_CODES = {"manchester": "E08000003", "salford": "E08000006", "bolton": "E08000001"}
COUNCILS = {
    "manchester": "manchester-city-council",
    "salford": "salford-city-council",
    "bolton": "bolton-metropolitan-borough-council",
}


@dataclass
class Maa:
    maa: Agreement
    laa: Agreement
    laa_target: Target
    users: dict[str, User]
    partner: Organisation


def maa_users() -> dict[str, User]:
    users = {
        f"pm_{key}": make_user(Role.PERFORMANCE_MANAGER, org(slug), f"maa-pm-{key}")
        for key, slug in COUNCILS.items()
    }
    users["go_rd"] = make_user(Role.GO_REGIONAL_DIRECTOR, org("go-north-west"), "maa-go-rd")
    users["approver"] = make_user(Role.CENTRAL_APPROVER, org("clg"), "maa-approver")
    return users


def manchester_laa(users) -> tuple[Agreement, Target]:
    """Manchester's LAA, approved, with a designated target on NI 152."""
    laa = services.agreement_create(user=users["pm_manchester"])
    target = services.target_add(
        user=users["pm_manchester"],
        agreement=laa,
        data=target_input("NI 152", theme=LaaTheme.ECONOMIC_DEVELOPMENT),
    )
    services.agreement_submit(user=users["pm_manchester"], agreement=laa, on=APPROVED_ON)
    services.agreement_recommend(user=users["go_rd"], agreement=laa, on=APPROVED_ON)
    services.agreement_approve(user=users["approver"], agreement=laa, on=APPROVED_ON)
    laa.refresh_from_db()
    return laa, target


def greater_manchester(*, link: bool = True) -> Maa:
    """The MAA drafted by Manchester's performance manager, with Salford, Bolton and a
    contributing partner; linked to Manchester's NI 152 target when ``link``."""
    users = maa_users()
    laa, laa_target = manchester_laa(users)
    partner, _ = Organisation.objects.get_or_create(
        slug="test-gm-chamber",
        defaults={"name": "Greater Manchester Chamber of Commerce", "kind": "business"},
    )
    users["partner"] = make_user(Role.PARTNER_OFFICER, partner, "maa-partner")
    maa = services.maa_create(
        user=users["pm_manchester"],
        title="Greater Manchester Multi Area Agreement",
        members=[
            (org(COUNCILS["salford"]), MemberStanding.MEMBER_AUTHORITY),
            (org(COUNCILS["bolton"]), MemberStanding.MEMBER_AUTHORITY),
            (partner, MemberStanding.CONTRIBUTING_PARTNER),
        ],
    )
    if link:
        services.maa_link_target(user=users["pm_manchester"], agreement=maa, target=laa_target)
    return Maa(maa=maa, laa=laa, laa_target=laa_target, users=users, partner=partner)


def maa_own_target(setup: Maa, code: str = "NI 153", **overrides) -> Target:
    """A non-designated national indicator target of the MAA, for its whole area."""
    data: TargetInput = target_input(
        code, category=TargetCategory.LOCAL, theme=LaaTheme.ECONOMIC_DEVELOPMENT
    )
    data = replace(data, **overrides)
    return services.target_add(user=setup.users["pm_manchester"], agreement=setup.maa, data=data)


def sign_all(setup: Maa) -> None:
    for key in ("pm_manchester", "pm_salford", "pm_bolton", "partner"):
        services.maa_sign(user=setup.users[key], agreement=setup.maa, on=MAA_SIGNED_ON)


def approve_maa(setup: Maa) -> Agreement:
    services.agreement_submit(user=setup.users["pm_manchester"], agreement=setup.maa)
    sign_all(setup)
    services.agreement_recommend(user=setup.users["go_rd"], agreement=setup.maa)
    services.agreement_approve(user=setup.users["approver"], agreement=setup.maa)
    setup.maa.refresh_from_db()
    return setup.maa


def gva_per_head() -> Indicator:
    """A local indicator (rule D9) of GVA per head: GVA in £ over residents."""
    found = Indicator.objects.create(
        code="TEST-GVA",
        kind=IndicatorKind.LOCAL,
        title="Gross value added per head",
        owner=Organisation.objects.get(slug="manchester-city-council"),
        polarity="higher",
        unit="£ per head",
        theme="local_economy",
    )
    Measure.objects.create(indicator=found, part="", title=found.title)
    return found


def record_gva(area: str, label: str, gva: int | None, population: int | None, value=None):
    Observation.objects.create(
        measure=Measure.objects.get(indicator__code="TEST-GVA", part=""),
        area=Area.objects.get(code=AREA_CODES[area]),
        period=ReportingPeriod.from_label(label),
        population_group=PopulationGroup.objects.whole_population(),
        value=value if value is not None else gva / population,
        numerator=gva,
        denominator=population,
        status=ObservationStatus.FINAL,
    )


FIGURE = Decimal("1")
__all__ = [
    "Maa",
    "approve_maa",
    "greater_manchester",
    "gva_per_head",
    "indicator",
    "maa_own_target",
    "record_gva",
    "sign_all",
]
