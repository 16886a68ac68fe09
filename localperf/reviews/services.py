"""Changes in the reviews area. Each service checks who may act and the rules, and
raises ``PermissionDenied`` or ``ValidationError`` with messages naming the field and
what to change; the web form and the API call the same service."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from localperf.agreements.models import Agreement, Target
from localperf.agreements.rules_of_agreement import long_date
from localperf.reviews.models import LADDER, LadderStep, UnderPerformanceStep
from localperf.reviews.permissions import may_record_under_performance
from localperf.web import clock


def under_performance_refusal(agreement: Agreement) -> str:
    """Why the user may not record a step here (the 403 message)."""
    if not agreement.is_published:
        return (
            "Steps for under-performance are recorded against an approved agreement; this one "
            f"is {agreement.get_status_display().lower()}."
        )
    return (
        "Only the Government Office for "
        f"{agreement.area.region.name if agreement.area.region_id else 'the region'} "
        "can record a step for under-performance on this agreement."
    )


def under_performance_step_record(
    *,
    user,
    agreement: Agreement,
    step: str,
    reason: str,
    taken_on: datetime.date | None,
    target: Target | None = None,
    today: datetime.date | None = None,
) -> UnderPerformanceStep:
    """Rule M4: record a step of the ladder taken for the agreement or one of its targets.

    Append-only: there is no service to change or remove a step; a later decision is a
    new step.
    """
    if not may_record_under_performance(user, agreement):
        raise PermissionDenied(under_performance_refusal(agreement))
    today = today or clock.today()
    errors: dict[str, list[str]] = {}
    if step not in LadderStep.values:
        steps = "; ".join(f"{s.value} ({s.label})" for s in LADDER)
        errors["step"] = [f"“{step}” is not a step on the ladder. Choose one of: {steps}."]
    if not reason.strip():
        errors["reason"] = ["Enter the reason for taking this step."]
    if taken_on is None:
        errors["taken_on"] = ["Enter the date the step was taken."]
    elif taken_on > today:
        errors["taken_on"] = [
            f"The date the step was taken must be today or in the past, not {long_date(taken_on)}."
        ]
    elif agreement.approved_on and taken_on < agreement.approved_on:
        errors["taken_on"] = [
            f"The date the step was taken must be on or after {long_date(agreement.approved_on)}, "
            "when the agreement was approved."
        ]
    if target is not None and target.agreement_id != agreement.pk:
        errors["target"] = ["Choose one of this agreement's targets, or the whole agreement."]
    if errors:
        raise ValidationError(errors)
    organisation = getattr(user, "organisation", None)
    return UnderPerformanceStep.objects.create(
        agreement=agreement,
        target=target,
        step=step,
        reason=reason.strip(),
        taken_on=taken_on,
        recorded_by=user,
        recorded_by_name=user.display_name,
        recorded_by_role=user.get_role_display() if user.role else "",
        recorded_by_organisation=organisation.name if organisation else "",
        recorded_at=clock.now(),
    )
