"""Fixtures for observations: users by role, files in the import layout, and helpers to
import them, all on the real reference data (no mocks of the database)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from localperf.accounts.models import Role
from localperf.observations.importing.services import observation_import
from localperf.organisations.models import Organisation, OrganisationKind


@pytest.fixture
def make_user(db) -> Callable[..., object]:
    def make(role: str = Role.PERFORMANCE_MANAGER, username: str | None = None, **extra):
        organisation = None
        if role != Role.ADMINISTRATOR and role:
            organisation = Organisation.objects.filter(
                kind=OrganisationKind.UNITARY_COUNCIL, area__code="E06000001"
            ).first()
        return get_user_model().objects.create_user(
            username=username or f"{role or 'nobody'}-{get_user_model().objects.count()}",
            password="correct horse battery staple",
            role=role,
            organisation=organisation,
            **extra,
        )

    return make


@pytest.fixture
def manager(make_user):
    return make_user(Role.PERFORMANCE_MANAGER, first_name="Pat", last_name="Manager")


@pytest.fixture
def partner(make_user):
    return make_user(Role.PARTNER_OFFICER)


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def inspector(make_user):
    return make_user(Role.INSPECTOR)


@pytest.fixture
def provider(db):
    """A data provider of CLG: writes every national indicator's figures in every area
    (provisional, or final on CLG's own indicators such as NI 157)."""
    return get_user_model().objects.create_user(
        username="provider-clg",
        password="correct horse battery staple",
        role=Role.DATA_PROVIDER,
        organisation=Organisation.objects.get(slug="clg"),
        first_name="Dee",
        last_name="Provider",
    )


@pytest.fixture
def load(provider):
    """``load(csv_bytes, dry_run=False)`` → the import's result, as the data provider
    (whose right covers every area, so that tests of the pipeline may use any)."""

    def run(content: bytes, *, dry_run: bool = False, user=None, **options):
        return observation_import(
            file=content,
            user=user or provider,
            dry_run=dry_run,
            file_name=options.pop("file_name", "test.csv"),
            **options,
        )

    return run


@pytest.fixture
def transactional_reference(transactional_db):
    """Transactional tests start from an empty database: load the registers again."""
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
