"""Comparator groups a government user may use."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from localperf.national.models import ComparatorGroup
from localperf.national.permissions import has
from localperf.places.models import Area, Tier, tier_q, tiers_of
from localperf.places.selectors import RESTRUCTURING_DAY


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
    """Areas a comparator group can hold: council areas of either tier (the group's
    members must then share one, ``services``), live after the 2009 restructuring."""
    return Area.objects.filter(tier_q(Tier.UPPER) | tier_q(Tier.LOWER)).live_on(RESTRUCTURING_DAY)


def comparator_tiers(group: ComparatorGroup) -> frozenset[Tier]:
    """The tiers holding every member of the group (rule N1): both for a group of
    single-tier councils, one for any other."""
    members = list(group.members.values_list("area_type", "upper_tier"))
    if not members:
        return frozenset(Tier)
    return frozenset.intersection(*(tiers_of(kind, upper) for kind, upper in members))
