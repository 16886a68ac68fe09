"""The agreement itself, its outcomes, its sign-off events and its published change log."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.models.multi_area import AgreementKind


class Term(models.TextChoices):
    """Rule A1: three years normally; one or two years for areas being restructured."""

    THREE_YEARS = rules.THREE_YEARS, "Three years, 2008/09 to 2010/11"
    ONE_YEAR = rules.ONE_YEAR, "One year, 2008/09 (an area divided on 1 April 2009)"
    TWO_YEARS = rules.TWO_YEARS, "Two years, 2009/10 to 2010/11 (a new area from 1 April 2009)"


class AgreementStatus(models.TextChoices):
    """Rules L1, L2: the sign-off path."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the Government Office"
    RETURNED = "returned", "Returned with comments"
    RECOMMENDED = "recommended", "Recommended by the Regional Director"
    APPROVED = "approved", "Approved by the Secretary of State"
    IN_FORCE = "in_force", "In force"


EDITABLE_STATUSES = frozenset({AgreementStatus.DRAFT, AgreementStatus.RETURNED})
PUBLISHED_STATUSES = frozenset({AgreementStatus.APPROVED, AgreementStatus.IN_FORCE})
UNDER_REVIEW_STATUSES = frozenset(
    {AgreementStatus.SUBMITTED, AgreementStatus.RETURNED, AgreementStatus.RECOMMENDED}
)


class LaaTheme(models.TextChoices):
    """Rule A11: the four themes that guide the selection of targets."""

    CHILDREN_AND_YOUNG_PEOPLE = "children_and_young_people", "Children and Young People"
    SAFER_AND_STRONGER = "safer_and_stronger_communities", "Safer and Stronger Communities"
    HEALTHIER_COMMUNITIES = (
        "healthier_communities_and_older_people",
        "Healthier Communities and Older People",
    )
    ECONOMIC_DEVELOPMENT = (
        "economic_development_and_environment",
        "Economic Development and the Environment",
    )


class Agreement(models.Model):
    """One Local Area Agreement: the area, its responsible authority, term and status."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="agreements")
    responsible_authority = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="responsible_for_agreements",
        help_text="The county or unitary council that submits the LAA (rule A12).",
    )
    title = models.CharField(max_length=200)
    # Rule X1: a Multi Area Agreement is an agreement of its own kind; its area is a
    # custom group of its members' areas (or part of them).
    kind = models.CharField(max_length=3, choices=AgreementKind.choices, default=AgreementKind.LAA)
    statutory_from = models.DateField(
        null=True,
        blank=True,
        help_text="For an MAA: the day it took statutory effect (from 12 January 2010).",
    )
    term = models.CharField(max_length=7, choices=Term.choices, default=Term.THREE_YEARS)
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    submitted_on = models.DateField(null=True, blank=True)
    recommended_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    in_force_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name", "term"]
        constraints = [
            # Rule A1: one LAA per area and term.
            models.UniqueConstraint(fields=["area", "term"], name="agreement_one_per_area_term"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=False)
                | ~Q(status__in=[AgreementStatus.APPROVED, AgreementStatus.IN_FORCE]),
                name="agreement_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> tuple[str, ...]:
        return rules.term_years(self.term)

    @property
    def starts_on(self) -> datetime.date:
        return rules.term_start(self.term)

    @property
    def ends_on(self) -> datetime.date:
        return rules.term_end(self.term)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATUSES

    @property
    def is_multi_area(self) -> bool:
        return self.kind == AgreementKind.MAA

    @property
    def region(self):
        return self.area.region


class Outcome(models.Model):
    """An outcome the partnership wants, under one of the four themes (rule A11)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="outcomes")
    theme = models.CharField(max_length=40, choices=LaaTheme.choices)
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "theme", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "title"], name="outcome_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class AgreementEvent(models.Model):
    """One step in the life of an agreement: who did what, when and why (rules L1–L5)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    revision = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=100, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["agreement", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.description} ({self.occurred_at:%d %b %Y})"


class ChangeLogEntry(models.Model):
    """The published record of every approved change (rule L4: every change is published)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="change_log")
    revision = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_log",
    )
    target = models.ForeignKey(
        "agreements.Target",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_log",
    )
    published_on = models.DateField()
    summary = models.TextField()
    recorded_at = models.DateTimeField(default=timezone.now)

    # Rule L4: who published each entry, and when, is kept beside it; the entry itself is
    # never changed (the admin refuses it, and no service does), so this holds its creation.
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "published_on", "id"]
        verbose_name_plural = "change log entries"

    def __str__(self) -> str:
        return f"{self.published_on}: {self.summary}"
