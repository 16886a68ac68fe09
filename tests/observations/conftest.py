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
def load(manager):
    """``load(csv_bytes, dry_run=False)`` → the import's result, as the manager."""

    def run(content: bytes, *, dry_run: bool = False, user=None, **options):
        return observation_import(
            file=content,
            user=user or manager,
            dry_run=dry_run,
            file_name=options.pop("file_name", "test.csv"),
            **options,
        )

    return run


@pytest.fixture
def transactional_reference(transactional_db):
    """Transactional tests start from an empty database: load the registers again."""
    call_command("load_reference", verbosity=0, stdout=io.StringIO())


# The browser fixtures (Debian's chromium through Playwright, the live server with the
# reference data) come from tests/browser/. Only one sync Playwright may run in a thread,
# so the session's chromium is shared: if tests/browser/ has already opened it, its
# fixture's value is reused (pytest keeps no public handle on a fixture of another
# directory); otherwise this directory opens its own.
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.conftest import live_reference as live_reference  # noqa: E402
from tests.browser.conftest import page as page  # noqa: E402


def _definitions(manager, name: str):
    """Every definition of a fixture (pytest 9 keeps them by node; older, in a list)."""
    for definitions in getattr(manager, "_arg2node2fixturedefs", {}).get(name, {}).values():
        yield from definitions
    yield from getattr(manager, "_arg2fixturedefs", {}).get(name, [])


def _open_browser_elsewhere(request):
    for definition in _definitions(getattr(request, "_fixturemanager", None), "browser"):
        cached = getattr(definition, "cached_result", None)
        if definition is not request._fixturedef and cached and cached[2] is None:
            return cached[0]
    return None


@pytest.fixture(scope="session")
def browser(request):
    shared = _open_browser_elsewhere(request)
    if shared is not None:
        yield shared
        return
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
