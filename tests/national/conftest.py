"""Fixtures for the national picture, on the real reference data (see ``fixtures``)."""

from __future__ import annotations

import pytest

from localperf.accounts.models import User
from tests.agreements.factories import make_partners, make_users
from tests.national.fixtures import KENT, kent_agreement, national_figures


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(db) -> dict[str, User]:
    from localperf.places.models import Area

    make_partners(Area.objects.get(code=KENT))
    return make_users()


@pytest.fixture
def figures(db):
    return national_figures()


@pytest.fixture
def agreements(users):
    return kent_agreement(users)
