"""Adding and changing targets, their versions and trajectories (rules A2–A10, D2, D3, D9)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from localperf import after_commit
from localperf.agreements.inputs import TargetInput
from localperf.agreements.models import (
    Agreement,
    RevisionProposal,
    Target,
    TargetPartner,
    TargetSetting,
    TargetVersion,
    TrajectoryValue,
    YearState,
)
from localperf.agreements.services.agreements import agreement_check_editable
from localperf.agreements.services.common import _event, _locked
from localperf.agreements.target_checks import CheckedTarget, check_target
from localperf.web import clock
from localperf.web.periods import period_label_clean

# --- Targets ------------------------------------------------------------------------


def _write_version(
    version: TargetVersion, checked: CheckedTarget, *, trajectory_in_place: bool
) -> TargetVersion:
    data = checked.data
    version.setting = data.setting
    version.baseline_value = data.baseline_value
    # Checked already: the canonical label is what monitoring reads.
    version.baseline_period = (
        period_label_clean(data.baseline_period) if data.baseline_value is not None else ""
    )
    version.baseline_lower = data.baseline_lower
    version.baseline_upper = data.baseline_upper
    version.baseline_to_be_confirmed = data.baseline_to_be_confirmed
    version.improvement_percent = (
        data.improvement_percent if data.setting == TargetSetting.IMPROVEMENT else None
    )
    relative = data.setting == TargetSetting.RELATIVE
    version.relative_to = data.relative_to if relative else None
    version.relative_ratio = data.relative_ratio if relative else None
    version.relative_offset = data.relative_offset if relative else None
    version.not_stretching = checked.not_stretching
    version.notes = data.notes
    version.save()
    existing = {t.year: t for t in version.trajectory_values.all()} if trajectory_in_place else {}
    for year, value in checked.trajectory.items():
        row = existing.get(year)
        state = checked.year_states.get(year, YearState.SET)
        if row is None:
            TrajectoryValue.objects.create(version=version, year=year, value=value, state=state)
        elif row.value != value or row.state != state:
            row.value = value
            row.state = state
            row.save()
    after_commit.notify("target_versions_changed", target_ids=[version.target_id])
    return version


def _write_target_fields(target: Target, checked: CheckedTarget) -> None:
    data = checked.data
    target.category = data.category
    target.indicator = data.indicator
    target.measure = data.measure
    target.theme = data.theme
    target.outcome = data.outcome
    target.title = data.title.strip()
    target.related_psa = data.related_psa.strip()
    target.sub_regional_area = data.sub_regional_area
    target.scope_key = checked.scope_key
    target.save()
    target.scope_areas.set(data.scope_areas)
    target.scope_groups.set(data.scope_groups)
    _write_partners(target, data)


def _write_partners(target: Target, data: TargetInput) -> None:
    wanted = {p.organisation.pk: p for p in data.partners}
    current = {p.organisation_id: p for p in target.partners.all()}
    for organisation_id, partner in current.items():
        if organisation_id not in wanted:
            partner.delete()
    # Clear the co-ordinating mark before setting it elsewhere: only one at a time.
    for organisation_id, partner in current.items():
        if (
            organisation_id in wanted
            and partner.is_coordinating
            and not wanted[organisation_id].coordinating
        ):
            partner.is_coordinating = False
            partner.save()
    for organisation_id, wish in wanted.items():
        partner = current.get(organisation_id)
        if partner is None:
            TargetPartner.objects.create(
                target=target,
                organisation=wish.organisation,
                is_coordinating=wish.coordinating,
                signed_up_on=clock.today(),
            )
        elif partner.is_coordinating != wish.coordinating:
            partner.is_coordinating = wish.coordinating
            partner.save()


def _new_target(
    agreement: Agreement,
    checked: CheckedTarget,
    *,
    effective_from: datetime.date,
    revision: RevisionProposal | None = None,
) -> Target:
    target = Target(agreement=agreement, added_by_revision=revision)
    _write_target_fields(target, checked)
    version = TargetVersion(
        target=target,
        number=1,
        effective_from=effective_from,
        revision=revision,
        reason=revision.title if revision else "",
    )
    _write_version(version, checked, trajectory_in_place=False)
    return target


def target_add(
    *, user, agreement: Agreement, data: TargetInput, on: datetime.date | None = None
) -> Target:
    """Add a designated, statutory or local target to a draft (rules A2–A10, D2, D3, D9).

    A target worse than its baseline is kept but flagged as not stretching
    (``current_version().not_stretching``)."""
    agreement_check_editable(user, agreement)
    with transaction.atomic():
        agreement = _locked(agreement)
        agreement_check_editable(user, agreement)  # as it is now, not as the caller saw it
        checked = check_target(agreement, data, on=on)
        return _new_target(agreement, checked, effective_from=agreement.starts_on)


def target_change(*, user, target: Target, data: TargetInput) -> Target:
    """Change a target of a draft in place (its history is kept)."""
    with transaction.atomic():
        agreement = _locked(target.agreement)
        agreement_check_editable(user, agreement)
        checked = check_target(agreement, data, target=target)
        _write_target_fields(target, checked)
        version = target.current_version()
        _write_version(version, checked, trajectory_in_place=True)
    return target


def target_as_at(*, target: Target, on: datetime.date) -> TargetVersion | None:
    """The version of the target in force on ``on`` (None before it began): monitoring
    rates each period against the version in force then."""
    return (
        target.versions.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .first()
    )


def _input_from_version(target: Target, version: TargetVersion) -> TargetInput:
    from localperf.agreements.inputs import PartnerInput

    return TargetInput(
        category=target.category,
        indicator=target.indicator,
        theme=target.theme,
        measure=target.measure,
        outcome=target.outcome,
        title=target.title,
        related_psa=target.related_psa,
        scope_areas=tuple(target.scope_areas.all()),
        scope_groups=tuple(target.scope_groups.all()),
        sub_regional_area=target.sub_regional_area,
        setting=version.setting,
        baseline_value=version.baseline_value,
        baseline_period=version.baseline_period,
        baseline_lower=version.baseline_lower,
        baseline_upper=version.baseline_upper,
        baseline_to_be_confirmed=version.baseline_to_be_confirmed,
        improvement_percent=version.improvement_percent,
        trajectory=version.trajectory(),
        year_states={
            year: state for year, state in version.year_states().items() if state != YearState.SET
        },
        relative_to=version.relative_to,
        relative_ratio=version.relative_ratio,
        relative_offset=version.relative_offset,
        partners=tuple(
            PartnerInput(p.organisation, p.is_coordinating)
            for p in target.partners.select_related("organisation")
        ),
        notes=version.notes,
    )


def target_input_from_target(target: Target) -> TargetInput:
    """The target as it stands, as input: the starting point for a form or a change."""
    return _input_from_version(target, target.current_version())


def target_remove(*, user, target: Target, reason: str) -> None:
    """Take a target out of a draft. Every row of it is deleted with its history kept
    (django-simple-history records who deleted what), and the agreement's history says
    who removed it and why."""
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the target is removed."]})
    with transaction.atomic():
        agreement = _locked(target.agreement)
        agreement_check_editable(user, agreement)
        target = Target.objects.select_for_update().get(pk=target.pk)
        description = f"Target on {target.measure_code} removed from the draft"
        if target.title:
            description += f": {target.title}"
        for version in target.versions.all():
            for value in version.trajectory_values.all():
                _delete(value, user)
            _delete(version, user)
        for partner in target.partners.all():
            _delete(partner, user)
        target.scope_areas.clear()
        target.scope_groups.clear()
        _delete(target, user)
        _event(
            agreement,
            user=user,
            action="target_remove",
            description=description[:300],
            comment=reason,
        )


def _delete(row, user) -> None:
    row._history_user = user  # the historical "deleted" row names who did it
    row.delete()
