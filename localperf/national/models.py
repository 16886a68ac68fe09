"""What the national picture stores: comparator groups of areas, and the red and green
flags inspectors record for an area assessment (rule M7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ComparatorKind(models.TextChoices):
    STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
    SIMILAR_AREAS = "similar_areas", "Areas of a similar type"
    PARTNERSHIP = "partnership", "A partnership or sub-region (e.g. an MAA)"
    OTHER = "other", "Other group"


class ComparatorGroup(models.Model):
    """A saved group of areas to compare an indicator against, private to its owner
    unless shared with every government user."""

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=24, choices=ComparatorKind.choices, default=ComparatorKind.OTHER
    )
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comparator_groups"
    )
    shared = models.BooleanField(
        default=False, help_text="Shared groups can be used by every government user."
    )
    members = models.ManyToManyField("places.Area", related_name="comparator_groups")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="comparator_unique_name"),
            models.CheckConstraint(condition=~Q(name=""), name="comparator_has_name"),
        ]

    def __str__(self) -> str:
        return self.name


class FlagColour(models.TextChoices):
    """CAA's flags: red for a significant concern not being tackled, green for
    exceptional performance or innovation others could learn from."""

    RED = "red", "Red flag"
    GREEN = "green", "Green flag"


class FlagAction(models.TextChoices):
    RAISED = "raised", "Raised"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AssessmentFlag(models.Model):
    """One entry in an area's flag history (rule M7). Append-only: raising a flag and
    withdrawing it are both new rows; a withdrawal points at the flag it withdraws. The
    recorder's name, role and organisation are copied so the history reads right later."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=FlagAction.choices, default=FlagAction.RAISED)
    colour = models.CharField(max_length=5, choices=FlagColour.choices)
    title = models.CharField(max_length=200)
    rationale = models.TextField()
    indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The national indicator the flag mainly rests on, if one.",
    )
    withdraws = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="withdrawal",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    recorded_by_role = models.CharField(max_length=100)
    recorded_by_organisation = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__in=FlagColour.values), name="flag_colour_red_or_green"
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="flag_has_rationale"),
            models.CheckConstraint(condition=~Q(title=""), name="flag_has_title"),
            models.CheckConstraint(
                condition=Q(action="raised", withdraws__isnull=True)
                | Q(action="withdrawn", withdraws__isnull=False),
                name="flag_withdrawal_names_its_flag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} for {self.area}: {self.title}"
