"""Fixtures for the reports tests: the agreements tests' users and Kent's approved
agreement (real reference data), with figures submitted through the observations
service and the monitoring assessments computed from them."""

from __future__ import annotations

import datetime

import pytest

from localperf.accounts.models import User
from localperf.agreements.models import Agreement, Target
from localperf.monitoring.services import assessments_recompute
from localperf.observations.importing.services import observation_submit
from localperf.places.models import Area
from localperf.reports import services
from localperf.reports.models import ProgressReport
from tests.agreements.factories import approved_kent, make_partners, make_users

# The day the tests judge "overdue" on: after the 2009/10 first half-year.
AS_AT = datetime.date(2009, 11, 30)
KENT = "E10000016"
# NI 112 (under-18 conceptions, lower is better; trajectory 49, 48, 47 from 50) and
# NI 195 (local; 48, 46, 44 from 50): figures for 2008/09 and the 2009/10 first half.
FIGURES = [
    ("NI 112", "2008/09", "48.5"),
    ("NI 195", "2008/09", "47.0"),
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()


@pytest.fixture
def partners(db):
    return make_partners(Area.objects.get(code=KENT))


@pytest.fixture
def users(db, partners) -> dict[str, User]:
    return make_users()


def submit_figures(user, rows) -> None:
    result = observation_submit(
        rows=[
            {"measure": m, "area": KENT, "period": p, "value": v, "status": "final"}
            for m, p, v in rows
        ],
        user=user,
    )
    assert result.committed, result.message or result.problems


@pytest.fixture
def approved(users, partners) -> tuple[Agreement, Target, Target]:
    """Kent's LAA approved on 30 June 2008 with figures for 2008/09."""
    agreement, designated, local = approved_kent(users, partners)
    submit_figures(users["pm"], FIGURES)
    assessments_recompute(today=AS_AT)
    return agreement, designated, local


@pytest.fixture
def report(approved, users) -> ProgressReport:
    agreement, _, _ = approved
    return services.report_create(user=users["pm"], agreement=agreement, period_label="2009/10 H1")
