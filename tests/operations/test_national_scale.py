"""The national-scale data set (issue 16): which LAAs the country has (all of them, as a
list), and on a slice, approved LAAs with 35 designated, 16 statutory and 3 local targets
and figures imported through the import service."""

import datetime
from collections import Counter

import pytest

from localperf.agreements.models import Agreement
from localperf.agreements.rules_of_agreement import ONE_YEAR, THREE_YEARS, TWO_YEARS, term_years
from localperf.demo.national_scale import (
    DESIGNATED,
    LOCAL,
    STATUTORY,
    agreement_areas,
    agreements_build,
    authorities_existing,
    figures_frame,
    figures_import,
)
from localperf.indicators.models import Indicator, Measure
from localperf.observations.models import Observation
from localperf.places.models import Area

pytestmark = pytest.mark.django_db


def test_an_approved_agreement_per_upper_tier_area_with_its_three_kinds_of_target():
    # Bedfordshire's one-year LAA and Bedford's two-year one (rule A1): the terms that
    # differ from the three years of the 148 others.
    chosen = [(a, t) for a, t in agreement_areas() if a.code in ("E10000001", "E06000055")]
    made, targets, users = agreements_build(
        seed=1, limit=None, echo=lambda line: None, areas=chosen
    )
    assert made == 2
    assert dict(Agreement.objects.values_list("area__code", "term")) == {
        "E10000001": ONE_YEAR,
        "E06000055": TWO_YEARS,
    }
    statutory = Indicator.objects.filter(statutory_education=True, withdrawn_from__isnull=True)
    for agreement in Agreement.objects.all():
        assert agreement.status == "approved"
        # Statutory targets on every statutory indicator reported in the agreement's first
        # year (up to 16; NI 74 and NI 83 were withdrawn in 2009, rule D3).
        first_year = agreement.years[0]
        expected = min(STATUTORY, statutory.filter(first_year__lte=first_year).count())
        by_category = {
            category: agreement.targets.filter(category=category).count()
            for category in ("designated", "statutory", "local")
        }
        assert by_category == {"designated": DESIGNATED, "statutory": expected, "local": LOCAL}
    assert targets == sum(a.targets.count() for a in Agreement.objects.all())
    assert users >= 6  # each council's performance manager and partner, the GO pair


def test_figures_go_through_the_import_and_leave_out_what_a_rule_refuses():
    areas = authorities_existing(datetime.date(2009, 3, 31))
    # A county and a district abolished on 31 March 2009 (figures for 2009/10 refused).
    chosen = [next(a for a in areas if a.area_type == "county")]
    chosen += [next(a for a in areas if a.valid_to == datetime.date(2009, 3, 31))]
    measures = list(
        Measure.objects.select_related("indicator").filter(indicator__number__in=[8, 39])
    )
    frame = figures_frame(measures, chosen, seed=3)
    imported, left_out = figures_import(frame, echo=lambda line: None)
    assert left_out > 0 and imported + left_out == frame.height
    assert Observation.objects.count() == imported
    assert not Observation.objects.filter(
        area=chosen[1], period__label__in=["2009/10", "2010/11"]
    ).exists()


def test_the_country_has_150_laas_in_2008_09_and_152_from_april_2009():
    # rule A1: the 150 upper-tier areas of 2008 (34 counties, 46 unitaries, 36 metropolitan
    # districts, 32 London boroughs, the City of London, the Isles of Scilly) each hold an
    # LAA; Bedfordshire's and Cheshire's last one year, and the four unitaries they were
    # divided into hold two-year LAAs: 152 in force from 1 April 2009, as the 152
    # upper-tier areas live that day.
    chosen = agreement_areas()
    assert len(chosen) == 154
    in_force = Counter(year for _, term in chosen for year in term_years(term))
    assert in_force == {"2008/09": 150, "2009/10": 152, "2010/11": 152}
    live_2009 = Area.objects.filter(upper_tier=True).live_on(datetime.date(2009, 4, 1))
    assert live_2009.exclude(area_type__in=["country", "region"]).count() == 152
    by_term = Counter(term for _, term in chosen)
    assert by_term == {THREE_YEARS: 148, ONE_YEAR: 2, TWO_YEARS: 4}
    codes = {area.code for area, _ in chosen}
    assert {"E09000001", "E07000025", "E10000002", "E06000055"} <= codes  # City, Scilly…
    assert "E06000047" not in codes  # County Durham's LAA is Durham county's
