"""Per-indicator overrides of the periods and area levels a figure may have (rule D5, D8)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from localperf.observations.models.periods import PeriodKindChoice
from localperf.places.models import AreaType


class IndicatorRules(models.Model):
    """What an indicator's definition allows, where the defaults in ``admissibility`` are
    wrong for it: e.g. an indicator that exists only at police force area level (D8).

    An empty list keeps the default; a non-empty list replaces it.
    """

    indicator = models.OneToOneField(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="data_rules"
    )
    period_kinds = models.JSONField(
        default=list, blank=True, help_text="e.g. ['quarter', 'financial_year']; empty: default."
    )
    area_types = models.JSONField(
        default=list, blank=True, help_text="e.g. ['police_force_area']; empty: default."
    )
    note = models.TextField(blank=True, help_text="Why the definition differs (cite it).")

    class Meta:
        verbose_name = "indicator data rules"
        verbose_name_plural = "indicator data rules"

    def __str__(self) -> str:
        return f"Data rules for {self.indicator.code}"

    def clean(self) -> None:
        errors = {}
        unknown = set(self.period_kinds or []) - set(PeriodKindChoice.values)
        if unknown:
            errors["period_kinds"] = f"Unknown period kinds: {', '.join(sorted(unknown))}."
        unknown = set(self.area_types or []) - set(AreaType.values)
        if unknown:
            errors["area_types"] = f"Unknown area types: {', '.join(sorted(unknown))}."
        if errors:
            raise ValidationError(errors)
