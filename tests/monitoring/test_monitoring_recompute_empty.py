"""Recomputing nothing is allowed and writes nothing."""

import datetime

import pytest

from localperf.calculations.rates import rate_scale
from localperf.monitoring.models import Assessment
from localperf.monitoring.services import assessments_recompute

pytestmark = pytest.mark.django_db


def test_recomputing_no_targets_writes_nothing(reference_data):
    summary = assessments_recompute(targets=[], today=datetime.date(2009, 11, 30))
    assert (summary.targets, summary.assessments) == (0, 0)
    summary = assessments_recompute(today=datetime.date(2009, 11, 30))
    assert summary.assessments == 0 and not Assessment.objects.exists()


def test_the_scale_of_a_rate_comes_from_its_unit():
    # rules A6, N1: the combined rate is Σ numerators / Σ denominators × this scale
    assert rate_scale("% of children") == 100.0
    assert rate_scale("rate per 100,000 population") == 100_000.0
    assert rate_scale("number of homes") is None
