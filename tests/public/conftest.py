"""The public site's data set: the demo agreements (Kent and Manchester approved, Camden
submitted and waiting), a draft agreement and a draft revision with words and figures
found nowhere else, and figures that are final, released or unreleased."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from localperf.accounts.models import User
from localperf.agreements import services as agreements
from localperf.agreements.models import Agreement
from localperf.observations.importing.services import observation_import
from localperf.organisations.models import Organisation
from tests.agreements.factories import target_input
from tests.conftest import shared_by_the_module
from tests.observations.helpers import csv_of, row

KENT, MANCHESTER, CAMDEN, HARTLEPOOL = "E10000016", "E08000003", "E09000007", "E06000001"

# Words and numbers that exist only in drafts or in unreleased figures: none of them may
# appear in anything the public can reach.
DRAFT_AGREEMENT_TITLE = "Hartlepool Quokka Partnership Draft"
DRAFT_TARGET_TITLE = "Quokka sightings secretly doubled"
DRAFT_TRAJECTORY = ("7771.1234", "7772.1234", "7773.1234")
DRAFT_REVISION_TITLE = "Platypus revision not yet agreed"
DRAFT_REVISION_TARGET_TITLE = "Platypus target proposed in a draft revision"
CAMDEN_TITLE = "Camden Local Area Agreement"
UNRELEASED_VALUES = ("4242.4242", "4343.4343", "4444.4444")
FINAL_VALUE = "1790.5"
RELEASED_VALUE = "1700.25"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; these tests sign people in, they do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class PublicData:
    kent: Agreement
    manchester: Agreement
    camden: Agreement
    draft: Agreement
    users: dict[str, User]


def demo_users() -> dict[str, User]:
    return {
        u.username.removeprefix("demo-"): u
        for u in User.objects.filter(username__startswith="demo-")
    }


def _import(user, *rows: str) -> None:
    result = observation_import(file=csv_of(*rows), user=user, dry_run=False, file_name="t.csv")
    assert result.status == "committed", result.problems


def load_public_data() -> PublicData:
    call_command("load_demo", stdout=StringIO())
    users = demo_users()
    admin = users["admin"]
    kent = Agreement.objects.get(area__code=KENT)
    # NI 111 (first-time entrants to the youth justice system) is a Kent, Manchester and
    # Camden target: 2008/09 final, 2009/10 provisional and released, 2010/11 provisional
    # and never released.
    _import(
        admin,
        row("NI 111", KENT, "2008/09", value=FINAL_VALUE, status="final"),
        row("NI 111", KENT, "2009/10", value=RELEASED_VALUE, status="provisional"),
        row("NI 111", KENT, "2010/11", value=UNRELEASED_VALUES[0], status="provisional"),
        row("NI 111", CAMDEN, "2008/09", value=UNRELEASED_VALUES[1], status="provisional"),
        row("NI 111", MANCHESTER, "2008/09", value=UNRELEASED_VALUES[2], status="provisional"),
        row("NI 111", MANCHESTER, "2009/10", value="1500", status="final"),
    )
    from localperf.observations.models import ReportingPeriod
    from localperf.observations.services import observations_release
    from tests.observations.helpers import area, measure

    observations_release(
        user=users["pm-kent"],
        area=area(KENT),
        measure=measure("NI 111"),
        period=ReportingPeriod.objects.get(label="2009/10"),
    )
    # A draft agreement with its own words and figures.
    hartlepool_pm = User.objects.create_user(
        username="test-pm-hartlepool",
        password="test-password-123",
        role="performance_manager",
        organisation=Organisation.objects.get(slug="hartlepool-borough-council"),
    )
    draft = agreements.agreement_create(user=hartlepool_pm)
    draft.title = DRAFT_AGREEMENT_TITLE
    draft.save()
    agreements.target_add(
        user=hartlepool_pm,
        agreement=draft,
        data=target_input(
            "NI 111",
            title=DRAFT_TARGET_TITLE,
            trajectory=dict(
                zip(("2008/09", "2009/10", "2010/11"), map(Decimal, DRAFT_TRAJECTORY), strict=True)
            ),
        ),
    )
    # A revision of Kent's approved agreement, still being prepared.
    revision = agreements.revision_create(
        user=users["pm-kent"],
        agreement=kent,
        title=DRAFT_REVISION_TITLE,
        reason="Testing that a draft revision stays private.",
        effective_from=datetime.date(2009, 4, 1),
        on=datetime.date(2009, 1, 10),
    )
    agreements.revision_add_change(
        user=users["pm-kent"],
        revision=revision,
        action="add",
        data=target_input("NI 20", category="local", title=DRAFT_REVISION_TARGET_TITLE),
    )
    return PublicData(
        kent=kent,
        manchester=Agreement.objects.get(area__code=MANCHESTER),
        camden=Agreement.objects.get(area__code=CAMDEN),
        draft=draft,
        users=demo_users() | {"pm-hartlepool": hartlepool_pm},
    )


@pytest.fixture(scope="module")
def public_data_for_the_module(django_db_setup, django_db_blocker) -> Iterator[PublicData]:
    with shared_by_the_module(django_db_blocker):
        yield load_public_data()


@pytest.fixture
def public_data(public_data_for_the_module, db) -> PublicData:
    """The module's data set, its objects read afresh so no test sees another's edits."""
    shared = public_data_for_the_module
    return PublicData(
        kent=Agreement.objects.get(pk=shared.kent.pk),
        manchester=Agreement.objects.get(pk=shared.manchester.pk),
        camden=Agreement.objects.get(pk=shared.camden.pk),
        draft=Agreement.objects.get(pk=shared.draft.pk),
        users={name: User.objects.get(pk=u.pk) for name, u in shared.users.items()},
    )
