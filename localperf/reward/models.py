"""Performance Reward Grant (rule P1), the reward element and its lockdown (rule L7), and
the revocation of designations that ended the framework on 13 October 2010.

Nothing here is ever deleted: a target leaves the reward element by a recorded, approved
change; a claim closed by the revocation keeps its figures; an undone revocation keeps
its row, with who undid it and why.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from localperf.calculations.reward import RewardRules, RuleKind

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 6, "decimal_places": 2}
UNVERIFIED_LABEL = "Unverified"


class RuleKindChoice(models.TextChoices):
    PER_TARGET = RuleKind.PER_TARGET.value, RuleKind.PER_TARGET.label
    AVERAGE = RuleKind.AVERAGE.value, RuleKind.AVERAGE.label


class RewardRuleSet(models.Model):
    """One version of the reward rules, changed in the admin with history. A setting the
    sources never confirmed is named in ``unverified`` (comma-separated), and every page
    and export that uses the rule set says so."""

    name = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=12, choices=RuleKindChoice.choices)
    pot_percent = models.DecimalField(default=Decimal("2.5"), **PERCENT)
    pot_rounding = models.DecimalField(
        default=Decimal(1000), max_digits=10, decimal_places=2, help_text="Nearest £…"
    )
    floor_percent = models.DecimalField(default=Decimal(60), **PERCENT)
    cap_percent = models.DecimalField(default=Decimal(100), **PERCENT)
    capital_percent = models.DecimalField(default=Decimal(50), **PERCENT)
    on_account_fraction = models.DecimalField(
        default=Decimal("0.2"), max_digits=5, decimal_places=4
    )
    reduction_factor = models.DecimalField(
        default=Decimal(1),
        max_digits=5,
        decimal_places=4,
        help_text="Government-wide reduction (June 2010: outstanding payments halved, 0.5).",
    )
    unverified = models.CharField(
        max_length=300,
        blank=True,
        help_text="The settings the sources never confirmed, comma-separated.",
    )
    source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="reward_rule_set_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def unverified_settings(self) -> frozenset[str]:
        return frozenset(s.strip() for s in self.unverified.split(",") if s.strip())

    @property
    def is_verified(self) -> bool:
        return not self.unverified_settings

    def rules(self) -> RewardRules:
        return RewardRules(
            kind=RuleKind(self.kind),
            pot_percent=self.pot_percent,
            pot_rounding=self.pot_rounding,
            floor_percent=self.floor_percent,
            cap_percent=self.cap_percent,
            capital_percent=self.capital_percent,
            on_account_fraction=self.on_account_fraction,
            reduction_factor=self.reduction_factor,
            unverified=self.unverified_settings,
        )


class RewardElement(models.Model):
    """An agreement's reward element: its rule set, its pot's basis, and its members."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="reward_element"
    )
    rule_set = models.ForeignKey(RewardRuleSet, on_delete=models.PROTECT, related_name="+")
    net_budget_requirement = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reward element of {self.agreement}"


class RewardMembership(models.Model):
    """A target in (or taken out of) the reward element. Taking one out, or putting one
    in, needs the Government Office's approval; the history keeps every change."""

    element = models.ForeignKey(RewardElement, on_delete=models.PROTECT, related_name="members")
    target = models.ForeignKey("agreements.Target", on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField(default=True)
    reason = models.CharField(max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["element", "target"]
        constraints = [
            models.UniqueConstraint(fields=["element", "target"], name="reward_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.target} ({'in' if self.included else 'out of'} the reward element)"


class LockdownException(models.Model):
    """A named exception to the reward lockdown (rule L7): this target may still be set
    after the lockdown, e.g. an area still without a year-three teenage pregnancy target."""

    target = models.OneToOneField(
        "agreements.Target", on_delete=models.PROTECT, related_name="lockdown_exception"
    )
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.target}: {self.reason}"


class ClaimStatus(models.TextChoices):
    PREPARING = "preparing", "Being prepared by the partnership"
    SUBMITTED = "submitted", "Submitted to the Government Office"
    RETURNED = "returned", "Returned to the partnership"
    CHECKED = "checked", "Checked by the Government Office"
    DETERMINED = "determined", "Determined by central government"
    CLOSED = "closed", "Closed"


OPEN_CLAIM_STATUSES = frozenset(
    {ClaimStatus.PREPARING, ClaimStatus.SUBMITTED, ClaimStatus.RETURNED, ClaimStatus.CHECKED}
)


class RewardClaim(models.Model):
    """A claim for reward on one year's final outturns. The figures are frozen when it is
    determined; a claim closed by the revocation keeps them and says why."""

    element = models.ForeignKey(RewardElement, on_delete=models.PROTECT, related_name="claims")
    year = models.CharField(max_length=7, help_text='The year judged: "2008/09".')
    status = models.CharField(
        max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.PREPARING
    )
    determined_total = models.DecimalField(null=True, blank=True, **MONEY)
    determined_capital = models.DecimalField(null=True, blank=True, **MONEY)
    determined_revenue = models.DecimalField(null=True, blank=True, **MONEY)
    determined_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)
    closed_by_revocation = models.ForeignKey(
        "reward.Revocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_claims",
    )
    status_before_closing = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["element", "year"]
        constraints = [
            models.UniqueConstraint(fields=["element", "year"], name="reward_claim_one_per_year"),
            models.CheckConstraint(
                condition=~Q(status="determined") | Q(determined_total__isnull=False),
                name="reward_claim_determined_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"Reward claim {self.year}: {self.element.agreement}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLAIM_STATUSES


class ClaimEvent(models.Model):
    """One step of a claim: who did what, when and why (append-only)."""

    claim = models.ForeignKey(RewardClaim, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    comment = models.TextField(blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "occurred_at", "id"]

    def __str__(self) -> str:
        return self.description


class Revocation(models.Model):
    """The revocation of every designation on ``revoked_on``, as one act; an undo is a
    second act on the same row (never a deletion)."""

    revoked_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    agreements_count = models.PositiveIntegerField(default=0)
    targets_count = models.PositiveIntegerField(default=0)
    claims_count = models.PositiveIntegerField(default=0)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            # Only one revocation stands at a time.
            models.UniqueConstraint(
                fields=["revoked_on"],
                condition=Q(undone_at__isnull=True),
                name="revocation_one_standing",
            )
        ]

    def __str__(self) -> str:
        return f"Designations revoked on {self.revoked_on:%-d %B %Y}"

    @property
    def is_standing(self) -> bool:
        return self.undone_at is None
