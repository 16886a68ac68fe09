"""Revision proposals: a bundle of changes to an approved agreement (rules L3–L5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", "Being prepared"
    PROPOSED = "proposed", "Proposed: waiting for agreement"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class RevisionAction(models.TextChoices):
    ADD = "add", "Add a target"
    CHANGE = "change", "Change a target"
    DROP = "drop", "Drop a local target"
    UNDESIGNATE = "undesignate", "Un-designate a target (to move it to a multi-area agreement)"
    # Rule X1: a revision of a Multi Area Agreement may change who is party to it.
    ADD_PARTY = "add_party", "Add a party to the multi-area agreement"
    CHANGE_PARTY = "change_party", "Change what a party is in the multi-area agreement"
    REMOVE_PARTY = "remove_party", "Remove a party from the multi-area agreement"
    RESPONSIBLE = "responsible", "Make another member authority responsible for it"


# The changes that touch no target: the parties of a Multi Area Agreement (rule X1).
PARTY_ACTIONS = frozenset(
    {
        RevisionAction.ADD_PARTY,
        RevisionAction.CHANGE_PARTY,
        RevisionAction.REMOVE_PARTY,
        RevisionAction.RESPONSIBLE,
    }
)
# A party change's ``category`` (a target change's is its target's category).
PARTIES_CATEGORY = "parties"
_NO_TARGET = sorted({"add", *PARTY_ACTIONS})


class RevisionProposal(models.Model):
    """Changes proposed together, approved together, published together."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    reason = models.TextField()
    effective_from = models.DateField(
        help_text="The day the changed targets take effect; earlier periods keep the old ones."
    )
    status = models.CharField(
        max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    proposed_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="revision_unique_number"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "proposed"]) | Q(decided_on__isnull=False),
                name="revision_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number}: {self.title}"


class RevisionChange(models.Model):
    """One change in a revision. ``payload`` holds the proposed target, as the services
    read it (see ``localperf.agreements.inputs``), or for a change of an MAA's parties the
    organisation and its standing (``{"organisation": id, "standing": "..."}``)."""

    revision = models.ForeignKey(RevisionProposal, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=12, choices=RevisionAction.choices)
    target = models.ForeignKey(
        "agreements.Target",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revision_changes",
    )
    category = models.CharField(max_length=12)
    payload = models.JSONField(default=dict, blank=True)
    summary = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["revision", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "target"],
                condition=Q(target__isnull=False),
                name="revision_one_change_per_target",
            ),
            models.CheckConstraint(
                condition=Q(action__in=_NO_TARGET, target__isnull=True)
                | (~Q(action__in=_NO_TARGET) & Q(target__isnull=False)),
                name="revision_change_target_unless_add",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_designated(self) -> bool:
        return self.category == "designated"


class PartnerAgreement(models.Model):
    """A partner's recorded agreement to a revision (rules L3, L4)."""

    revision = models.ForeignKey(
        RevisionProposal, on_delete=models.CASCADE, related_name="partner_agreements"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["revision", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "organisation"], name="partner_agrees_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} agrees to {self.revision}"
