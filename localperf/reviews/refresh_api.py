"""The 2009/10 refresh (rule L6) as JSON, through the same services as the pages: read
it (with every target's verdict), start it, take a step, open a target, add a change."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.api.targets import TargetIn, target_input_of
from localperf.agreements.models import RevisionAction
from localperf.reviews import refreshes
from localperf.reviews.models import Refresh
from localperf.web.api import Input, responses, service_call

refresh_router = Router(tags=["refresh"])


class VerdictOut(Schema):
    target: int
    measure: str
    category: str
    allowed: bool
    rule: str = Field(description='The rule that decides: "L6", "L7", "L4" or "A3".')
    route: str = Field(description='"revision", or "dcsf" for a statutory target.')
    reason: str


class RefreshOut(Schema):
    agreement: int
    cycle: str
    status: str
    started_on: datetime.date
    self_assessment_on: datetime.date | None
    go_reported_on: datetime.date | None
    adopted_on: datetime.date | None
    submitted_on: datetime.date | None
    approved_on: datetime.date | None
    revision: int | None = Field(description="The number of the refresh's one revision.")
    targets: list[VerdictOut]


def _out(refresh: Refresh) -> RefreshOut:
    targets = refresh.agreement.targets.filter(status="active").select_related(
        "indicator", "measure"
    )
    verdicts = []
    for target in targets:
        verdict = refreshes.refresh_verdict(refresh, target)
        verdicts.append(
            VerdictOut(
                target=target.pk,
                measure=target.measure_code,
                category=target.category,
                allowed=verdict.allowed,
                rule=verdict.rule,
                route=verdict.route,
                reason=verdict.reason,
            )
        )
    return RefreshOut(
        agreement=refresh.agreement_id,
        cycle=refresh.cycle.name,
        status=refresh.status,
        started_on=refresh.started_on,
        self_assessment_on=refresh.self_assessment_on,
        go_reported_on=refresh.go_reported_on,
        adopted_on=refresh.adopted_on,
        submitted_on=refresh.submitted_on,
        approved_on=refresh.approved_on,
        revision=refresh.revision.number if refresh.revision_id else None,
        targets=verdicts,
    )


def _refresh(request, agreement_id: int) -> Refresh:
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    refresh = refreshes.refresh_for(agreement)
    if refresh is None:
        raise Http404("The refresh of this agreement has not started.")
    return refresh


@refresh_router.get(
    "/{agreement_id}/refresh",
    auth=django_auth,
    response={200: RefreshOut, **responses(404)},
    summary="The agreement's 2009/10 refresh, with what each target may do (rule L6)",
)
def get_refresh(request, agreement_id: int):
    return _out(_refresh(request, agreement_id))


@refresh_router.post(
    "/{agreement_id}/refresh",
    auth=django_auth,
    response={201: RefreshOut, **responses(403, 404, 422)},
    summary="Start the agreement's 2009/10 refresh (rule L6)",
)
@service_call
def start_refresh(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return Status(201, _out(refreshes.refresh_start(user=request.user, agreement=agreement)))


class StepIn(Input):
    comment: str = ""


@refresh_router.post(
    "/{agreement_id}/refresh/steps/{action}",
    auth=django_auth,
    response={200: RefreshOut, **responses(403, 404, 422)},
    summary=(
        "Take a step of the refresh: self_assess, report, adopt, submit, approve (ministers), "
        "approve_locally (the partnership, when only local targets change)"
    ),
)
@service_call
def take_step(request, agreement_id: int, action: str, payload: StepIn):
    refresh = _refresh(request, agreement_id)
    refresh = refreshes.refresh_take_action(
        user=request.user, refresh=refresh, action=action, comment=payload.comment
    )
    return _out(refresh)


class ListingIn(Input):
    target: int
    kind: str = Field(description='"renegotiate" or "exception".')
    reason: str = ""


@refresh_router.post(
    "/{agreement_id}/refresh/listings",
    auth=django_auth,
    response={200: RefreshOut, **responses(403, 404, 422)},
    summary="Mark a target for renegotiation, or list it as an exception (rule L6)",
)
@service_call
def list_target(request, agreement_id: int, payload: ListingIn):
    refresh = _refresh(request, agreement_id)
    target = refresh.agreement.targets.filter(pk=payload.target).first()
    if target is None:
        raise ValidationError({"target": [f"The agreement has no target {payload.target}."]})
    refreshes.refresh_list_target(
        user=request.user, refresh=refresh, target=target, kind=payload.kind, reason=payload.reason
    )
    return _out(refresh)


class ChangeIn(Input):
    action: str = Field(description='"change", "drop", "undesignate" or "add".')
    target: int | None = Field(None, description="The target's id; none to add one.")
    proposed: TargetIn | None = Field(None, description="The changed or added target.")


@refresh_router.post(
    "/{agreement_id}/refresh/changes",
    auth=django_auth,
    response={200: RefreshOut, **responses(403, 404, 422)},
    summary="Add a change to the refresh's one revision, if the refresh may make it",
)
@service_call
def add_change(request, agreement_id: int, payload: ChangeIn):
    refresh = _refresh(request, agreement_id)
    agreement = refresh.agreement
    target = None
    if payload.target is not None:
        target = agreement.targets.filter(pk=payload.target).first()
        if target is None:
            raise ValidationError({"target": [f"The agreement has no target {payload.target}."]})
    data = target_input_of(payload.proposed, agreement) if payload.proposed else None
    if payload.action not in RevisionAction.values:
        raise ValidationError({"action": ["Choose change, drop, undesignate or add."]})
    refreshes.refresh_add_change(
        user=request.user, refresh=refresh, action=payload.action, target=target, data=data
    )
    refresh.refresh_from_db()
    return _out(refresh)
