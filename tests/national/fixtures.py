"""A small national picture with hand-computed answers, built on the real reference
data. Plain functions, so the browser test can use them too.

NI 117 (NEET, %, lower is better), 2009/10, whole population; five South East areas
(Kent first) and three London boroughs:

    area   value  numerator/denominator  2008/09
    SE1    5.0     50 / 1000              6.0   (Kent: improving)
    SE2    6.0     60 / 1000              6.0   (no significant change)
    SE3    6.0     30 /  500              5.0   (worsening)
    SE4    8.0     80 / 1000              –     (not comparable)
    SE5   10.0    100 / 1000              –
    LO1    4.0     40 / 1000              –
    LO2    7.0     70 / 1000              –
    LO3    9.0     90 / 1000              –

Sorted: 4 5 6 6 7 8 9 10 (n = 8). Inclusive quartiles (position p × 7):
lower quartile 5 + 0.75 × 1 = 5.75; median 6 + 0.5 × 1 = 6.5; upper 8 + 0.25 × 1 = 8.25.
Ranks (lower is better, ties share, next skips): LO1 1, SE1 2, SE2 3, SE3 3, LO2 5,
SE4 6, LO3 7, SE5 8. South East 5 6 6 8 10: quartiles 6, 6, 8; ranks SE1 1, SE2 2,
SE3 2, SE4 4, SE5 5. London 4 7 9: quartiles 5.5, 7, 8.
England (no England-level figure): 520 / 7500 = 6.9333…%.
The group {SE3, SE5}: 130 / 1500 = 8.6667% (the mean of their rates would be 8.0).

NI 5 (Place Survey, %, higher is better, with confidence intervals), Place Survey 2010
against 2008, with an England-level figure of 52 (51–53):

    SE1  56 (54–58) from 50 (47–53): improving; better than England
    SE2  55 (52–58) from 50 (47–53): no significant change; similar to England
    SE3  48 (46–50): worse than England
"""

from __future__ import annotations

from decimal import Decimal

from localperf.agreements import services
from localperf.agreements.models import LaaTheme, TargetSetting
from localperf.indicators.models import Indicator, Measure
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from localperf.places.models import Area, PopulationGroup
from tests.agreements.factories import make_users, take_to_approval, target_input

KENT = "E10000016"
SOUTH_EAST = "E12000008"
LONDON = "E12000007"

NI117_2009 = [5.0, 6.0, 6.0, 8.0, 10.0, 4.0, 7.0, 9.0]
NI117_DENOMINATORS = [1000, 1000, 500, 1000, 1000, 1000, 1000, 1000]
NI117_2008 = {0: 6.0, 1: 6.0, 2: 5.0}


def whole_measure(number: int) -> Measure:
    return Measure.objects.get(indicator__number=number, part="")


def pick_areas() -> list[Area]:
    """Kent and four other South East upper-tier areas, then three London boroughs."""
    kent = Area.objects.get(code=KENT)
    south_east = list(
        Area.objects.filter(upper_tier=True, region__code=SOUTH_EAST, valid_to__isnull=True)
        .exclude(pk=kent.pk)
        .order_by("code")[:4]
    )
    london = list(
        Area.objects.filter(upper_tier=True, region__code=LONDON, valid_to__isnull=True).order_by(
            "code"
        )[:3]
    )
    return [kent, *south_east, *london]


def record(measure, area, label, value, *, numerator=None, denominator=None, ci=None, **extra):
    return Observation.objects.create(
        measure=measure,
        area=area,
        period=ReportingPeriod.from_label(label),
        population_group=PopulationGroup.objects.whole_population(),
        value=value,
        numerator=numerator,
        denominator=denominator,
        ci_lower=ci[0] if ci else None,
        ci_upper=ci[1] if ci else None,
        status=extra.pop("status", ObservationStatus.FINAL),
        **extra,
    )


def england() -> Area:
    """England as a whole, from the reference data (a country, GSS E92000001)."""
    return Area.objects.countries().get(gss_code="E92000001")


def national_figures() -> list[Area]:
    areas = pick_areas()
    neet = whole_measure(117)
    for index, (area, value, denominator) in enumerate(
        zip(areas, NI117_2009, NI117_DENOMINATORS, strict=True)
    ):
        record(neet, area, "2009/10", value, numerator=value * denominator / 100,
               denominator=denominator)  # fmt: skip
        if index in NI117_2008:
            before = NI117_2008[index]
            record(neet, area, "2008/09", before, numerator=before * 10, denominator=1000)
    satisfaction = whole_measure(5)
    record(satisfaction, england(), "Place Survey 2010", 52, ci=(51, 53))
    for area, now, before in (
        (areas[0], (56, 54, 58), (50, 47, 53)),
        (areas[1], (55, 52, 58), (50, 47, 53)),
        (areas[2], (48, 46, 50), None),
    ):
        record(satisfaction, area, "Place Survey 2010", now[0], ci=now[1:])
        if before:
            record(satisfaction, area, "Place Survey 2008", before[0], ci=before[1:])
    return areas


def kent_agreement(users):
    """Kent's LAA, approved: designated NI 117 (target 5.5 in 2009/10), NI 112, and a
    placeholder on NI 32 (deferred to 2009/10, rule D2). Plus Manchester's draft with
    NI 117, which must not count."""
    pm = users["pm"]
    agreement = services.agreement_create(user=pm)
    services.target_add(
        user=pm,
        agreement=agreement,
        data=target_input(
            "NI 117",
            baseline_value=Decimal("7"),
            trajectory={
                "2008/09": Decimal("6.5"),
                "2009/10": Decimal("5.5"),
                "2010/11": Decimal("5"),
            },
        ),
    )
    services.target_add(user=pm, agreement=agreement, data=target_input("NI 112"))
    services.target_add(
        user=pm,
        agreement=agreement,
        data=target_input(
            "NI 32",
            setting=TargetSetting.PLACEHOLDER,
            baseline_value=None,
            baseline_period="",
            baseline_to_be_confirmed=True,
            trajectory={},
            theme=LaaTheme.SAFER_AND_STRONGER,
        ),
    )
    take_to_approval(agreement, users)
    draft = services.agreement_create(user=users["other_pm"])
    services.target_add(user=users["other_pm"], agreement=draft, data=target_input("NI 117"))
    return agreement, draft


__all__ = ["Indicator", "kent_agreement", "make_users", "national_figures", "whole_measure"]
