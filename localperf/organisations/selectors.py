"""Queries over organisations."""

from django.db.models import Q, QuerySet

from localperf.organisations.models import (
    GOVERNMENT_KINDS,
    PARTNER_AUTHORITY_KINDS,
    RESPONSIBLE_AUTHORITY_KINDS,
    VOLUNTARY_PARTNER_KINDS,
    Organisation,
    PartnerStanding,
)

KINDS_BY_STANDING = {
    PartnerStanding.RESPONSIBLE_AUTHORITY: RESPONSIBLE_AUTHORITY_KINDS,
    PartnerStanding.PARTNER_AUTHORITY: PARTNER_AUTHORITY_KINDS,
    PartnerStanding.VOLUNTARY_PARTNER: VOLUNTARY_PARTNER_KINDS,
    PartnerStanding.GOVERNMENT: GOVERNMENT_KINDS,
}


def organisation_search(
    *, q: str = "", kind: str = "", standing: str = "", include_inactive: bool = False
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("area")
    if q.strip():
        text = q.strip()
        organisations = organisations.filter(
            Q(name__icontains=text) | Q(slug__iexact=text) | Q(register_code__iexact=text)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if standing:
        organisations = organisations.of_kinds(KINDS_BY_STANDING[PartnerStanding(standing)])
    if not include_inactive:
        organisations = organisations.filter(active=True)
    return organisations.order_by("name")


def organisation_get(slug: str) -> Organisation | None:
    return Organisation.objects.select_related("area").filter(slug=slug).first()
