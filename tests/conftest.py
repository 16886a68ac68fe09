"""Shared fixtures: the real reference data, loaded once into the test database, and the
browser (one Playwright chromium for the whole session, whichever directory asks first:
only one sync Playwright may run in a thread)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the project's own reference data."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0, stdout=StringIO())


@contextmanager
def shared_by_the_module(django_db_blocker) -> Iterator[None]:
    """Data a module's tests share, written once (the demo takes seconds to load) inside a
    transaction rolled back when the module ends. Each test's own transaction is then a
    savepoint within it, so a test still sees none of another's changes. For modules
    without transactional (live server, browser) tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_for_the_module(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demonstration data set (``load_demo``), loaded once per module."""
    with shared_by_the_module(django_db_blocker):
        call_command("load_demo", stdout=StringIO())
        yield


@pytest.fixture(autouse=True)
def _kept_results_forgotten():
    """Each test starts with no page result kept from another (``web.kept``): a
    rolled-back test's ids and stamps may come again in the next one."""
    from localperf.web.kept import kept_results_clear

    kept_results_clear()


@pytest.fixture
def reference_data(db):
    """Marks a test as needing the reference registers (loaded once per session)."""
    return None


# Playwright's sync API keeps an event loop in the test thread; the ORM calls made by
# fixtures in that same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("LOCALPERF_CHROMIUM", "/usr/bin/chromium"))
# The machine has no route to the internet: these flags stop Chromium reaching out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_reference(transactional_db):
    """Transactional tests start from an empty database: load the registers again."""
    call_command("load_reference", verbosity=0, stdout=StringIO())


@pytest.fixture
def page(browser, live_server, live_reference):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    # A blocked script or style (our CSP) or a JavaScript error is a defect on any page.
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.console_problems = problems
    yield page
    context.close()
    assert not problems, f"console errors in the browser: {problems}"
