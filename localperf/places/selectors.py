"""Queries over places."""

import datetime

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)

from localperf.calculations.names import name_key, name_matches, same_name
from localperf.places.models import Area, AreaType, PopulationGroup

RESTRUCTURING_DAY = datetime.date(2009, 4, 1)


def area_find(code: str) -> Area | None:
    """An area by its GSS code, older ONS code, later GSS code or our own code, with its
    region and parent: one query, for pages that show nothing more of it."""
    return Area.objects.with_code(code).select_related("region", "parent").first()


def area_get(code: str) -> Area | None:
    """``area_find``'s area with its successors, predecessors and members (the area's own
    page and the API list them)."""
    area = area_find(code)
    if area is not None:
        prefetch_related_objects([area], "successors", "predecessors", "members")
    return area


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
    region, parent (by any of its codes) and the day they were in existence. Words are
    matched as people type them (``calculations.names``: "St Helens", "Kings Lynn",
    "Westminster City of", "Hull" but not Solihull), against the area's name and its
    council's; an exact name or code comes first."""
    areas = Area.objects.select_related("region", "parent")
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
    if q.strip():
        areas = _matching(areas, q.strip())
        return areas.order_by("-exact", "name", "code")
    return areas.order_by("name", "code")


def _matching(areas: QuerySet[Area], text: str) -> QuerySet[Area]:
    """The areas whose code is ``text`` or whose name (or council's name) it matches,
    marked ``exact`` when the code or the whole name is what was typed. The names are
    compared in Python: a few hundred short rows, one query."""
    wanted = name_key(text)
    code = text.upper()
    found, exact = [], []
    rows = areas.values_list("pk", "name", "council_name", "code", "gss_code", "ons_code")
    for pk, name, council, *codes in rows:
        if code in {c.upper() for c in codes if c}:
            found.append(pk)
            exact.append(pk)
        elif name_matches(wanted, name, council):
            found.append(pk)
            if same_name(text, name):
                exact.append(pk)
    return areas.filter(pk__in=found).annotate(
        exact=Case(When(pk__in=exact, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


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
