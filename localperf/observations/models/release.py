"""Releases: the recorded decision that provisional figures may be published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Release(models.Model):
    """Publishes the provisional figures of a scope recorded up to ``released_at``.

    ``released_at`` is the machine's moment (compared with the figures' own real
    ``recorded_at``); ``released_on`` is the business day of the release, the site's
    clock (``web.clock``, the as-at day in the demo), which pages show.

    Final figures are public as soon as they are recorded: calling a figure final is the
    data owner's statement that it is settled. A provisional figure stays hidden from
    the public until a release covers it: same area (or every area), same measure (or
    every measure), same period (or every period), and recorded no later than the
    release. A correction recorded afterwards is a new figure and waits for the next
    release, so what the public sees never changes without someone deciding it.

    Rows are only ever added (who released what, when, and how many figures).
    """

    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank: every area (administrators only).",
    )
    measure = models.ForeignKey(
        "indicators.Measure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank: every measure.",
    )
    period = models.ForeignKey(
        "observations.ReportingPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank: every period.",
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(default=timezone.now)
    released_on = models.DateField(
        help_text="The day of the release on the site's clock (the as-at day in the demo)."
    )
    figure_count = models.PositiveIntegerField(
        help_text="How many provisional figures this release published."
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["area", "measure"], name="release_by_scope")]

    def __str__(self) -> str:
        return f"Release {self.pk} of {self.scope}"

    @property
    def scope(self) -> str:
        parts = [
            self.measure.code if self.measure_id else "every measure",
            self.area.name if self.area_id else "every area",
            self.period.label if self.period_id else "every period",
        ]
        return ", ".join(parts)
