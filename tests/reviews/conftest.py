"""Fixtures for the reviews tests: the agreements tests' users and Kent's approved
agreement (real reference data), and the demonstration data set."""

from __future__ import annotations

import datetime

import pytest

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.places.models import Area
from localperf.reviews import services
from localperf.reviews.models import LadderStep
from tests.agreements.factories import approved_kent, make_partners, make_users

# A day in the life of the 2008–11 agreements, after Kent's approval on 30 June 2008.
AUTUMN_2009 = datetime.date(2009, 10, 15)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; these tests sign people in, they do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partners(db):
    return make_partners(Area.objects.get(code="E10000016"))


@pytest.fixture
def users(db, partners) -> dict[str, User]:
    return make_users()


@pytest.fixture
def approved(users, partners):
    """Kent's LAA approved on 30 June 2008: NI 112 (police, PCT) and local NI 195
    (Ashford, a voluntary body)."""
    return approved_kent(users, partners)


@pytest.fixture
def step_taken(approved, users):
    agreement, designated, _ = approved
    return services.under_performance_step_record(
        user=users["go_lm"],
        agreement=agreement,
        target=designated,
        step=LadderStep.MORE_REGULAR_MONITORING,
        reason="Under-18 conceptions rose for the second year running.",
        taken_on=datetime.date(2009, 9, 1),
    )


@pytest.fixture
def demo(demo_for_the_module, db) -> dict[str, Agreement]:
    """The demonstration data set, as `make run` loads it: Kent in force, Manchester
    approved, Camden submitted to GO for London."""
    return {a.area.code: a for a in Agreement.objects.select_related("area")}
