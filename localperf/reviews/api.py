"""The timetable and the under-performance steps (rule M4) as JSON, through the same
selectors, permissions and services as the pages, with the agreements API's errors:
401 to sign in, 404 for an agreement the user may not see, 403 with the reason, 422
``{"detail", "errors": [{"field", "message"}]}`` when a rule refuses the input."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from localperf.agreements.access import agreement_for_user_or_404
from localperf.reviews import selectors, services
from localperf.reviews.models import (
    LADDER,
    CycleYear,
    LadderStep,
    Milestone,
    MilestoneKind,
    Responsible,
    UnderPerformanceStep,
)
from localperf.reviews.permissions import (
    HIDDEN_HISTORY,
    may_record_under_performance,
    may_view_under_performance,
)
from localperf.web.api import Choice, Input, choice_of, responses, service_call

router = Router(tags=["under-performance"])
timetable_router = Router(tags=["timetable"])


class MilestoneOut(Schema):
    kind: Choice
    title: str
    starts_on: datetime.date | None
    due_on: datetime.date
    responsible: Choice
    source: str

    @staticmethod
    def resolve_kind(obj: Milestone) -> Choice:
        return choice_of(MilestoneKind, obj.kind)

    @staticmethod
    def resolve_title(obj: Milestone) -> str:
        return obj.label

    @staticmethod
    def resolve_responsible(obj: Milestone) -> Choice:
        return choice_of(Responsible, obj.responsible)


class CycleOut(Schema):
    name: str = Field(description='"2009/10": from 1 April 2009 to 31 March 2010.')
    starts_on: datetime.date
    ends_on: datetime.date
    notes: str
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj: CycleYear) -> list[Milestone]:
        return list(obj.milestones.all())


@timetable_router.get("", response=list[CycleOut], summary="The key dates of each cycle")
def timetable(request):
    return list(selectors.cycles_with_milestones())


class StepOut(Schema):
    id: int
    step: Choice
    rung: int = Field(description="1 (lowest) to 6 (highest) on the ladder of rule M4.")
    target: int | None = Field(description="The target's id; null for the whole agreement.")
    target_measure: str | None
    reason: str
    taken_on: datetime.date
    recorded_by: str
    recorded_by_role: str
    recorded_by_organisation: str
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_step(obj: UnderPerformanceStep) -> Choice:
        return choice_of(LadderStep, obj.step)

    @staticmethod
    def resolve_target(obj: UnderPerformanceStep) -> int | None:
        return obj.target_id

    @staticmethod
    def resolve_target_measure(obj: UnderPerformanceStep) -> str | None:
        return obj.target.measure_code if obj.target_id else None

    @staticmethod
    def resolve_recorded_by(obj: UnderPerformanceStep) -> str:
        return obj.recorded_by_name


class UnderPerformanceStepIn(Input):
    step: str = Field(description=", ".join(s.value for s in LADDER))
    reason: str
    taken_on: datetime.date = Field(description="Today or earlier.")
    target: int | None = Field(None, description="A target of the agreement; omit for all.")


@router.get(
    "/{agreement_id}/under-performance",
    auth=django_auth,
    response={200: list[StepOut], **responses(403, 404)},
    summary="Steps taken for under-performance, newest first (rule M4)",
)
@service_call
def list_steps(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    if not may_view_under_performance(request.user, agreement):
        raise PermissionDenied(HIDDEN_HISTORY)
    return list(selectors.under_performance_history(agreement))


@router.post(
    "/{agreement_id}/under-performance",
    auth=django_auth,
    response={201: StepOut, **responses(403, 404, 422)},
    summary="Record a step taken for under-performance (rule M4)",
)
@service_call
def record_step(request, agreement_id: int, payload: UnderPerformanceStepIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    if not may_record_under_performance(request.user, agreement):
        raise PermissionDenied(services.under_performance_refusal(agreement))
    target = None
    if payload.target is not None:
        target = agreement.targets.filter(pk=payload.target).first()
        if target is None:
            raise ValidationError(
                {"target": [f"The agreement has no target with the id {payload.target}."]}
            )
    step = services.under_performance_step_record(
        user=request.user,
        agreement=agreement,
        step=payload.step,
        reason=payload.reason,
        taken_on=payload.taken_on,
        target=target,
    )
    return Status(201, step)
