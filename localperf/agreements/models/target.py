"""Targets, their effective-dated versions and trajectories, their partners, and the
reference figures a target can be set relative to (rule A8)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.models.agreement import LaaTheme
from localperf.agreements.models.statutory import YearState
from localperf.organisations.models import PartnerStanding
from localperf.web import clock
from localperf.web.periods import PeriodField

VALUE = {"max_digits": 16, "decimal_places": 4}


class TargetCategory(models.TextChoices):
    DESIGNATED = rules.DESIGNATED, "Designated target (one of the up to 35)"
    STATUTORY = rules.STATUTORY, "Statutory education and early years target"
    LOCAL = rules.LOCAL, "Local target"


class TargetStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DROPPED = "dropped", "Dropped"
    # Rules A3, D3: a statutory target ends with its measure, agreed with DCSF.
    WITHDRAWN = "withdrawn", "Withdrawn"


class TargetSetting(models.TextChoices):
    """How the target is set (rules A5, A8, D2)."""

    TRAJECTORY = rules.TRAJECTORY, "A target for every year of the agreement"
    PLACEHOLDER = rules.PLACEHOLDER, "Placeholder: the target is set at the annual review"
    IMPROVEMENT = (
        rules.IMPROVEMENT,
        "A percentage better than a baseline still to be confirmed",
    )
    RELATIVE = rules.RELATIVE, "Relative to another figure, such as a regional plan"


class ReferenceFigure(models.Model):
    """A figure set outside the agreement that a target can be expressed against (rule A8),
    e.g. the Regional Spatial Strategy's annual housing figure for an area."""

    name = models.CharField(max_length=200, unique=True)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def value_on(self, day: datetime.date) -> Decimal | None:
        """The value in force on ``day``; before the first value, the first value."""
        values = list(self.values.order_by("effective_from"))
        in_force = [v for v in values if v.effective_from <= day]
        if in_force:
            return in_force[-1].value
        return values[0].value if values else None


class ReferenceFigureValue(models.Model):
    figure = models.ForeignKey(ReferenceFigure, on_delete=models.PROTECT, related_name="values")
    effective_from = models.DateField()
    value = models.DecimalField(**VALUE)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["figure", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "effective_from"], name="reference_value_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure}: {self.value} from {self.effective_from}"


