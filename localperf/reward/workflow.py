"""The path of a reward claim as an explicit table (rule P1), in the shape of the
agreements' sign-off path: the partnership prepares and submits, the Government Office
checks (or returns), central government determines (or returns). Who, *for which
agreement*, is decided in ``permissions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from localperf.accounts.models import Role
from localperf.reward.models import ClaimStatus as S

GOVERNMENT_OFFICE = frozenset({Role.GO_LOCALITY_MANAGER, Role.GO_REGIONAL_DIRECTOR})


class ClaimAction(models.TextChoices):
    SUBMIT = "submit", "Submit the claim to the Government Office"
    CHECK = "check", "Confirm the claim is checked"
    RETURN = "return", "Return the claim with comments"
    DETERMINE = "determine", "Determine the grant"


@dataclass(frozen=True)
class ClaimTransition:
    from_status: S
    action: ClaimAction
    to_status: S
    roles: frozenset[Role]
    comment_required: bool = False
    done: str = ""


TRANSITIONS: tuple[ClaimTransition, ...] = (
    ClaimTransition(
        S.PREPARING,
        ClaimAction.SUBMIT,
        S.SUBMITTED,
        frozenset({Role.PERFORMANCE_MANAGER}),
        done="Submitted to the Government Office",
    ),
    ClaimTransition(
        S.RETURNED,
        ClaimAction.SUBMIT,
        S.SUBMITTED,
        frozenset({Role.PERFORMANCE_MANAGER}),
        done="Resubmitted to the Government Office",
    ),
    ClaimTransition(
        S.SUBMITTED,
        ClaimAction.CHECK,
        S.CHECKED,
        GOVERNMENT_OFFICE,
        done="Checked by the Government Office",
    ),
    ClaimTransition(
        S.SUBMITTED,
        ClaimAction.RETURN,
        S.RETURNED,
        GOVERNMENT_OFFICE,
        comment_required=True,
        done="Returned by the Government Office",
    ),
    ClaimTransition(
        S.CHECKED,
        ClaimAction.DETERMINE,
        S.DETERMINED,
        frozenset({Role.CENTRAL_APPROVER}),
        done="Determined by central government",
    ),
    ClaimTransition(
        S.CHECKED,
        ClaimAction.RETURN,
        S.RETURNED,
        frozenset({Role.CENTRAL_APPROVER}),
        comment_required=True,
        done="Returned by central government",
    ),
)


def claim_transition_for(status: str, action: str) -> ClaimTransition | None:
    """The row for taking ``action`` from ``status``, or None.

    >>> claim_transition_for("checked", "determine").to_status == "determined"
    True
    >>> claim_transition_for("preparing", "determine") is None
    True
    """
    for transition in TRANSITIONS:
        if transition.from_status == status and transition.action == action:
            return transition
    return None
