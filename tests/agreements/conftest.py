"""Fixtures for agreement tests, built on the real reference data (regions, councils,
Government Offices and the National Indicator Set, loaded once per session)."""

from __future__ import annotations

import pytest

from localperf.accounts.models import User
from localperf.agreements import services
from localperf.organisations.models import Organisation
from localperf.places.models import Area
from tests.agreements.factories import (
    approved_kent,
    make_partners,
    make_users,
    target_input,
    with_partners,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; these tests sign people in, they do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def kent(db) -> Area:
    return Area.objects.get(code="E10000016")


@pytest.fixture
def partners(db, kent) -> dict[str, Organisation]:
    return make_partners(kent)


@pytest.fixture
def users(db, partners) -> dict[str, User]:
    return make_users()


@pytest.fixture
def draft(users):
    """Kent's draft three-year LAA."""
    return services.agreement_create(user=users["pm"])


@pytest.fixture
def draft_with_target(draft, users, partners):
    """The draft with one designated target: NI 112, police and PCT signed up."""
    data = with_partners(
        target_input("NI 112"), partners["police"], partners["pct"], coordinating=partners["pct"]
    )
    target = services.target_add(user=users["pm"], agreement=draft, data=data)
    return draft, target


@pytest.fixture
def approved(users, partners):
    """Kent's LAA approved on 30 June 2008 (see ``factories.approved_kent``)."""
    return approved_kent(users, partners)
