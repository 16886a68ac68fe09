"""Who a user is, as django-rules predicates: the one set of role questions every app's
permissions ask.

Each predicate takes a user (signed in, anonymous, or ``None`` for the command line) and
answers False for anyone not signed in. One calling idiom everywhere: combine them in
rules (``is_administrator | is_government_office``) and call them, or the combination, as
functions (``is_inspector(user)``); never compare ``user.role`` by hand. Whether a role
holds *for an object* (this agreement's Government Office, this area's performance
manager) is the business of the app that owns the object; it starts from these.

``has`` asks django-rules directly: Django's superuser shortcut does not apply, so a
superuser cannot take a step of the sign-off path that the rules keep for others.
"""

from __future__ import annotations

import rules

from localperf.accounts.models import CENTRAL_ROLES, GOVERNMENT_OFFICE_ROLES, Role


def role_of(user) -> str:
    """The user's role ("" for anyone not signed in, or without one)."""
    if user is None or not user.is_authenticated:
        return ""
    return getattr(user, "role", "")


def has(user, permission: str, obj=None) -> bool:
    """Whether ``user`` holds ``permission`` (on ``obj``), by the rules alone."""
    return rules.has_perm(permission, user, obj)


@rules.predicate
def is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated


@rules.predicate
def has_organisation(user) -> bool:
    return is_signed_in(user) and getattr(user, "organisation_id", None) is not None


@rules.predicate
def is_administrator(user) -> bool:
    """A system administrator (or a Django superuser)."""
    return is_signed_in(user) and (user.is_superuser or role_of(user) == Role.ADMINISTRATOR)


@rules.predicate
def is_performance_manager(user) -> bool:
    """A Local Strategic Partnership's performance manager (in a council)."""
    return role_of(user) == Role.PERFORMANCE_MANAGER


@rules.predicate
def is_partner_officer(user) -> bool:
    return role_of(user) == Role.PARTNER_OFFICER


@rules.predicate
def is_government_office(user) -> bool:
    """A Government Office locality manager or Regional Director (of some region)."""
    return role_of(user) in GOVERNMENT_OFFICE_ROLES


@rules.predicate
def is_regional_director(user) -> bool:
    return role_of(user) == Role.GO_REGIONAL_DIRECTOR


@rules.predicate
def is_central_approver(user) -> bool:
    """Central government, approving for the Secretary of State."""
    return role_of(user) == Role.CENTRAL_APPROVER


@rules.predicate
def is_central_government(user) -> bool:
    """Central government: a central approver, a central analyst, or a department's
    officer (DCSF's, for the statutory targets)."""
    return role_of(user) in CENTRAL_ROLES


@rules.predicate
def is_inspector(user) -> bool:
    return role_of(user) == Role.INSPECTOR


@rules.predicate
def is_data_provider(user) -> bool:
    """A department, or the national collection that fed the Data Interchange Hub: sends
    national indicators' figures for every area (observations.rights)."""
    return role_of(user) == Role.DATA_PROVIDER


@rules.predicate
def is_department_target_officer(user) -> bool:
    """An officer of DCSF who agrees the statutory education and early years targets
    (rules A3, D3). Which department is the business of the organisation: only DCSF's
    officers hold the role (``agreements.permissions``)."""
    return role_of(user) == Role.DEPARTMENT_TARGET_OFFICER


# An organisation signed up to a target speaks through its partner officer or, for a
# partner council, its performance manager.
speaks_for_partner = is_partner_officer | is_performance_manager
# Government: every user who sees the national picture (rule N1).
is_government = is_government_office | is_central_government | is_inspector | is_administrator