class Target(models.Model):
    """A target in an agreement. What it aims at over time lives in its versions."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="targets"
    )
    category = models.CharField(max_length=12, choices=TargetCategory.choices)
    status = models.CharField(
        max_length=10, choices=TargetStatus.choices, default=TargetStatus.ACTIVE
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="agreement_targets"
    )
    measure = models.ForeignKey(
        "indicators.Measure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_targets",
        help_text="For a multi-part indicator: which measure. Blank: the indicator as a whole.",
    )
    theme = models.CharField(max_length=40, choices=LaaTheme.choices)
    outcome = models.ForeignKey(
        "agreements.Outcome",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="What the partnership aims to achieve, in words."
    )
    related_psa = models.CharField("related PSA", max_length=200, blank=True)
    # Rule A6: smaller areas and groups; still one target.
    scope_areas = models.ManyToManyField("places.Area", blank=True, related_name="+")
    scope_groups = models.ManyToManyField("places.PopulationGroup", blank=True, related_name="+")
    # Rule A7: where the data exist only sub-regionally.
    sub_regional_area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_key = models.CharField(max_length=400, editable=False)
    undesignated_on = models.DateField(null=True, blank=True)
    dropped_on = models.DateField(null=True, blank=True)
    added_by_revision = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="added_targets",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[scope_areas, scope_groups])

    class Meta:
        ordering = ["agreement", "category", "indicator__kind", "indicator__number", "id"]
        constraints = [
            # The same indicator and scope twice in one category is refused.
            models.UniqueConstraint(
                fields=["agreement", "category", "indicator", "scope_key"],
                condition=Q(status="active"),
                name="target_unique_indicator_scope",
            ),
            models.CheckConstraint(
                condition=Q(status="active", dropped_on__isnull=True)
                | Q(status__in=["dropped", "withdrawn"], dropped_on__isnull=False),
                name="target_dropped_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_code}: {self.title or self.indicator.title}"

    @property
    def measure_code(self) -> str:
        return self.measure.code if self.measure_id else self.indicator.code

    @property
    def is_whole_area(self) -> bool:
        return rules.scope_is_whole_area(self.scope_key)

    @property
    def also_reports_whole_area(self) -> bool:
        """Rule A6: a target for smaller areas or groups is also reported for the whole area."""
        return not self.is_whole_area and self.sub_regional_area_id is None

    @property
    def counts_towards_35(self) -> bool:
        return self.category == TargetCategory.DESIGNATED and self.status == TargetStatus.ACTIVE

    def current_version(self) -> TargetVersion | None:
        return self.versions.filter(effective_to__isnull=True).first()


class TargetVersion(models.Model):
    """What a target aims at from ``effective_from`` to ``effective_to``. Never deleted:
    an approved change closes it the day before its successor starts."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    setting = models.CharField(
        max_length=24, choices=TargetSetting.choices, default=TargetSetting.TRAJECTORY
    )
    baseline_value = models.DecimalField(null=True, blank=True, **VALUE)
    # Always a canonical period label ("2006/07"), so monitoring reads the date it means.
    baseline_period = PeriodField(blank=True)
    baseline_lower = models.DecimalField(
        "lower confidence limit of the baseline", null=True, blank=True, **VALUE
    )
    baseline_upper = models.DecimalField(
        "upper confidence limit of the baseline", null=True, blank=True, **VALUE
    )
    baseline_to_be_confirmed = models.BooleanField(default=False)
    improvement_percent = models.DecimalField(null=True, blank=True, max_digits=7, decimal_places=2)
    relative_to = models.ForeignKey(
        ReferenceFigure, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    relative_ratio = models.DecimalField(null=True, blank=True, max_digits=10, decimal_places=4)
    relative_offset = models.DecimalField(null=True, blank=True, **VALUE)
    not_stretching = models.BooleanField(
        default=False, help_text="The final target is worse than the baseline."
    )
    notes = models.TextField(blank=True)
    revision = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="target_versions",
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "number"]
        constraints = [
            models.UniqueConstraint(fields=["target", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["target"],
                condition=Q(effective_to__isnull=True),
                name="version_one_open",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="version_effective_range",
            ),
            models.CheckConstraint(
                condition=Q(baseline_to_be_confirmed=True, baseline_value__isnull=True)
                | Q(baseline_to_be_confirmed=False),
                name="version_tbc_baseline_has_no_value",
            ),
            models.CheckConstraint(
                condition=Q(baseline_lower__isnull=True)
                | Q(baseline_upper__isnull=True)
                | Q(baseline_lower__lte=F("baseline_upper")),
                name="version_interval_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(setting="relative")
                | Q(relative_to__isnull=False, relative_ratio__isnull=False),
                name="version_relative_has_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} v{self.number}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def trajectory(self) -> dict[str, Decimal | None]:
        return {t.year: t.value for t in self.trajectory_values.all()}

    def year_states(self) -> dict[str, str]:
        """Each year's state (rules A3, D3): set, to be set, or to be confirmed."""
        return {t.year: t.state for t in self.trajectory_values.all()}

    @property
    def final_target(self) -> Decimal | None:
        values = [t for t in self.trajectory_values.all() if t.value is not None]
        return max(values, key=lambda t: t.year).value if values else None


class TrajectoryValue(models.Model):
    """The target value for one financial year of a version (rule A5)."""

    version = models.ForeignKey(
        TargetVersion, on_delete=models.PROTECT, related_name="trajectory_values"
    )
    year = models.CharField(max_length=7, help_text='A financial year: "2008/09".')
    value = models.DecimalField(null=True, blank=True, **VALUE)
    # Rules A3, D3: a statutory target's year may be to be set, or to be confirmed.
    state = models.CharField(max_length=16, choices=YearState.choices, default=YearState.SET)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "year"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="trajectory_one_per_year"),
            models.CheckConstraint(
                condition=Q(state="set")
                | Q(state="to_be_set", value__isnull=True)
                | Q(state="to_be_confirmed", value__isnull=False),
                name="trajectory_state_matches_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Duty(models.TextChoices):
    """What signing up to a target means for a partner (rule A9)."""

    PARTNER_AUTHORITY = "partner_authority", "Duty to have regard (partner authority)"
    RESPONSIBLE_AUTHORITY = (
        "responsible_authority",
        "Duty to have regard (responsible authority)",
    )
    VOLUNTARY = "voluntary", "Voluntary: the duty to have regard does not apply"


def duty_of(standing: str) -> Duty:
    """The duty follows from the partner's standing, itself derived from its kind (A9).

    >>> duty_of(PartnerStanding.PARTNER_AUTHORITY).label
    'Duty to have regard (partner authority)'
    >>> duty_of(PartnerStanding.VOLUNTARY_PARTNER) == Duty.VOLUNTARY
    True
    """
    if standing == PartnerStanding.PARTNER_AUTHORITY:
        return Duty.PARTNER_AUTHORITY
    if standing == PartnerStanding.RESPONSIBLE_AUTHORITY:
        return Duty.RESPONSIBLE_AUTHORITY
    return Duty.VOLUNTARY


class TargetPartner(models.Model):
    """A lead partner signed up to a target (rule A9); one may co-ordinate delivery."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="target_commitments"
    )
    is_coordinating = models.BooleanField("co-ordinating partner", default=False)
    signed_up_on = models.DateField(default=clock.today)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "-is_coordinating", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "organisation"], name="partner_once_per_target"
            ),
            models.UniqueConstraint(
                fields=["target"],
                condition=Q(is_coordinating=True),
                name="partner_one_coordinating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.target}"

    @property
    def duty(self) -> Duty:
        return duty_of(self.organisation.standing)
