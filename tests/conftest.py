"""Shared fixtures: the real reference data, loaded once into the test database."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the project's own reference data."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0, stdout=StringIO())


@pytest.fixture
def reference_data(db):
    """Marks a test as needing the reference registers (loaded once per session)."""
    return None
