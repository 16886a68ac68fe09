"""A Multi Area Agreement's figures (rules X2, M6): a linked target shows the same figure
and status in the LAA and the MAA, and an MAA target's figure is its members' Σ
numerators / Σ denominators, never the mean of their percentages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from localperf.calculations.rates import combined_rate
from localperf.monitoring.models import Assessment
from localperf.monitoring.selectors import agreement_progress
from localperf.monitoring.selectors.members import maa_member_figures
from localperf.monitoring.services import assessments_recompute
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from localperf.places.models import Area, PopulationGroup
from tests.agreements.factories import indicator
from tests.agreements.maa_factories import (
    greater_manchester,
    gva_per_head,
    maa_own_target,
    record_gva,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2009, 11, 30)
CODES = {"manchester": "E08000003", "salford": "E08000006", "bolton": "E08000001"}


def record(code: str, area: str, label: str, numerator: int, denominator: int) -> None:
    Observation.objects.create(
        measure=indicator(code).measures.get(part=""),
        area=Area.objects.get(code=CODES[area]),
        period=ReportingPeriod.from_label(label),
        population_group=PopulationGroup.objects.whole_population(),
        value=round(numerator / denominator * 100, 4),
        numerator=numerator,
        denominator=denominator,
        status=ObservationStatus.FINAL,
    )


@pytest.fixture
def gm():
    return greater_manchester()


def test_a_linked_target_shows_the_same_figure_and_status_in_the_laa_and_the_maa(gm):
    # rules X2, M6: one set of figures serves both agreements
    record("NI 152", "manchester", "2008/09", 170, 1000)
    record("NI 152", "manchester", "2007/08", 180, 1000)
    assessments_recompute(today=TODAY)
    in_laa = next(p for p in agreement_progress(gm.laa, today=TODAY) if p.target == gm.laa_target)
    in_maa = next(p for p in agreement_progress(gm.maa, today=TODAY) if p.target == gm.laa_target)
    assert in_laa.period.actual == pytest.approx(17.0)
    assert (in_maa.period.actual, in_maa.period.rating, in_maa.period.variance) == (
        in_laa.period.actual,
        in_laa.period.rating,
        in_laa.period.variance,
    )
    assert in_maa.period.period_label == in_laa.period.period_label == "2008/09"


def test_an_maa_figure_is_the_sum_of_numerators_over_the_sum_of_denominators(gm):
    # rule X2: combined rates for the MAA area, never averaging percentages
    target = maa_own_target(gm, "NI 153")
    parts = {"manchester": (300, 1000), "salford": (20, 400), "bolton": (10, 600)}
    for area, (numerator, denominator) in parts.items():
        record("NI 153", area, "2008/09", numerator, denominator)
    assessments_recompute(today=TODAY)
    actual = Assessment.objects.get(target=target, period__label="2008/09").actual
    assert actual == pytest.approx(combined_rate(list(parts.values())))
    assert actual == pytest.approx(330 / 2000 * 100)
    mean_of_rates = sum(n / d * 100 for n, d in parts.values()) / 3
    assert actual != pytest.approx(mean_of_rates)


def test_an_maa_figure_waits_for_every_member(gm):
    # rule X2: a combined figure is of every member's area, or none
    target = maa_own_target(gm, "NI 153")
    record("NI 153", "manchester", "2008/09", 300, 1000)
    record("NI 153", "salford", "2008/09", 20, 400)
    assessments_recompute(today=TODAY)
    row = Assessment.objects.filter(target=target, period__label="2008/09").first()
    assert row is None or row.actual is None


def test_a_target_on_part_of_the_maa_area_shows_the_whole_area_beside_it(gm):
    # rules X2, A6: a target may cover part of the MAA's area
    salford = Area.objects.get(code=CODES["salford"])
    target = maa_own_target(gm, "NI 153", scope_areas=(salford,))
    parts = {"manchester": (300, 1000), "salford": (20, 400), "bolton": (10, 600)}
    for area, (numerator, denominator) in parts.items():
        record("NI 153", area, "2008/09", numerator, denominator)
    assessments_recompute(today=TODAY)
    row = Assessment.objects.get(target=target, period__label="2008/09")
    assert row.actual == pytest.approx(5.0)
    assert row.whole_area_actual == pytest.approx(16.5)


def test_gva_per_head_of_an_maa_is_its_members_gva_over_their_population(gm, client):
    # rules X2, D9: Σ GVA / Σ population, on hand numbers; never the mean of the figures
    gva_per_head()
    target = maa_own_target(
        gm,
        "TEST-GVA",
        baseline_value=Decimal("16000"),
        trajectory={"2008/09": Decimal("16200"), "2009/10": Decimal("16400"),
                    "2010/11": Decimal("16600")},
    )  # fmt: skip
    # Manchester £7.5bn over 450,000 (16,666.67 a head), Salford £3.0bn over 220,000
    # (13,636.36), Bolton £4.2bn over 260,000 (16,153.85).
    record_gva("manchester", "2008/09", 7_500_000_000, 450_000)
    record_gva("salford", "2008/09", 3_000_000_000, 220_000)
    record_gva("bolton", "2008/09", 4_200_000_000, 260_000)
    assessments_recompute(today=TODAY)
    actual = Assessment.objects.get(target=target, period__label="2008/09").actual
    assert actual == pytest.approx(14_700_000_000 / 930_000)  # 15,806.45 a head
    assert actual == pytest.approx(15806.45, abs=0.01)
    assert actual != pytest.approx((16666.67 + 13636.36 + 16153.85) / 3, abs=1)
    # The target's page shows the same figure, member by member.
    (period,) = maa_member_figures(target)
    assert (period.combined, period.numerators, period.denominators, period.reason) == (
        pytest.approx(actual),
        14_700_000_000,
        930_000,
        "",
    )
    client.force_login(gm.users["pm_manchester"])
    page = client.get(f"/agreements/{gm.maa.pk}/targets/{target.pk}/progress/")
    text = " ".join(page.content.decode().split())
    assert "15,806.45" in text and "14,700,000,000" in text and "930,000" in text


def test_without_a_members_gva_and_population_the_page_says_why_there_is_no_maa_figure(gm, client):
    # rule X2: a figure per head sent alone cannot be combined; no average stands in
    gva_per_head()
    target = maa_own_target(gm, "TEST-GVA")
    record_gva("manchester", "2008/09", 7_500_000_000, 450_000)
    record_gva("salford", "2008/09", None, None, value=13636.36)
    record_gva("bolton", "2008/09", 4_200_000_000, 260_000)
    assessments_recompute(today=TODAY)
    row = Assessment.objects.filter(target=target, period__label="2008/09").first()
    assert row is None or row.actual is None
    (period,) = maa_member_figures(target)
    assert period.combined is None
    assert period.reason.startswith("Not combined: Salford’s figure came without its numerator")
    client.force_login(gm.users["pm_manchester"])
    page = client.get(f"/agreements/{gm.maa.pk}/targets/{target.pk}/progress/")
    text = " ".join(page.content.decode().split())
    assert "Not combined: Salford’s figure came without its numerator and denominator" in text
    assert "never an average" in text
