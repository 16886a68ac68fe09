"""The national-scale data set (issue 16), on a slice: an approved LAA with 35 designated,
16 statutory and 3 local targets, and figures imported through the import service."""

import datetime

import pytest

from localperf.agreements.models import Agreement
from localperf.demo.national_scale import (
    DESIGNATED,
    LOCAL,
    STATUTORY,
    agreements_build,
    authorities_existing,
    figures_frame,
    figures_import,
)
from localperf.indicators.models import Indicator, Measure
from localperf.observations.models import Observation

pytestmark = pytest.mark.django_db


def test_an_approved_agreement_per_upper_tier_area_with_its_three_kinds_of_target():
    made, targets, users = agreements_build(seed=1, limit=1, echo=lambda line: None)
    # Statutory targets on every statutory indicator still reported (up to 16; NI 74 and
    # NI 83 were withdrawn in 2009, rule D3).
    statutory = min(
        STATUTORY,
        Indicator.objects.filter(statutory_education=True, withdrawn_from__isnull=True).count(),
    )
    assert made == 1 and targets == DESIGNATED + statutory + LOCAL
    agreement = Agreement.objects.get()
    assert agreement.status == "approved"
    by_category = {
        category: agreement.targets.filter(category=category).count()
        for category in ("designated", "statutory", "local")
    }
    assert by_category == {"designated": 35, "statutory": statutory, "local": 3}
    assert users >= 4  # its performance manager and partner, the Government Office pair


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
