"""Comparator groups a government user may use."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from localperf.national.models import ComparatorGroup
from localperf.national.permissions import has
from localperf.places.models import Area, AreaType


def comparator_groups_for(user) -> QuerySet[ComparatorGroup]:
    """The groups a government user may use: their own and every shared one."""
    if not has(user, "national.view_picture"):
        return ComparatorGroup.objects.none()
    return (
        ComparatorGroup.objects.filter(Q(owner_id=user.pk) | Q(shared=True))
        .select_related("owner")
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )


def comparator_group_get_for(user, pk: int) -> ComparatorGroup | None:
    return comparator_groups_for(user).filter(pk=pk).first()


def comparable_areas() -> QuerySet[Area]:
    """Areas a comparator group can hold: the upper-tier areas (the areas of LAAs)."""
    return Area.objects.filter(upper_tier=True).exclude(area_type=AreaType.REGION)
