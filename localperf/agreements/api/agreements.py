"""Agreements: the ones a user may see, a council's new draft, one agreement with its
targets, the steps of its sign-off path (rules L1, L2) and its history; and the targets
a user's organisation has signed up to across agreements (rule A9)."""

import datetime

from ninja import Field, Status
from ninja.security import django_auth

from localperf.agreements import selectors, services
from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.api.common import ChoiceOf, Out
from localperf.agreements.api.router import router
from localperf.agreements.api.targets import TargetOut
from localperf.agreements.holdings import held_counts, held_targets
from localperf.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Duty,
    TargetCategory,
    TargetStatus,
    Term,
)
from localperf.agreements.permissions import agreement_permissions
from localperf.web.api import ErrorMessage, Errors, Input, service_call


class AgreementOut(Out):
    id: int
    title: str
    kind: ChoiceOf(AgreementKind)
    area: str = Field(alias="area.code")
    area_name: str = Field(alias="area.name")
    region: str | None = Field(None, alias="area.region.name")
    responsible_authority: str = Field(alias="responsible_authority.slug")
    term: ChoiceOf(Term)
    years: list[str]
    status: ChoiceOf(AgreementStatus)
    submitted_on: datetime.date | None
    recommended_on: datetime.date | None
    approved_on: datetime.date | None
    in_force_from: datetime.date | None


class AgreementDetailOut(AgreementOut):
    counts: dict[str, int] = Field(
        description="Active targets held, by kind: designated, statutory and local for an "
        "LAA; linked (carried from a constituent LAA), national and local_indicator for an "
        "MAA (rule X2)."
    )
    allowed_actions: list[str] = Field(description="Sign-off steps the caller may take now.")
    can_edit: bool
    targets: list[TargetOut] = Field(alias="targets_out")


class EventOut(Out):
    occurred_at: datetime.datetime
    action: str
    description: str
    from_status: str
    to_status: str
    actor: str = Field(alias="actor_name")
    actor_role: str
    actor_organisation: str
    comment: str


class CommitmentOut(Out):
    agreement: int = Field(alias="target.agreement_id")
    agreement_title: str = Field(alias="target.agreement.title")
    agreement_status: ChoiceOf(AgreementStatus) = Field(alias="target.agreement.status")
    target: int = Field(alias="target_id")
    indicator: str = Field(alias="target.measure_code")
    category: ChoiceOf(TargetCategory) = Field(alias="target.category")
    coordinating: bool = Field(alias="is_coordinating")
    duty: ChoiceOf(Duty)


class AgreementIn(Input):
    term: str = Field(Term.THREE_YEARS, description='"2008-11", "2008-09" or "2009-11" (A1).')
    title: str = ""


class ActionIn(Input):
    action: str = Field(description="submit, return, recommend, approve or bring_into_force")
    comment: str = ""


def _detail(request, agreement: Agreement) -> Agreement:
    permissions = agreement_permissions(request.user, agreement)
    agreement.counts = held_counts(agreement).by_kind
    agreement.allowed_actions = [a.value for a in permissions.actions]
    agreement.can_edit = permissions.change
    # Rule X2: an MAA's carried targets too (``holdings``), every status as before.
    held = held_targets(agreement, statuses=TargetStatus.values)
    agreement.targets_out = list(selectors.target_queryset().filter(pk__in=held))
    return agreement


@router.get("", response=list[AgreementOut], summary="Agreements you may see")
def list_agreements(request, status: str = ""):
    return list(selectors.agreement_list_for(request.user, status=status))


@router.post(
    "",
    auth=django_auth,
    response={201: AgreementOut, 403: ErrorMessage, 422: Errors},
    summary="Create your council's draft agreement",
)
@service_call
def create_agreement(request, payload: AgreementIn):
    agreement = services.agreement_create(user=request.user, term=payload.term, title=payload.title)
    return Status(201, agreement)


@router.get(
    "/commitments",
    auth=django_auth,
    response=list[CommitmentOut],
    summary="Targets your organisation has signed up to, across agreements",
)
def my_commitments(request):
    return list(selectors.commitments_for(request.user))


@router.get("/{agreement_id}", response={200: AgreementDetailOut, 404: ErrorMessage})
def get_agreement(request, agreement_id: int):
    return _detail(request, agreement_for_user_or_404(request.user, agreement_id))


@router.post(
    "/{agreement_id}/actions",
    auth=django_auth,
    response={200: AgreementOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Take a step of the sign-off path (rules L1, L2)",
)
@service_call
def take_action(request, agreement_id: int, payload: ActionIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return services.agreement_take_action(
        user=request.user, agreement=agreement, action=payload.action, comment=payload.comment
    )


@router.get("/{agreement_id}/events", response={200: list[EventOut], 404: ErrorMessage})
def list_events(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return selectors.agreement_events_for(request.user, agreement)
