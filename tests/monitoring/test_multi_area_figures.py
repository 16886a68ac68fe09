"""A Multi Area Agreement's figures (rules X2, M6): a linked target shows the same figure
and status in the LAA and the MAA, and an MAA target's figure is its members' Σ
numerators / Σ denominators, never the mean of their percentages."""

from __future__ import annotations

import datetime

import pytest

from localperf.calculations.rates import combined_rate
from localperf.monitoring.models import Assessment
from localperf.monitoring.selectors import agreement_progress
from localperf.monitoring.services import assessments_recompute
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from localperf.places.models import Area, PopulationGroup
from tests.agreements.factories import indicator
from tests.agreements.maa_factories import greater_manchester, maa_own_target

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
