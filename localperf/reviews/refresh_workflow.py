"""The 2009/10 refresh of an agreement as an explicit table (rule L6), run by the one
engine ``web.transitions`` like ``agreements.workflow``: from which status, which action,
to which status, which roles may take it, its guard, and besides which milestone of the
cycle's timetable dates it and which date field it stamps. The last step has two rows:
ministers approve a refresh that changes designated targets (rule L3); the partnership
approves one that changes only local targets (rule L4), as it decides any such revision.
Who, *for which agreement*, is ``agreements.permissions.acts_for``.

>>> REFRESH_TRANSITIONS.find("adopted", "submit").to_status == "submitted"
True
>>> REFRESH_TRANSITIONS.find("under_review", "approve") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from localperf.accounts.models import Role
from localperf.agreements.permissions import revision_decider_role
from localperf.reviews.models import MilestoneKind as M
from localperf.reviews.models import Refresh
from localperf.reviews.models import RefreshStatus as S
from localperf.web.transitions import Transition, TransitionTable

GO = frozenset({Role.GO_LOCALITY_MANAGER, Role.GO_REGIONAL_DIRECTOR})
LSP = frozenset({Role.PERFORMANCE_MANAGER})


class RefreshAction(models.TextChoices):
    SELF_ASSESS = "self_assess", "Send the self-assessment (optional)"
    REPORT = "report", "Send the Government Office's report to CLG"
    ADOPT = "adopt", "Record the council's adoption"
    SUBMIT = "submit", "Submit the refreshed agreement to CLG"
    APPROVE = "approve", "Approve the refreshed agreement"
    APPROVE_LOCALLY = "approve_locally", "Approve the refreshed local targets"


# Either approval approves the refresh's one revision.
APPROVALS = frozenset({RefreshAction.APPROVE, RefreshAction.APPROVE_LOCALLY})


def _only_local(refresh: Refresh) -> bool:
    """The refresh's revision changes local targets only: the revision's own decider is the
    partnership, not the Secretary of State (``revision_decider_role``, rules L3, L4)."""
    revision = refresh.revision
    return revision is not None and revision_decider_role(revision) != Role.CENTRAL_APPROVER


def ministers_approve(refresh: Refresh) -> str:
    """Rule L3: ministers approve a refreshed agreement whose revision changes designated
    targets (or that changed nothing by revision); rule L4: not one that changes only
    local targets."""
    if _only_local(refresh):
        return (
            "The refresh changes only local targets: they need no Secretary of State "
            "approval (rule L4). The partnership approves them, with the agreement of the "
            "partner authorities signed up to them."
        )
    return ""


def partnership_approves(refresh: Refresh) -> str:
    """Rule L4: the partnership approves a refresh that changes only local targets, as it
    decides any revision of local targets."""
    if not _only_local(refresh):
        return (
            "The refresh's revision changes designated targets, or there is no revision: "
            "ministers approve the refreshed agreement for the Secretary of State (rule L3)."
        )
    return ""


@dataclass(frozen=True, kw_only=True)
class RefreshTransition(Transition[S, RefreshAction]):
    """A row that also names the timetable's milestone dating it and the refresh's date
    field it stamps."""

    milestone: M
    stamps: str


REFRESH_TRANSITIONS: TransitionTable[RefreshTransition] = TransitionTable(
    RefreshTransition(
        S.UNDER_REVIEW,
        RefreshAction.SELF_ASSESS,
        S.UNDER_REVIEW,
        LSP,
        done="Self-assessment sent to the Government Office",
        milestone=M.SELF_ASSESSMENT,
        stamps="self_assessment_on",
    ),
    RefreshTransition(
        S.UNDER_REVIEW,
        RefreshAction.REPORT,
        S.GO_REPORTED,
        GO,
        done="Government Office annual review report sent to CLG",
        milestone=M.GO_REVIEW_REPORT,
        stamps="go_reported_on",
    ),
    RefreshTransition(
        S.GO_REPORTED,
        RefreshAction.ADOPT,
        S.ADOPTED,
        LSP,
        done="Refreshed agreement adopted by the council",
        milestone=M.COUNCIL_ADOPTION,
        stamps="adopted_on",
    ),
    RefreshTransition(
        S.ADOPTED,
        RefreshAction.SUBMIT,
        S.SUBMITTED,
        LSP,
        done="Refreshed agreement submitted to CLG",
        milestone=M.REFRESH_SUBMISSION,
        stamps="submitted_on",
    ),
    RefreshTransition(
        S.SUBMITTED,
        RefreshAction.APPROVE,
        S.APPROVED,
        frozenset({Role.CENTRAL_APPROVER}),
        done="Refreshed agreement approved by ministers",
        guard=ministers_approve,
        milestone=M.MINISTERIAL_APPROVAL,
        stamps="approved_on",
    ),
    RefreshTransition(
        S.SUBMITTED,
        RefreshAction.APPROVE_LOCALLY,
        S.APPROVED,
        LSP,
        done="Refreshed local targets approved by the partnership (no Secretary of State "
        "approval needed, rule L4)",
        guard=partnership_approves,
        milestone=M.MINISTERIAL_APPROVAL,
        stamps="approved_on",
    ),
)

# While the review is open, its targets can be listed and the revision prepared.
OPEN_STATUSES = frozenset({S.UNDER_REVIEW, S.GO_REPORTED})
