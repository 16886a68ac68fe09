"""Revisions of an approved agreement (rules L3–L5): start one, add changes (a proposed
target is written as ``TargetIn``), propose it, record partners' agreement, decide."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Status
from ninja.security import django_auth

from localperf.agreements import selectors, services
from localperf.agreements.access import (
    agreement_for_user_or_404,
    revision_for_user_or_404,
    target_for_user_or_404,
)
from localperf.agreements.api.common import ChoiceOf, ListOf, Out
from localperf.agreements.api.router import router
from localperf.agreements.api.targets import TargetIn, target_input_of
from localperf.agreements.models import (
    PARTY_ACTIONS,
    RevisionAction,
    RevisionChange,
    RevisionProposal,
    RevisionStatus,
)
from localperf.agreements.permissions import has, revision_permissions
from localperf.organisations.models import Organisation
from localperf.web.api import ErrorMessage, Errors, Input, service_call

WRITE = {403: ErrorMessage, 404: ErrorMessage, 422: Errors}


class RevisionChangeOut(Out):
    action: ChoiceOf(RevisionAction)
    target: int | None = Field(alias="target_id")
    category: str = Field(description="The target's category, or parties (rule X1).")
    summary: str
    organisation: str | None = Field(
        None, description="A change of parties: the organisation's slug (rule X1)."
    )
    standing: str | None = Field(None, description="A change of parties: what it is to be.")

    @staticmethod
    def resolve_organisation(obj: RevisionChange) -> str | None:
        if obj.action not in PARTY_ACTIONS:
            return None
        organisations = Organisation.objects.filter(pk=obj.payload.get("organisation"))
        return organisations.values_list("slug", flat=True).first()

    @staticmethod
    def resolve_standing(obj: RevisionChange) -> str | None:
        return obj.payload.get("standing") if obj.action in PARTY_ACTIONS else None


class RevisionOut(Out):
    number: int
    title: str
    reason: str
    effective_from: datetime.date
    status: ChoiceOf(RevisionStatus)
    proposed_on: datetime.date | None
    decided_on: datetime.date | None
    decision_comment: str
    needs_secretary_of_state: bool = Field(description="Rule L3.")
    changes: list[RevisionChangeOut]
    partners_required: list[str] = Field(description="Slugs of partners who must agree.")
    partners_agreed: ListOf(lambda agreed: agreed.organisation.slug) = Field(
        alias="partner_agreements"
    )

    @staticmethod
    def resolve_needs_secretary_of_state(obj: RevisionProposal) -> bool:
        return selectors.revision_needs_secretary_of_state(obj)

    @staticmethod
    def resolve_partners_required(obj: RevisionProposal) -> list[str]:
        return [o.slug for o in selectors.revision_required_partners(obj)]


class RevisionIn(Input):
    title: str = ""
    reason: str = ""
    effective_from: datetime.date | None = None


class RevisionChangeIn(Input):
    action: str = Field(
        description="add, change, drop or undesignate a target; for a Multi Area Agreement "
        "(rule X1) also add_party, change_party, remove_party or responsible"
    )
    target: int | None = Field(None, description="The target's id (not for add).")
    proposed: TargetIn | None = Field(None, description="The target as proposed (add, change).")
    to_maa: int | None = Field(
        None, description="undesignate: the Multi Area Agreement it moves to (rule L5)."
    )
    organisation: str | None = Field(
        None, description="A change of parties: the organisation's slug (rule X1)."
    )
    standing: str = Field(
        "", description="add_party, change_party: what the organisation is in the agreement."
    )


class RevisionCommentIn(Input):
    comment: str = ""


class RevisionDecisionIn(Input):
    decision: str = Field(description="approve or refuse")
    comment: str = ""


def _revision_to_change(request, agreement_id: int, number: int) -> RevisionProposal:
    revision = revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )
    if not revision_permissions(request.user, revision).change:
        raise PermissionDenied(
            "Only the responsible authority's performance manager can change a revision, "
            "while it is being prepared."
        )
    return revision


@router.get("/{agreement_id}/revisions", response={200: list[RevisionOut], 404: ErrorMessage})
def list_revisions(request, agreement_id: int):
    return selectors.revision_list_for(
        request.user, agreement_for_user_or_404(request.user, agreement_id)
    )


@router.post(
    "/{agreement_id}/revisions",
    auth=django_auth,
    response={201: RevisionOut, **WRITE},
    summary="Start a revision proposal to an approved agreement",
)
@service_call
def create_revision(request, agreement_id: int, payload: RevisionIn):
    revision = services.revision_create(
        user=request.user,
        agreement=agreement_for_user_or_404(request.user, agreement_id),
        title=payload.title,
        reason=payload.reason,
        effective_from=payload.effective_from,
    )
    return Status(201, revision)


@router.get("/{agreement_id}/revisions/{number}", response={200: RevisionOut, 404: ErrorMessage})
def get_revision(request, agreement_id: int, number: int):
    return revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )


@router.post(
    "/{agreement_id}/revisions/{number}/changes",
    auth=django_auth,
    response={201: RevisionOut, **WRITE},
    summary="Add a change to a revision being prepared",
)
@service_call
def add_revision_change(request, agreement_id: int, number: int, payload: RevisionChangeIn):
    revision = _revision_to_change(request, agreement_id, number)
    agreement = revision.agreement
    target = None
    if payload.target is not None:
        target = target_for_user_or_404(request.user, agreement, payload.target)
    data = target_input_of(payload.proposed, agreement) if payload.proposed is not None else None
    to_maa = None
    if payload.to_maa is not None:  # rule L5: found as any agreement is, or 404
        to_maa = agreement_for_user_or_404(request.user, payload.to_maa)
    organisation = None
    if payload.organisation is not None:  # rule X1: a change of an MAA's parties
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            raise ValidationError(
                {"organisation": [f"There is no organisation “{payload.organisation}”."]}
            )
    services.revision_add_change(
        user=request.user,
        revision=revision,
        action=payload.action,
        target=target,
        data=data,
        to_maa=to_maa,
        organisation=organisation,
        standing=payload.standing,
    )
    return Status(201, revision)


@router.post(
    "/{agreement_id}/revisions/{number}/propose",
    auth=django_auth,
    response={200: RevisionOut, **WRITE},
    summary="Propose the revision to the partners and the decider",
)
@service_call
def propose_revision(request, agreement_id: int, number: int):
    revision = _revision_to_change(request, agreement_id, number)
    return services.revision_propose(user=request.user, revision=revision)


@router.post(
    "/{agreement_id}/revisions/{number}/agree",
    auth=django_auth,
    response={200: RevisionOut, **WRITE},
    summary="Record your organisation's agreement to a proposed revision (L3, L4)",
)
@service_call
def agree_revision(request, agreement_id: int, number: int, payload: RevisionCommentIn):
    revision = revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )
    services.revision_record_partner_agreement(
        user=request.user, revision=revision, comment=payload.comment
    )
    return revision


@router.post(
    "/{agreement_id}/revisions/{number}/decide",
    auth=django_auth,
    response={200: RevisionOut, **WRITE},
    summary="Approve or refuse a proposed revision (L3: designated targets, the SoS)",
)
@service_call
def decide_revision(request, agreement_id: int, number: int, payload: RevisionDecisionIn):
    revision = revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )
    if not has(request.user, "agreements.decide_revisionproposal", revision):
        raise PermissionDenied(services.revision_decider_message(revision))
    if payload.decision not in ("approve", "refuse"):
        raise ValidationError({"decision": ["Choose whether to approve or refuse the revision."]})
    decide = (
        services.revision_approve if payload.decision == "approve" else services.revision_refuse
    )
    return decide(user=request.user, revision=revision, comment=payload.comment)
