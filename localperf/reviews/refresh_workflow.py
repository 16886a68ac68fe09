"""The 2009/10 refresh of an agreement as an explicit table (rule L6), in the shape of
``agreements.workflow``: from which status, which action, to which status, which roles
may take it, which milestone of the cycle's timetable dates it, and which date field it
stamps. Who, *for which agreement*, is ``agreements.permissions.acts_for``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from localperf.accounts.models import Role
from localperf.reviews.models import MilestoneKind as M
from localperf.reviews.models import RefreshStatus as S

GO = frozenset({Role.GO_LOCALITY_MANAGER, Role.GO_REGIONAL_DIRECTOR})
LSP = frozenset({Role.PERFORMANCE_MANAGER})


class RefreshAction(models.TextChoices):
    SELF_ASSESS = "self_assess", "Send the self-assessment (optional)"
    REPORT = "report", "Send the Government Office's report to CLG"
    ADOPT = "adopt", "Record the council's adoption"
    SUBMIT = "submit", "Submit the refreshed agreement to CLG"
    APPROVE = "approve", "Approve the refreshed agreement"


@dataclass(frozen=True)
class RefreshTransition:
    from_status: S
    action: RefreshAction
    to_status: S
    roles: frozenset[Role]
    milestone: M
    stamps: str
    done: str


REFRESH_TRANSITIONS: tuple[RefreshTransition, ...] = (
    RefreshTransition(
        S.UNDER_REVIEW,
        RefreshAction.SELF_ASSESS,
        S.UNDER_REVIEW,
        LSP,
        M.SELF_ASSESSMENT,
        "self_assessment_on",
        "Self-assessment sent to the Government Office",
    ),
    RefreshTransition(
        S.UNDER_REVIEW,
        RefreshAction.REPORT,
        S.GO_REPORTED,
        GO,
        M.GO_REVIEW_REPORT,
        "go_reported_on",
        "Government Office annual review report sent to CLG",
    ),
    RefreshTransition(
        S.GO_REPORTED,
        RefreshAction.ADOPT,
        S.ADOPTED,
        LSP,
        M.COUNCIL_ADOPTION,
        "adopted_on",
        "Refreshed agreement adopted by the council",
    ),
    RefreshTransition(
        S.ADOPTED,
        RefreshAction.SUBMIT,
        S.SUBMITTED,
        LSP,
        M.REFRESH_SUBMISSION,
        "submitted_on",
        "Refreshed agreement submitted to CLG",
    ),
    RefreshTransition(
        S.SUBMITTED,
        RefreshAction.APPROVE,
        S.APPROVED,
        frozenset({Role.CENTRAL_APPROVER}),
        M.MINISTERIAL_APPROVAL,
        "approved_on",
        "Refreshed agreement approved by ministers",
    ),
)

# While the review is open, its targets can be listed and the revision prepared.
OPEN_STATUSES = frozenset({S.UNDER_REVIEW, S.GO_REPORTED})


def refresh_transition_for(status: str, action: str) -> RefreshTransition | None:
    """The row for taking ``action`` from ``status``, or None.

    >>> refresh_transition_for("adopted", "submit").to_status == "submitted"
    True
    >>> refresh_transition_for("under_review", "approve") is None
    True
    """
    for transition in REFRESH_TRANSITIONS:
        if transition.from_status == status and transition.action == action:
            return transition
    return None
