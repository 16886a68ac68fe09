"""Queries over places."""

import datetime

from django.db.models import Count, Q, QuerySet

from localperf.places.models import Area, AreaType, PopulationGroup

RESTRUCTURING_DAY = datetime.date(2009, 4, 1)


def area_get(code: str) -> Area | None:
    """An area by its GSS code, older ONS code, later GSS code or our own code."""
    return (
        Area.objects.with_code(code)
        .select_related("region", "parent")
        .prefetch_related("successors", "predecessors", "members")
        .first()
    )


def region_list() -> QuerySet[Area]:
    live = Q(areas_in_region__valid_to__isnull=True) | Q(
        areas_in_region__valid_to__gte=RESTRUCTURING_DAY
    )
    return Area.objects.regions().annotate(
        upper_tier_count=Count(
            "areas_in_region", filter=live & Q(areas_in_region__upper_tier=True)
        ),
        district_count=Count(
            "areas_in_region", filter=live & Q(areas_in_region__area_type=AreaType.DISTRICT)
        ),
    )


LOCAL_AUTHORITY = "local_authority"
UPPER_TIER = "upper_tier"


def area_search(
    *,
    q: str = "",
    area_type: str = "",
    region: str = "",
    parent: str = "",
    live_on: datetime.date | None = None,
) -> QuerySet[Area]:
    """Areas by words or code, type (an AreaType, "upper_tier" or "local_authority"),
    region, parent (by any of its codes) and the day they were in existence."""
    areas = Area.objects.select_related("region", "parent")
    if q.strip():
        text = q.strip()
        areas = areas.filter(
            Q(name__icontains=text)
            | Q(code__iexact=text)
            | Q(gss_code__iexact=text)
            | Q(ons_code__iexact=text)
        )
    if area_type == UPPER_TIER:
        areas = areas.upper_tier()
    elif area_type == LOCAL_AUTHORITY:
        areas = areas.local_authorities()
    elif area_type:
        areas = areas.filter(area_type=area_type)
    if region:
        areas = areas.filter(Q(region__code=region) | Q(region__name__iexact=region))
    if parent:
        areas = areas.filter(parent__in=Area.objects.with_code(parent))
    if live_on:
        areas = areas.live_on(live_on)
    return areas.order_by("name", "code")


def population_group_list(*, dimension: str = "") -> QuerySet[PopulationGroup]:
    groups = PopulationGroup.objects.breakdowns().order_by("dimension", "label")
    return groups.filter(dimension=dimension) if dimension else groups


def areas_in_region(region: Area, *, day: datetime.date = RESTRUCTURING_DAY) -> QuerySet[Area]:
    return (
        Area.objects.filter(region=region)
        .upper_tier()
        .live_on(day)
        .annotate(district_count=Count("children"))
        .order_by("name")
    )


def restructured_areas() -> QuerySet[Area]:
    """Areas that ended with the April 2009 restructuring, with their successors."""
    return (
        Area.objects.filter(successors__isnull=False)
        .distinct()
        .select_related("region", "parent")
        .prefetch_related("successors")
        .order_by("region__name", "area_type", "name")
    )


def area_page(area: Area) -> dict:
    """What an area's page shows: a region's upper-tier areas, or any other area's
    children, and the organisations that serve it."""
    context = {"area": area, "restructuring_day": RESTRUCTURING_DAY}
    if area.area_type == AreaType.REGION:
        context["upper_tier_areas"] = areas_in_region(area)
    else:
        context["children"] = area.children.order_by("name")
    context["organisations"] = area.organisations.order_by("name")
    return context
