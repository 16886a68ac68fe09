"""Reference figures that targets are set relative to (rule A8)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.models import (
    ReferenceFigure,
    ReferenceFigureValue,
    TargetStatus,
    TargetVersion,
)
from localperf.agreements.permissions import has
from localperf.agreements.services.common import ONE_DAY, _publish
from localperf.agreements.services.targets import _input_from_version, _write_version
from localperf.agreements.target_checks import check_target
from localperf.web import clock

# --- Reference figures (rule A8) -----------------------------------------------------


def reference_figure_update(
    *,
    user,
    figure: ReferenceFigure,
    value: Decimal | None,
    effective_from: datetime.date | None,
    note: str = "",
) -> list[TargetVersion]:
    """Record a new value of a figure and recompute every target set relative to it:
    in place for an agreement still being negotiated; as a new version from
    ``effective_from`` (the old one closing the day before) for an approved one."""
    if not has(user, "agreements.change_referencefigure"):
        raise PermissionDenied(
            "Only a Government Office, a central approver or an administrator can record a "
            "new value of a reference figure."
        )
    errors: dict[str, list[str]] = {}
    if value is None:
        errors["value"] = [f"Enter the new value of {figure.name}."]
    elif problem := rules.figure_problem(
        value, f"The value of {figure.name}", places=rules.FIGURE_PLACES
    ):
        errors["value"] = [problem]
    if effective_from is None:
        errors["effective_from"] = ["Enter the date the new value takes effect."]
    elif problem := rules.framework_date_problem(
        effective_from, "The date the new value takes effect"
    ):
        errors["effective_from"] = [problem]
    elif figure.values.filter(effective_from=effective_from).exists():
        errors["effective_from"] = [f"{figure.name} already has a value from that date."]
    if errors:
        raise ValidationError(errors)
    changed: list[TargetVersion] = []
    with transaction.atomic():
        ReferenceFigureValue.objects.create(
            figure=figure, effective_from=effective_from, value=value, note=note, recorded_by=user
        )
        versions = TargetVersion.objects.filter(
            relative_to=figure, effective_to__isnull=True, target__status=TargetStatus.ACTIVE
        ).select_related("target", "target__agreement", "target__indicator")
        for version in versions:
            target = version.target
            agreement = target.agreement
            data = _input_from_version(target, version)
            checked = check_target(agreement, data, target=target)
            if not agreement.is_published:
                _write_version(version, checked, trajectory_in_place=True)
                changed.append(version)
                continue
            starts = max(effective_from, version.effective_from + ONE_DAY)
            version.effective_to = starts - ONE_DAY
            version.save()
            new = TargetVersion(
                target=target,
                number=version.number + 1,
                effective_from=starts,
                reason=f"{figure.name} changed to {rules.plain(value)} (rule A8)",
            )
            _write_version(new, checked, trajectory_in_place=False)
            changed.append(new)
            _publish(
                agreement,
                user=user,
                target=target,
                published_on=clock.today(),
                summary=(
                    f"Target on {target.indicator.code} recalculated from "
                    f"{rules.long_date(starts)}: it is set relative to {figure.name}, which "
                    f"changed to {rules.plain(value)}."
                ),
            )
    return changed
