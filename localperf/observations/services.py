"""Changes to observations other than imports (those are in ``importing.services``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from localperf.indicators.models import Measure
from localperf.observations import permissions
from localperf.observations.models import Observation, Release, ReportingPeriod
from localperf.places.models import Area
from localperf.web import clock


def _scope_words(area: Area | None, measure: Measure | None, period: ReportingPeriod | None):
    return ", ".join(
        [
            measure.code if measure else "any measure",
            area.name if area else "any area",
            period.label if period else "any period",
        ]
    )


def observations_release(
    *,
    user,
    area: Area | None = None,
    measure: Measure | None = None,
    period: ReportingPeriod | None = None,
    note: str = "",
) -> Release:
    """Publish the provisional figures of a scope as they stand now; blank parts of the
    scope mean "all". Who and when are recorded; nothing is released twice, and a scope
    with nothing waiting is refused (nothing is recorded)."""
    if not permissions.may_release(user, area):
        if area is None:
            raise PermissionDenied("Only an administrator may release figures for every area.")
        raise PermissionDenied(
            f"Only the performance manager of {area.name} or an administrator may release "
            "its figures."
        )
    # The cut-off is the machine's moment, as the figures' own recorded_at is; the
    # release's day is the site's (rule: one clock), which is what pages show.
    released_at = timezone.now()
    waiting = Observation.objects.current().unreleased().filter(recorded_at__lte=released_at)
    for field, value in (("area", area), ("measure", measure), ("period", period)):
        if value is not None:
            waiting = waiting.filter(**{f"{field}_id": value.pk})
    with transaction.atomic():
        count = waiting.count()
        if count == 0:
            raise ValidationError(
                "There are no unreleased provisional figures for "
                f"{_scope_words(area, measure, period)}: nothing to release."
            )
        return Release.objects.create(
            area=area,
            measure=measure,
            period=period,
            released_by=user,
            released_at=released_at,
            released_on=clock.today(),
            figure_count=count,
            note=note.strip(),
        )
