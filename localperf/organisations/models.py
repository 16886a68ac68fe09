"""Organisations: councils, partner authorities, voluntary partners and government bodies."""

from django.db import models
from simple_history.models import HistoricalRecords


class OrganisationKind(models.TextChoices):
    # Responsible authorities (the council that holds an LAA).
    COUNTY_COUNCIL = "county_council", "County council"
    UNITARY_COUNCIL = "unitary_council", "Unitary council"
    METROPOLITAN_BOROUGH_COUNCIL = "metropolitan_borough_council", "Metropolitan borough council"
    LONDON_BOROUGH_COUNCIL = "london_borough_council", "London borough council"
    # Partner authorities under the duty to co-operate (Local Government and Public
    # Involvement in Health Act 2007, s.104).
    DISTRICT_COUNCIL = "district_council", "District council"
    POLICE_AUTHORITY = "police_authority", "Police authority"
    CHIEF_OFFICER_OF_POLICE = "chief_officer_of_police", "Chief officer of police"
    PRIMARY_CARE_TRUST = "primary_care_trust", "Primary care trust"
    NHS_TRUST = "nhs_trust", "NHS trust or foundation trust"
    FIRE_AND_RESCUE_AUTHORITY = "fire_and_rescue_authority", "Fire and rescue authority"
    JOBCENTRE_PLUS = "jobcentre_plus", "Jobcentre Plus"
    LEARNING_AND_SKILLS_COUNCIL = "learning_and_skills_council", "Learning and Skills Council"
    PROBATION = "probation", "Probation board or trust"
    YOUTH_OFFENDING_TEAM = "youth_offending_team", "Youth offending team"
    REGIONAL_DEVELOPMENT_AGENCY = "regional_development_agency", "Regional development agency"
    ENVIRONMENT_AGENCY = "environment_agency", "Environment Agency"
    NATURAL_ENGLAND = "natural_england", "Natural England"
    HOMES_AND_COMMUNITIES_AGENCY = "homes_and_communities_agency", "Homes and Communities Agency"
    NATIONAL_PARK_AUTHORITY = "national_park_authority", "National park authority"
    TRANSPORT_AUTHORITY = "transport_authority", "Transport authority"
    WASTE_AUTHORITY = "waste_authority", "Joint waste authority"
    HEALTH_AND_SAFETY_EXECUTIVE = "health_and_safety_executive", "Health and Safety Executive"
    CULTURAL_BODY = "cultural_body", "Arts, heritage, museums or sport body"
    # Voluntary partners: may sign up to a target; the duty does not apply (rule A9).
    THIRD_SECTOR = "third_sector", "Third sector organisation"
    BUSINESS = "business", "Business"
    OTHER_VOLUNTARY = "other_voluntary", "Other voluntary partner"
    # Government and inspection.
    GOVERNMENT_OFFICE = "government_office", "Government Office"
    CENTRAL_DEPARTMENT = "central_department", "Central government department"
    INSPECTORATE = "inspectorate", "Inspectorate"


RESPONSIBLE_AUTHORITY_KINDS = frozenset(
    {
        OrganisationKind.COUNTY_COUNCIL,
        OrganisationKind.UNITARY_COUNCIL,
        OrganisationKind.METROPOLITAN_BOROUGH_COUNCIL,
        OrganisationKind.LONDON_BOROUGH_COUNCIL,
    }
)
PARTNER_AUTHORITY_KINDS = frozenset(
    {
        OrganisationKind.DISTRICT_COUNCIL,
        OrganisationKind.POLICE_AUTHORITY,
        OrganisationKind.CHIEF_OFFICER_OF_POLICE,
        OrganisationKind.PRIMARY_CARE_TRUST,
        OrganisationKind.NHS_TRUST,
        OrganisationKind.FIRE_AND_RESCUE_AUTHORITY,
        OrganisationKind.JOBCENTRE_PLUS,
        OrganisationKind.LEARNING_AND_SKILLS_COUNCIL,
        OrganisationKind.PROBATION,
        OrganisationKind.YOUTH_OFFENDING_TEAM,
        OrganisationKind.REGIONAL_DEVELOPMENT_AGENCY,
        OrganisationKind.ENVIRONMENT_AGENCY,
        OrganisationKind.NATURAL_ENGLAND,
        OrganisationKind.HOMES_AND_COMMUNITIES_AGENCY,
        OrganisationKind.NATIONAL_PARK_AUTHORITY,
        OrganisationKind.TRANSPORT_AUTHORITY,
        OrganisationKind.WASTE_AUTHORITY,
        OrganisationKind.HEALTH_AND_SAFETY_EXECUTIVE,
        OrganisationKind.CULTURAL_BODY,
    }
)
VOLUNTARY_PARTNER_KINDS = frozenset(
    {OrganisationKind.THIRD_SECTOR, OrganisationKind.BUSINESS, OrganisationKind.OTHER_VOLUNTARY}
)
GOVERNMENT_KINDS = frozenset(
    {
        OrganisationKind.GOVERNMENT_OFFICE,
        OrganisationKind.CENTRAL_DEPARTMENT,
        OrganisationKind.INSPECTORATE,
    }
)


class PartnerStanding(models.TextChoices):
    RESPONSIBLE_AUTHORITY = "responsible_authority", "Responsible authority"
    PARTNER_AUTHORITY = "partner_authority", "Partner authority (duty to co-operate)"
    VOLUNTARY_PARTNER = "voluntary_partner", "Voluntary partner"
    GOVERNMENT = "government", "Government or inspectorate"


def standing_of(kind: str) -> PartnerStanding:
    """The legal standing that follows from an organisation's kind (rule A9).

    >>> standing_of(OrganisationKind.POLICE_AUTHORITY).label
    'Partner authority (duty to co-operate)'
    >>> standing_of(OrganisationKind.THIRD_SECTOR) == PartnerStanding.VOLUNTARY_PARTNER
    True
    """
    if kind in RESPONSIBLE_AUTHORITY_KINDS:
        return PartnerStanding.RESPONSIBLE_AUTHORITY
    if kind in PARTNER_AUTHORITY_KINDS:
        return PartnerStanding.PARTNER_AUTHORITY
    if kind in VOLUNTARY_PARTNER_KINDS:
        return PartnerStanding.VOLUNTARY_PARTNER
    return PartnerStanding.GOVERNMENT


class OrganisationQuerySet(models.QuerySet):
    def of_kinds(self, kinds) -> "OrganisationQuerySet":
        return self.filter(kind__in=kinds)

    def government_offices(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.GOVERNMENT_OFFICE)


class Organisation(models.Model):
    """A body that holds, signs up to, reviews, approves or inspects agreements."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=OrganisationKind.choices)
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="The area the organisation serves: a council's area, a GO's region.",
    )
    register_code = models.CharField(max_length=12, blank=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def standing(self) -> PartnerStanding:
        return standing_of(self.kind)

    @property
    def owes_duty_to_have_regard(self) -> bool:
        """Partner authorities that sign up to a target owe the duty; voluntary ones do not."""
        return self.standing == PartnerStanding.PARTNER_AUTHORITY
