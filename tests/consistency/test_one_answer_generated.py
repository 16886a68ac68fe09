"""One answer per question over generated agreements (issue 10): Kent's agreement with
one or two targets, generated trajectories and figures, judged on a generated day. The
dashboard's selector, the public site, the region view, the six-monthly report and the
national indicator picture give each target the same period, status, direction and
latest figure (the demo's version, with the rendered pages, is ``test_one_answer``)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localperf.agreements import services as agreements
from localperf.agreements.models import TargetCategory
from localperf.monitoring.selectors import agreement_progress, progress_for_period
from localperf.monitoring.services import assessments_recompute
from localperf.national import selectors as national
from localperf.observations.importing.services import observation_submit
from localperf.observations.models import ReportingPeriod
from localperf.places.models import Area
from localperf.public import selectors as public
from tests.agreements.factories import make_partners, make_users, take_to_approval, target_input

pytestmark = pytest.mark.django_db
KENT = "E10000016"
YEARS = ("2008/09", "2009/10", "2010/11")
CODES = ("NI 112", "NI 195")

figures = st.fixed_dictionaries({year: st.one_of(st.none(), st.integers(30, 70)) for year in YEARS})
target_specs = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(1, 3), figures),
    min_size=1,
    max_size=2,
    unique_by=lambda spec: spec[0],
)
days = st.dates(datetime.date(2009, 1, 1), datetime.date(2011, 9, 30))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db):
    make_partners(Area.objects.get(code=KENT))
    return make_users()


def _agreement(people, specs):
    agreement = agreements.agreement_create(user=people["pm"])
    for code, step, _ in specs:
        base = Decimal("50")
        extra = {}
        if code == "NI 195":
            # A survey indicator: its baseline carries a confidence interval (rule D7).
            extra = {
                "category": TargetCategory.LOCAL,
                "baseline_lower": Decimal("45"),
                "baseline_upper": Decimal("55"),
            }
        agreements.target_add(
            user=people["pm"],
            agreement=agreement,
            data=target_input(
                code,
                # Both are lower-is-better: a falling trajectory, by 2, 4 or 6 a year.
                trajectory={year: base - 2 * (i + 1) * step for i, year in enumerate(YEARS)},
                **extra,
            ),
        )
    take_to_approval(agreement, people)
    rows = [
        {"measure": code, "area": KENT, "period": year, "value": str(value), "status": "final"}
        for code, _, values in specs
        for year, value in values.items()
        if value is not None
    ]
    if rows:
        result = observation_submit(rows=rows, user=people["pm"])
        assert result.committed, result.message or result.problems
    assessments_recompute()
    return agreement


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=target_specs, day=days)
def test_every_room_gives_a_generated_target_the_same_answer(people, specs, day):
    # Rules M1, M2, M5, N1: one status, direction and latest figure per target and day.
    with transaction.atomic(), override_settings(LOCALPERF_AS_AT=day.isoformat()):
        agreement = _agreement(people, specs)
        staff = {p.target.pk: p for p in agreement_progress(agreement, today=day)}
        assert len(staff) == len(specs)

        for item in public.agreement_public_progress(agreement):
            mine = staff[item.target.pk]
            assert (item.latest.period if item.latest else "") == mine.period_label
            assert item.status.label == mine.rating.label
            if item.latest and item.latest.actual is not None:
                assert item.latest.actual == pytest.approx(mine.actual)

        summary = national.region_summary(agreement.area.region, people["admin"], today=day)
        (row,) = [r for r in summary.rows if r.agreement_id == agreement.pk]
        expected = Counter(
            (p.target.theme, p.rating.value)
            for p in staff.values()
            if p.rating in national.REGION_RATINGS
        )
        assert row.counts == dict(expected)

        labels = sorted({p.period_label for p in staff.values() if p.period})
        for report_row in progress_for_period(agreement, labels, today=day):
            mine = staff[report_row.progress.target.pk]
            cells = {c.period_label: c for c in report_row.cells if c is not None}
            if mine.period_label in cells:
                assert cells[mine.period_label].rating == mine.rating

        for mine in staff.values():
            point = mine.period
            if point is None or point.actual is None:
                continue
            measure = public.target_measure(mine.target)
            period = ReportingPeriod.objects.get(pk=point.period_id)
            picture = national.indicator_picture(measure, period)
            (area,) = [a for a in picture.areas if a.area_id == agreement.area_id]
            assert area.value == pytest.approx(point.actual)
            assert area.direction == point.direction
            if point.profile is not None:
                assert area.target == pytest.approx(point.profile)
        transaction.set_rollback(True)
