"""Factories for agreement tests, built on the real reference data. Plain functions, so
that the browser tests can use them too; the fixtures are in conftest.py."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from localperf.accounts.models import Role, User
from localperf.agreements import services
from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import LaaTheme, TargetCategory, TargetSetting
from localperf.indicators.models import Indicator
from localperf.organisations.models import Organisation

SUBMITTED_ON = datetime.date(2008, 5, 30)  # rule L1: the 2008 timetable
RECOMMENDED_ON = datetime.date(2008, 6, 6)
APPROVED_ON = datetime.date(2008, 6, 30)

# (key, role, organisation slug or None)
ROLE_USERS = {
    "pm": (Role.PERFORMANCE_MANAGER, "kent-county-council"),
    "partner": (Role.PARTNER_OFFICER, "test-kent-police-authority"),
    "district": (Role.PARTNER_OFFICER, "ashford-borough-council"),
    "go_lm": (Role.GO_LOCALITY_MANAGER, "go-south-east"),
    "go_rd": (Role.GO_REGIONAL_DIRECTOR, "go-south-east"),
    "approver": (Role.CENTRAL_APPROVER, "clg"),
    "analyst": (Role.CENTRAL_ANALYST, "clg"),
    "inspector": (Role.INSPECTOR, "audit-commission"),
    "admin": (Role.ADMINISTRATOR, None),
    "other_pm": (Role.PERFORMANCE_MANAGER, "manchester-city-council"),
    "other_go": (Role.GO_REGIONAL_DIRECTOR, "go-london"),
}
PARTNERS = {
    "police": ("test-kent-police-authority", "Kent Police Authority", "police_authority"),
    "pct": ("test-nhs-eastern-coastal-kent", "NHS Eastern and Coastal Kent", "primary_care_trust"),
    "fire": (
        "test-kent-fire-and-rescue",
        "Kent Fire and Rescue Authority",
        "fire_and_rescue_authority",
    ),
    "voluntary": ("test-kent-cvs", "Kent Council for Voluntary Service", "third_sector"),
}


def indicator(code: str) -> Indicator:
    return Indicator.objects.with_code(code).get()


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def make_user(role: str, organisation: Organisation | None, username: str, **extra) -> User:
    return User.objects.create_user(
        username=username,
        password=extra.pop("password", "test-password-123"),
        role=role,
        organisation=organisation,
        first_name=username,
        **extra,
    )


def make_partners(area) -> dict[str, Organisation]:
    """Partners of the Kent LAA that the reference data does not hold (rule A9)."""
    made = {}
    for key, (slug, name, kind) in PARTNERS.items():
        made[key], _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "area": area}
        )
    made["county"] = org("kent-county-council")
    made["ashford"] = org("ashford-borough-council")
    made["dover"] = org("dover-district-council")
    return made


def make_users(**extra) -> dict[str, User]:
    return {
        key: make_user(role, org(slug) if slug else None, f"test-{key}", **extra)
        for key, (role, slug) in ROLE_USERS.items()
    }


def target_input(code: str = "NI 112", **overrides) -> TargetInput:
    """A valid designated target: a baseline and a target for each of three years."""
    ni = indicator(code)
    step = Decimal("-1") if ni.polarity == "lower" else Decimal("1")
    base = Decimal("50")
    data = TargetInput(
        category=TargetCategory.DESIGNATED,
        indicator=ni,
        theme=LaaTheme.CHILDREN_AND_YOUNG_PEOPLE,
        title=f"Improve {ni.code}",
        setting=TargetSetting.TRAJECTORY,
        baseline_value=base,
        baseline_period="2007/08",
        trajectory={
            "2008/09": base + step,
            "2009/10": base + 2 * step,
            "2010/11": base + 3 * step,
        },
    )
    return replace(data, **overrides)


def with_partners(data: TargetInput, *organisations, coordinating=None) -> TargetInput:
    return replace(
        data,
        partners=tuple(PartnerInput(o, o == coordinating) for o in organisations),
    )


def take_to_approval(agreement, users):
    services.agreement_submit(user=users["pm"], agreement=agreement, on=SUBMITTED_ON)
    services.agreement_recommend(user=users["go_rd"], agreement=agreement, on=RECOMMENDED_ON)
    services.agreement_approve(user=users["approver"], agreement=agreement, on=APPROVED_ON)
    agreement.refresh_from_db()
    return agreement


def approved_kent(users, partners):
    """Kent's LAA approved on 30 June 2008: one designated target (police and PCT signed
    up) and one local target (Ashford district council and a voluntary body)."""
    agreement = services.agreement_create(user=users["pm"])
    designated = services.target_add(
        user=users["pm"],
        agreement=agreement,
        data=with_partners(
            target_input("NI 112"),
            partners["police"],
            partners["pct"],
            coordinating=partners["pct"],
        ),
    )
    local = services.target_add(
        user=users["pm"],
        agreement=agreement,
        data=with_partners(
            target_input(
                "NI 195",
                category=TargetCategory.LOCAL,
                baseline_lower=Decimal("45"),
                baseline_upper=Decimal("55"),
                trajectory={
                    "2008/09": Decimal("48"),
                    "2009/10": Decimal("46"),
                    "2010/11": Decimal("44"),
                },
                theme=LaaTheme.SAFER_AND_STRONGER,
            ),
            partners["ashford"],
            partners["voluntary"],
        ),
    )
    take_to_approval(agreement, users)
    return agreement, designated, local
