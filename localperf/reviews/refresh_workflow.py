"""The 2009/10 refresh of an agreement as an explicit table (rule L6), run by the one
engine ``web.transitions`` like ``agreements.workflow``: from which status, which action,
to which status, which roles may take it, and besides which milestone of the cycle's
timetable dates it and which date field it stamps. Who, *for which agreement*, is
``agreements.permissions.acts_for``.

>>> REFRESH_TRANSITIONS.find("adopted", "submit").to_status == "submitted"
True
>>> REFRESH_TRANSITIONS.find("under_review", "approve") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from localperf.accounts.models import Role
from localperf.reviews.models import MilestoneKind as M
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
        milestone=M.MINISTERIAL_APPROVAL,
        stamps="approved_on",
    ),
)

# While the review is open, its targets can be listed and the revision prepared.
OPEN_STATUSES = frozenset({S.UNDER_REVIEW, S.GO_REPORTED})
