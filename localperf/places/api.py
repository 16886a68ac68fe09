"""Places as JSON: local authority areas, regions and population groups.

Three routers: ``router`` (mounted at /areas), ``regions_router`` (/regions) and
``population_groups_router`` (/population-groups).
"""

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from localperf.places.models import (
    Area,
    AreaType,
    PopulationDimension,
    PopulationGroup,
)
from localperf.places.selectors import (
    LOCAL_AUTHORITY,
    UPPER_TIER,
    area_get,
    area_search,
    population_group_list,
    region_list,
)
from localperf.web.api import (
    Choice,
    ErrorMessage,
    RegisterPagination,
    choice_of,
    not_in_register,
)

router = Router(tags=["areas"])
regions_router = Router(tags=["areas"])
population_groups_router = Router(tags=["population groups"])

AreaTypeFilter = Literal[(*AreaType.values, UPPER_TIER, LOCAL_AUTHORITY)]


class AreaRef(Schema):
    code: str
    name: str


class AreaQuery(Schema):
    q: str = Field("", max_length=200, description="Name, GSS code or ONS code.")
    type: AreaTypeFilter | None = Field(
        None,
        description=(
            'A type of area; "upper_tier" for the areas of LAAs (county and unitary level); '
            '"local_authority" for every council\'s area.'
        ),
    )
    region: str = Field("", max_length=40, description="A region's GSS code, e.g. E12000008.")
    live_on: datetime.date | None = Field(
        None, description="Only areas in existence on this day; by default every area."
    )
    parent: str = Field(
        "", max_length=40, description="The code of a county: its districts (rule A12)."
    )


class AreaOut(Schema):
    code: str = Field(description="The GSS code where one exists.")
    name: str
    type: Choice
    upper_tier: bool = Field(description="A county or unitary-level area: the area of an LAA.")
    gss_code: str | None
    ons_code: str | None = Field(description="The older ONS code, e.g. 00EB.")
    later_gss_code: str | None = Field(description="The code after a later recoding.")
    region: AreaRef | None
    parent: AreaRef | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    council_name: str | None

    @staticmethod
    def resolve_type(obj: Area) -> Choice | None:
        return choice_of(AreaType, obj.area_type)

    @staticmethod
    def resolve_later_gss_code(obj: Area) -> str | None:
        return obj.later_gss_code or None

    @staticmethod
    def resolve_council_name(obj: Area) -> str | None:
        return obj.council_name or None


class AreaDetailOut(AreaOut):
    successors: list[AreaRef] = Field(description="Areas that took over when this one ended.")
    predecessors: list[AreaRef]
    children: list[AreaRef] = Field(description="The districts of a county.")
    members: list[AreaRef] = Field(description="For a group of areas: the areas it is made of.")
    notes: str | None

    @staticmethod
    def resolve_successors(obj: Area) -> list[Area]:
        return list(obj.successors.all())

    @staticmethod
    def resolve_predecessors(obj: Area) -> list[Area]:
        return list(obj.predecessors.all())

    @staticmethod
    def resolve_children(obj: Area) -> list[Area]:
        return list(obj.children.order_by("name", "code"))

    @staticmethod
    def resolve_members(obj: Area) -> list[Area]:
        return list(obj.members.all())

    @staticmethod
    def resolve_notes(obj: Area) -> str | None:
        return obj.notes or None


class RegionOut(Schema):
    code: str
    name: str
    upper_tier_count: int = Field(description="Upper-tier areas in the region from 1 April 2009.")
    district_count: int = Field(description="Districts in the region from 1 April 2009.")


class PopulationGroupOut(Schema):
    dimension: Choice
    code: str
    label: str

    @staticmethod
    def resolve_dimension(obj: PopulationGroup) -> Choice | None:
        return choice_of(PopulationDimension, obj.dimension)


@router.get("", response=list[AreaOut], url_name="area_list")
@paginate(RegisterPagination)
def list_areas(request, filters: Query[AreaQuery]):
    """Regions and local authority areas, ordered by name."""
    return area_search(
        q=filters.q,
        area_type=filters.type or "",
        region=filters.region,
        parent=filters.parent or "",
        live_on=filters.live_on,
    )


@router.get("/{code}", response={200: AreaDetailOut, 404: ErrorMessage}, url_name="area_detail")
def get_area(request, code: str):
    """One area by its GSS code, older ONS code or later GSS code."""
    area = area_get(code)
    if area is None:
        raise not_in_register("area", "code", code)
    return area


@regions_router.get("", response=list[RegionOut], url_name="region_list")
@paginate(RegisterPagination)
def list_regions(request):
    """The nine English regions, with their upper-tier areas and districts counted."""
    return region_list().order_by("name")


@population_groups_router.get("", response=list[PopulationGroupOut], url_name="population_groups")
@paginate(RegisterPagination)
def list_population_groups(request, dimension: PopulationDimension | None = None):
    """Groups of people an indicator can be broken down by (rule D4, A6)."""
    return population_group_list(dimension=dimension or "")
