"""The path of a reward claim as an explicit table (rule P1), run by the one engine
``web.transitions`` like the agreements' sign-off path: the partnership prepares and
submits, the Government Office checks (or returns), central government determines (or
returns). Who, *for which agreement*, is decided in ``permissions``.

>>> TRANSITIONS.find("checked", "determine").to_status == "determined"
True
>>> TRANSITIONS.find("preparing", "determine") is None
True
"""

from __future__ import annotations

from django.db import models

from localperf.accounts.models import Role
from localperf.reward.models import ClaimStatus as S
from localperf.web.transitions import Transition, TransitionTable

GOVERNMENT_OFFICE = frozenset({Role.GO_LOCALITY_MANAGER, Role.GO_REGIONAL_DIRECTOR})


class ClaimAction(models.TextChoices):
    SUBMIT = "submit", "Submit the claim to the Government Office"
    CHECK = "check", "Confirm the claim is checked"
    RETURN = "return", "Return the claim with comments"
    DETERMINE = "determine", "Determine the grant"


TRANSITIONS: TransitionTable[Transition[S, ClaimAction]] = TransitionTable(
    Transition(
        S.PREPARING,
        ClaimAction.SUBMIT,
        S.SUBMITTED,
        frozenset({Role.PERFORMANCE_MANAGER}),
        done="Submitted to the Government Office",
    ),
    Transition(
        S.RETURNED,
        ClaimAction.SUBMIT,
        S.SUBMITTED,
        frozenset({Role.PERFORMANCE_MANAGER}),
        done="Resubmitted to the Government Office",
    ),
    Transition(
        S.SUBMITTED,
        ClaimAction.CHECK,
        S.CHECKED,
        GOVERNMENT_OFFICE,
        done="Checked by the Government Office",
    ),
    Transition(
        S.SUBMITTED,
        ClaimAction.RETURN,
        S.RETURNED,
        GOVERNMENT_OFFICE,
        comment_required=True,
        done="Returned by the Government Office",
    ),
    Transition(
        S.CHECKED,
        ClaimAction.DETERMINE,
        S.DETERMINED,
        frozenset({Role.CENTRAL_APPROVER}),
        done="Determined by central government",
    ),
    Transition(
        S.CHECKED,
        ClaimAction.RETURN,
        S.RETURNED,
        frozenset({Role.CENTRAL_APPROVER}),
        comment_required=True,
        done="Returned by central government",
    ),
)
