"""Reward (rules P1, L7) and the revocation of designations as JSON, through the same
access lookups, selectors, exports and services as the pages, with the API's errors: 401
to sign in, 404 for what the user may not see, 403 with the reason, 422 when a rule
refuses the input. Money is a string to the penny ("3325000.00"); a statement on rules
the sources never confirmed carries ``unverified`` (the settings) and ``label``."""

from __future__ import annotations

import datetime

from ninja import Router, Schema, Status
from ninja.security import django_auth

from localperf.agreements.access import target_for_user_or_404
from localperf.reward import exports, selectors, services
from localperf.reward.access import claim_for_user_or_404, reward_agreement_or_404
from localperf.reward.models import ClaimStatus, RewardClaim
from localperf.reward.pages import year_chosen
from localperf.reward.permissions import has
from localperf.web.api import Choice, Input, choice_of, responses, service_call
from localperf.web.pages import permitted_or_403

router = Router(tags=["reward"])
ERRORS = responses(403, 404)


class BasisOut(Schema):
    target: int
    in_element: bool
    version_used: int | None
    locked_version: int | None
    current_version: int | None
    follows_revisions: bool
    reason: str


class StatementLineOut(Schema):
    target: str
    version_used: str
    baseline: str
    stretch: str
    outturn: str
    achieved_percent: str
    paid_percent: str
    weight: str
    share: str
    grant: str
    note: str


class StatementOut(Schema):
    agreement: int
    year: str
    rules: str
    unverified: list[str]
    label: str
    lines: list[StatementLineOut]
    totals: dict[str, str]


class ClaimOut(Schema):
    id: int
    year: str
    status: Choice
    determined_total: str | None
    determined_capital: str | None
    determined_revenue: str | None
    closed_reason: str


class ClaimStepIn(Input):
    action: str
    comment: str = ""


class DeterminationRowOut(Schema):
    authority: str
    year: str
    capital: str
    revenue: str
    total: str
    rules: str


class RevocationOut(Schema):
    standing: bool
    revoked_on: datetime.date | None
    agreements: int
    targets: int
    claims: int
    words: str


def _number(version) -> int | None:
    return version.number if version else None


def _claim(claim: RewardClaim) -> dict:
    money = exports.figure
    return {
        "id": claim.pk,
        "year": claim.year,
        "status": choice_of(ClaimStatus, claim.status),
        "determined_total": money(claim.determined_total) or None,
        "determined_capital": money(claim.determined_capital) or None,
        "determined_revenue": money(claim.determined_revenue) or None,
        "closed_reason": claim.closed_reason,
    }


@router.get(
    "/agreements/{agreement_id}/targets/{target_id}/basis",
    auth=django_auth,
    response={200: BasisOut, **ERRORS},
    summary="Which version of a target reward uses, and why (rule L7)",
)
@service_call
def target_basis(request, agreement_id: int, target_id: int):
    agreement, _ = reward_agreement_or_404(request.user, agreement_id)
    basis = selectors.reward_basis(target_for_user_or_404(request.user, agreement, target_id))
    return {
        "target": target_id,
        "in_element": basis.in_element,
        "version_used": _number(basis.version),
        "locked_version": _number(basis.locked_version),
        "current_version": _number(basis.current_version),
        "follows_revisions": basis.follows_revisions,
        "reason": basis.reason,
    }


@router.get(
    "/agreements/{agreement_id}/statement",
    auth=django_auth,
    response={200: StatementOut, **ERRORS},
    summary="The reward statement on one year's final outturns (rule P1)",
)
@service_call
def statement(request, agreement_id: int, year: str = ""):
    agreement, element = reward_agreement_or_404(request.user, agreement_id)
    view = selectors.statement_for(element, year_chosen(agreement, element, year))
    names = list(StatementLineOut.model_fields)
    return {
        "agreement": agreement.pk,
        "year": view.year,
        "rules": str(element.rule_set),
        "unverified": list(view.unverified),
        "label": view.unverified_label,
        "lines": [dict(zip(names, row, strict=True)) for row in exports.statement_rows(view)],
        "totals": dict(exports.statement_totals(view)),
    }


@router.get(
    "/agreements/{agreement_id}/claims",
    auth=django_auth,
    response={200: list[ClaimOut], **ERRORS},
    summary="The agreement's reward claims",
)
@service_call
def claims(request, agreement_id: int):
    _, element = reward_agreement_or_404(request.user, agreement_id)
    return [_claim(c) for c in selectors.claims_of(element)]


@router.post(
    "/claims/{claim_id}/steps",
    auth=django_auth,
    response={200: ClaimOut, **ERRORS, **responses(422)},
    summary="Take a step of a claim: submit, check, return or determine",
)
@service_call
def claim_step(request, claim_id: int, payload: ClaimStepIn):
    claim = claim_for_user_or_404(request.user, claim_id)
    claim = services.reward_claim_step(
        user=request.user, claim=claim, action=payload.action, comment=payload.comment
    )
    return Status(200, _claim(claim))


@router.get(
    "/determination",
    auth=django_auth,
    response={200: list[DeterminationRowOut], **responses(403)},
    summary="The national determination: every determined claim, to the penny",
)
@service_call
def determination(request):
    permitted_or_403(has(request.user, "reward.view_determination"), "For government only.")
    names = list(DeterminationRowOut.model_fields)
    rows = exports.determination_table(selectors.determination_rows())
    return [dict(zip(names, row, strict=True)) for row in rows]


@router.get(
    "/revocation",
    auth=django_auth,
    response={200: RevocationOut},
    summary="Whether the designations stand revoked, and what a revocation touches",
)
def revocation(request):
    standing = selectors.revocation_standing()
    counts = selectors.revocation_counts()
    return {
        "standing": standing is not None,
        "revoked_on": standing.revoked_on if standing else None,
        "agreements": standing.agreements_count if standing else counts.agreements,
        "targets": standing.targets_count if standing else counts.targets,
        "claims": standing.claims_count if standing else counts.claims,
        "words": str(standing) if standing else "",
    }
