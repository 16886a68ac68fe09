"""The provisional figures waiting for their release, for the home page's work list: a
performance manager releases its area's (and its districts') figures
(``releases.releasable_areas``, the same rule as the release page and the service)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse

from localperf.observations.models import Observation
from localperf.observations.releases import releasable_areas
from localperf.web.work import WorkItem


def release_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """One item when provisional figures of the user's areas wait for release; none for
    an administrator (every area's, which the Data page shows) or anyone who releases
    nothing. Two queries."""
    areas = releasable_areas(user)
    if areas is None:
        return []
    count = Observation.objects.current().unreleased().filter(area__in=areas).count()
    if not count:
        return []
    figures = f"{count} provisional figure{'s' if count != 1 else ''}"
    return [
        WorkItem(
            f"Release {figures}",
            reverse("observations:releases"),
            "Provisional figures are hidden from the public until you release them.",
            source="releases",
        )
    ]
