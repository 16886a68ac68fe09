"""The sign-off path of an agreement as an explicit table (rules L1, L2), run by the one
engine ``web.transitions``.

Each row: from which status, which action, to which status, which roles may take it,
and whether the actor must say why. Who, *for which agreement*, is decided in
``permissions`` (the responsible authority's own performance manager; the Government
Office of the agreement's region; central approvers for the Secretary of State).

>>> TRANSITIONS.find("submitted", "recommend").to_status == "recommended"
True
>>> TRANSITIONS.find("draft", "approve") is None
True
"""

from __future__ import annotations

from django.db import models

from localperf.accounts.models import Role
from localperf.agreements.models import (
    SIGNATORY_STANDINGS,
    STANDING_ORDER,
    Agreement,
    MaaMember,
    MemberStanding,
)
from localperf.agreements.models import AgreementStatus as S
from localperf.web.transitions import Transition, TransitionTable


class Action(models.TextChoices):
    SUBMIT = "submit", "Submit to the Government Office"
    RETURN = "return", "Return with comments"
    RECOMMEND = "recommend", "Recommend sign-off"
    APPROVE = "approve", "Approve for the Secretary of State"
    BRING_INTO_FORCE = "bring_into_force", "Bring into force"


def every_party_signed(agreement: Agreement) -> str:
    """Rule X1: a Multi Area Agreement goes to the Regional Director and the Secretary of
    State only once every member authority (districts too) and contributing partner has
    signed. An LAA has no such parties: nothing to wait for."""
    if not agreement.is_multi_area:
        return ""
    members = MaaMember.objects.filter(agreement=agreement, standing__in=SIGNATORY_STANDINGS)
    authorities = members.filter(standing=MemberStanding.MEMBER_AUTHORITY).count()
    if authorities < 2:
        return (
            "A Multi Area Agreement binds two or more upper-tier authorities: add the "
            "member authorities before it is recommended or approved."
        )
    unsigned = [m for m in members.select_related("organisation") if not m.signed_on]
    unsigned.sort(key=lambda m: (STANDING_ORDER.index(m.standing), m.organisation.name))
    waiting = [m.organisation.name for m in unsigned]
    if waiting:
        return (
            f"Waiting for {', '.join(waiting)} to sign: every member authority and "
            "contributing partner signs a Multi Area Agreement before it is recommended "
            "or approved."
        )
    return ""


TRANSITIONS: TransitionTable[Transition[S, Action]] = TransitionTable(
    Transition(
        S.DRAFT,
        Action.SUBMIT,
        S.SUBMITTED,
        frozenset({Role.PERFORMANCE_MANAGER}),
        done="Submitted to the Government Office",
    ),
    Transition(
        S.RETURNED,
        Action.SUBMIT,
        S.SUBMITTED,
        frozenset({Role.PERFORMANCE_MANAGER}),
        done="Resubmitted to the Government Office",
    ),
    Transition(
        S.SUBMITTED,
        Action.RETURN,
        S.RETURNED,
        frozenset({Role.GO_LOCALITY_MANAGER, Role.GO_REGIONAL_DIRECTOR}),
        comment_required=True,
        done="Returned with comments by the Government Office",
    ),
    Transition(
        S.SUBMITTED,
        Action.RECOMMEND,
        S.RECOMMENDED,
        frozenset({Role.GO_REGIONAL_DIRECTOR}),
        done="Recommended for sign-off by the Regional Director",
        guard=every_party_signed,
    ),
    Transition(
        S.RECOMMENDED,
        Action.RETURN,
        S.RETURNED,
        frozenset({Role.CENTRAL_APPROVER}),
        comment_required=True,
        done="Returned with comments for the Secretary of State",
    ),
    Transition(
        S.RECOMMENDED,
        Action.APPROVE,
        S.APPROVED,
        frozenset({Role.CENTRAL_APPROVER}),
        done="Approved by the Secretary of State",
        guard=every_party_signed,
    ),
    Transition(
        S.APPROVED,
        Action.BRING_INTO_FORCE,
        S.IN_FORCE,
        frozenset({Role.CENTRAL_APPROVER}),
        done="Brought into force",
    ),
)
