"""The statutory education and early years targets' own cycle (rules A3, D3): DCSF sets
a year's value (or marks it to be set, or to be confirmed with a provisional value) and
withdraws a target when its measure ends. Not the partnership's revision path (rules
L3, L4): DCSF's officer records each change, which is published in the change log."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from localperf.accounts.roles import is_department_target_officer
from localperf.agreements import rules_of_agreement as rules
from localperf.agreements import statutory_rules
from localperf.agreements.models import (
    StatutoryChange,
    StatutoryChangeKind,
    Target,
    TargetStatus,
    TargetVersion,
    YearState,
)
from localperf.agreements.services.common import ONE_DAY, _event, _locked, _publish
from localperf.agreements.services.targets import _input_from_version, _write_version
from localperf.agreements.target_checks import check_target, trajectory_field
from localperf.organisations.models import OrganisationKind
from localperf.web import clock

WHO = (
    "Only an officer of DCSF (the Department for Children, Schools and Families) can record "
    "a change to a statutory education and early years target, and only once the agreement "
    "is approved: before that the performance manager enters it in the draft."
)


def statutory_may_record(user, target: Target) -> bool:
    """The one answer to "may this user record DCSF's change to this target?"."""
    organisation = getattr(user, "organisation", None)
    return (
        is_department_target_officer(user)
        and organisation is not None
        and organisation.kind == OrganisationKind.CENTRAL_DEPARTMENT
        and target.agreement.is_published
    )


def _check(user, target: Target) -> None:
    if not statutory_may_record(user, target):
        raise PermissionDenied(WHO)
    problem = statutory_rules.statutory_change_problem(
        category=target.category, code=target.indicator.code, status=target.status
    )
    if problem:
        raise ValidationError({NON_FIELD_ERRORS: [problem]})


def _day_problem(target: Target, day: datetime.date) -> str | None:
    agreement = target.agreement
    if not agreement.starts_on <= day <= agreement.ends_on:
        return (
            f"DCSF's change must be agreed within the agreement's term, between "
            f"{rules.long_date(agreement.starts_on)} and {rules.long_date(agreement.ends_on)}."
        )
    current = target.current_version()
    if current is not None and day < current.effective_from:
        return (
            f"The current version of the {target.indicator.code} target began on "
            f"{rules.long_date(current.effective_from)}: a change agreed earlier cannot follow "
            "it."
        )
    return None


def _next_version(target: Target, day: datetime.date, reason: str) -> TargetVersion:
    """The version the change writes: the current one when it began that day, else a new
    one from that day (the periods before keep the old values)."""
    current = target.current_version()
    if current.effective_from == day:
        return current
    current.effective_to = day - ONE_DAY
    current.save()
    return TargetVersion(
        target=target, number=current.number + 1, effective_from=day, reason=reason[:300]
    )


def statutory_year_record(
    *,
    user,
    target: Target,
    year: str,
    state: str,
    value: Decimal | None,
    reason: str,
    on: datetime.date | None = None,
) -> StatutoryChange:
    """DCSF sets, marks to be set, or provisionally sets one year of a statutory target
    (rules A3, D3): a new version from the day agreed, audited and published."""
    _check(user, target)
    day = on or clock.today()
    years = rules.term_years(target.agreement.term)
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str | None) -> None:
        if message:
            problems.setdefault(field, []).append(message)

    if year not in years:
        add("year", f"Choose a year of the agreement, from {years[0]} to {years[-1]}.")
    if not reason.strip():
        add("reason", "Say why DCSF changed the target, for example “2011 targets set”.")
    if value is not None:
        add("value", rules.figure_problem(value, "The target", places=rules.FIGURE_PLACES))
    add(
        "value",
        statutory_rules.year_state_problem(
            category=target.category,
            code=target.indicator.code,
            year=year,
            state=state,
            value=value,
        ),
    )
    add("value", target.indicator.withdrawal_problem(day, "a target set on it"))
    add(NON_FIELD_ERRORS, _day_problem(target, day))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _locked(target.agreement)
        target = Target.objects.select_for_update().get(pk=target.pk)
        current = target.current_version()
        before = {t.year: t for t in current.trajectory_values.all()}
        previous = before.get(year)
        data = _input_from_version(target, current)
        trajectory = {**data.trajectory, year: value}
        states = {**data.year_states, year: state}
        data = replace(data, trajectory=trajectory, year_states=states)
        try:
            checked = check_target(target.agreement, data, target=target, on=day)
        except ValidationError as error:
            raise ValidationError(_as_value_errors(error, year)) from None
        version = _next_version(target, day, reason)
        _write_version(version, checked, trajectory_in_place=version.pk is not None)
        change = StatutoryChange.objects.create(
            target=target,
            kind=StatutoryChangeKind.YEAR,
            year=year,
            state=state,
            value=value,
            previous_state=previous.state if previous else "",
            previous_value=previous.value if previous else None,
            agreed_on=day,
            agreed_with=user.organisation,
            reason=reason.strip(),
            version=version,
            recorded_by=user,
        )
        summary = statutory_change_summary(change)
        _publish(target.agreement, user=user, published_on=day, summary=summary, target=target)
        _event(
            target.agreement,
            user=user,
            action="statutory_year",
            # The reason is the event's comment: the description says what happened.
            description=summary.removesuffix(change.reason).rstrip(" :.")[:300],
            comment=reason,
            on=day,
        )
    return change


def _as_value_errors(error: ValidationError, year: str) -> dict[str, list[str]]:
    """The target's own checks, keyed for the one-year form: the year's field is "value"."""
    found = error.message_dict
    return {
        ("value" if field == trajectory_field(year) else NON_FIELD_ERRORS): messages
        for field, messages in found.items()
    }


def statutory_target_withdraw(
    *, user, target: Target, reason: str, on: datetime.date | None = None
) -> StatutoryChange:
    """DCSF withdraws a statutory target whose measure ended (rules A3, D3): it stays in
    the agreement's history, no longer in force from the day agreed."""
    _check(user, target)
    day = on or clock.today()
    problems: dict[str, list[str]] = {}
    if not reason.strip():
        problems["reason"] = [
            "Say why the target is withdrawn, for example “Key Stage 3 tests abolished”."
        ]
    problem = _day_problem(target, day)
    if problem:
        problems[NON_FIELD_ERRORS] = [problem]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _locked(target.agreement)
        target = Target.objects.select_for_update().get(pk=target.pk)
        current = target.current_version()
        current.effective_to = max(day - ONE_DAY, current.effective_from)
        current.save()
        target.status = TargetStatus.WITHDRAWN
        target.dropped_on = day
        target.save()
        change = StatutoryChange.objects.create(
            target=target,
            kind=StatutoryChangeKind.WITHDRAWN,
            agreed_on=day,
            agreed_with=user.organisation,
            reason=reason.strip(),
            version=current,
            recorded_by=user,
        )
        summary = statutory_change_summary(change)
        _publish(target.agreement, user=user, published_on=day, summary=summary, target=target)
        _event(
            target.agreement,
            user=user,
            action="statutory_withdraw",
            # The reason is the event's comment: the description says what happened.
            description=summary.removesuffix(change.reason).rstrip(" :.")[:300],
            comment=reason,
            on=day,
        )
    return change


def statutory_change_summary(change: StatutoryChange) -> str:
    """The change log's words for one of DCSF's changes."""
    code = change.target.indicator.code
    agreed = f"agreed with {change.agreed_with.name} on {rules.long_date(change.agreed_on)}"
    if change.kind == StatutoryChangeKind.WITHDRAWN:
        return f"Statutory target on {code} withdrawn, {agreed}: {change.reason}"
    if change.state == YearState.TO_BE_SET:
        what = f"{change.year} marked as to be set by DCSF"
    elif change.state == YearState.TO_BE_CONFIRMED:
        what = f"{change.year} set provisionally at {rules.plain(change.value)}, to be confirmed"
    else:
        what = f"{change.year} set at {rules.plain(change.value)}"
    return f"Statutory target on {code}: {what}, {agreed}. {change.reason}"
