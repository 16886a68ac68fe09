"""Reading for the release page: which areas a user may release, what waits to be
released there, and the releases already made (who, when, what). The release itself is
``services.observations_release``; who may release is ``permissions.may_release``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from localperf.indicators.models import Measure
from localperf.observations import permissions
from localperf.observations.models import Observation, Release, ReportingPeriod
from localperf.places.models import Area

RECENT_RELEASES = 20
NOT_A_RELEASER = (
    "Only an area's performance manager or an administrator releases provisional figures."
)


def releasable_areas(user) -> QuerySet[Area] | None:
    """The areas whose provisional figures the user may release: None for every area
    (an administrator); a performance manager's own area and the districts in it; none
    for anyone else. The same rule as the service (``permissions.may_release``)."""
    if permissions.may_release(user, None):
        return None
    organisation = getattr(user, "organisation", None)
    own = organisation.area if organisation is not None and organisation.area_id else None
    if own is None or not permissions.may_release(user, own):
        return Area.objects.none()
    return Area.objects.filter(Q(pk=own.pk) | Q(parent_id=own.pk)).order_by("-upper_tier", "name")


def may_release_anything(user) -> bool:
    areas = releasable_areas(user)
    return areas is None or areas.exists()


@dataclass(frozen=True)
class Waiting:
    """Provisional figures no release covers yet, for one area, measure and period."""

    area: Area
    measure: Measure
    period: ReportingPeriod
    count: int


def waiting_for_release(areas: QuerySet[Area] | None) -> list[Waiting]:
    """The unreleased provisional figures of the areas (None: every area), counted by
    area, measure and period, newest period first. Four queries."""
    figures = Observation.objects.current().unreleased()
    if areas is not None:
        figures = figures.filter(area__in=areas)
    counts = list(figures.values_list("area_id", "measure_id", "period_id").annotate(n=Count("id")))
    area_by_id = Area.objects.in_bulk({c[0] for c in counts})
    measure_by_id = Measure.objects.select_related("indicator").in_bulk({c[1] for c in counts})
    period_by_id = ReportingPeriod.objects.in_bulk({c[2] for c in counts})
    waiting = [
        Waiting(area_by_id[a], measure_by_id[m], period_by_id[p], n) for a, m, p, n in counts
    ]
    waiting.sort(
        key=lambda w: (w.area.name, w.measure.indicator.number or 0, w.measure.part, w.period.end),
    )
    return waiting


def releases_of(areas: QuerySet[Area] | None) -> QuerySet[Release]:
    """The releases of the areas (None: every release), newest first; a release of every
    area at once concerns every area. The page shows the latest (``releases_for``); the
    API pages through them all."""
    releases = Release.objects.select_related("area", "measure__indicator", "period", "released_by")
    if areas is not None:
        releases = releases.filter(Q(area__in=areas) | Q(area__isnull=True))
    return releases.order_by("-released_at", "-id")


def releases_for(areas: QuerySet[Area] | None) -> QuerySet[Release]:
    """The latest releases of the areas, for the release page."""
    return releases_of(areas)[:RECENT_RELEASES]
