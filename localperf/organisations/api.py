"""Organisations as JSON: councils, partner authorities, voluntary partners, government."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from localperf.organisations.models import Organisation, OrganisationKind, PartnerStanding
from localperf.organisations.selectors import organisation_get, organisation_search
from localperf.web.api import (
    Choice,
    ErrorMessage,
    RegisterPagination,
    choice_of,
    not_in_register,
)

router = Router(tags=["organisations"])


class ServedAreaRef(Schema):
    code: str
    name: str


class OrganisationQuery(Schema):
    q: str = Field("", max_length=200, description="Name, slug or register code.")
    kind: OrganisationKind | None = None
    standing: PartnerStanding | None = Field(
        None, description="The legal standing that follows from the kind (rule A9)."
    )
    include_inactive: bool = Field(False, description="Include councils abolished in April 2009.")


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: Choice
    standing: Choice
    owes_duty_to_have_regard: bool = Field(
        description="A partner authority owes the duty to have regard to targets it signs up "
        "to; a voluntary partner does not (rule A9)."
    )
    area: ServedAreaRef | None = Field(
        description="The area served: a council's area, a GO's region."
    )
    register_code: str | None
    active: bool

    @staticmethod
    def resolve_kind(obj: Organisation) -> Choice | None:
        return choice_of(OrganisationKind, obj.kind)

    @staticmethod
    def resolve_standing(obj: Organisation) -> Choice | None:
        return choice_of(PartnerStanding, obj.standing)

    @staticmethod
    def resolve_register_code(obj: Organisation) -> str | None:
        return obj.register_code or None


@router.get("", response=list[OrganisationOut], url_name="organisation_list")
@paginate(RegisterPagination)
def list_organisations(request, filters: Query[OrganisationQuery]):
    """Organisations by name; active ones unless `include_inactive`."""
    return organisation_search(
        q=filters.q,
        kind=filters.kind or "",
        standing=filters.standing or "",
        include_inactive=filters.include_inactive,
    )


@router.get(
    "/{slug}",
    response={200: OrganisationOut, 404: ErrorMessage},
    url_name="organisation_detail",
)
def get_organisation(request, slug: str):
    """One organisation by its slug, e.g. "go-london"."""
    organisation = organisation_get(slug)
    if organisation is None:
        raise not_in_register("organisation", "slug", slug)
    return organisation
