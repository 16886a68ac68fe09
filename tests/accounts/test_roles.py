"""The role predicates every permissions module asks (``accounts/roles.py``): each role
answers yes to its own questions and no to the others'; anyone not signed in, and no
user at all (the command line), answers no to every one."""

import pytest
from django.contrib.auth.models import AnonymousUser

from localperf.accounts import roles
from localperf.accounts.models import Role, User

# Which predicates each role satisfies; every other predicate must answer False.
EXPECTED = {
    Role.PERFORMANCE_MANAGER: {"is_performance_manager", "speaks_for_partner"},
    Role.PARTNER_OFFICER: {"is_partner_officer", "speaks_for_partner"},
    Role.GO_LOCALITY_MANAGER: {"is_government_office", "is_government"},
    Role.GO_REGIONAL_DIRECTOR: {"is_government_office", "is_regional_director", "is_government"},
    Role.CENTRAL_APPROVER: {"is_central_approver", "is_central_government", "is_government"},
    Role.CENTRAL_ANALYST: {"is_central_government", "is_government"},
    Role.INSPECTOR: {"is_inspector", "is_government"},
    Role.ADMINISTRATOR: {"is_administrator", "is_government"},
    Role.DATA_PROVIDER: {"is_data_provider"},
    # rule N1: a department is central government (DOMAIN: "Central government (CLG,
    # departments)"), so DCSF's officer sees the national picture.
    Role.DEPARTMENT_TARGET_OFFICER: {
        "is_department_target_officer",
        "is_central_government",
        "is_government",
    },
}
PREDICATES = sorted({name for names in EXPECTED.values() for name in names})


def test_every_role_is_named():
    assert set(EXPECTED) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_answers_its_own_questions(role):
    user = User(username=f"u-{role}", role=role)
    answers = {name for name in PREDICATES if getattr(roles, name)(user)}
    assert answers == EXPECTED[role]
    assert roles.is_signed_in(user) and not roles.has_organisation(user)


def test_a_superuser_without_a_role_is_an_administrator():
    user = User(username="root", is_superuser=True)
    assert roles.is_administrator(user) and roles.is_government(user)
    assert not roles.is_performance_manager(user)


@pytest.mark.parametrize("user", [AnonymousUser(), None])
def test_nobody_signed_in_holds_any_role(user):
    assert roles.role_of(user) == ""
    assert not any(getattr(roles, name)(user) for name in [*PREDICATES, "is_signed_in"])
