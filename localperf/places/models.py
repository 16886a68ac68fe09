"""Places: England, regions, local authority areas, lower areas, custom groups, population
groups."""

import datetime

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class AreaType(models.TextChoices):
    # England as a whole (GSS E92000001): where national figures for comparison live.
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY = "county", "County"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"
    LONDON_BOROUGH = "london_borough", "London borough"
    CITY_OF_LONDON = "city_of_london", "City of London"
    ISLES_OF_SCILLY = "isles_of_scilly", "Isles of Scilly"
    DISTRICT = "district", "District"
    SUB_REGION = "sub_region", "Sub-region"
    POLICE_FORCE_AREA = "police_force_area", "Police force area"
    WARD = "ward", "Ward"
    LSOA = "lsoa", "Lower layer super output area"
    CUSTOM = "custom", "Custom group of areas"


# Levels whose areas are made of other areas (rule A6, A7, D8).
GROUP_TYPES = frozenset({AreaType.SUB_REGION, AreaType.POLICE_FORCE_AREA, AreaType.CUSTOM})
LOCAL_AUTHORITY_TYPES = frozenset(
    {
        AreaType.COUNTY,
        AreaType.UNITARY,
        AreaType.METROPOLITAN_DISTRICT,
        AreaType.LONDON_BOROUGH,
        AreaType.CITY_OF_LONDON,
        AreaType.ISLES_OF_SCILLY,
        AreaType.DISTRICT,
    }
)


# The two sets of councils figures are compared within (issue 15, rule N1). Never mixed:
# a shire district is never ranked among counties, nor a county among districts. The
# single-tier councils (unitaries, metropolitan districts, London boroughs) are in both.
LOWER_TIER_TYPES = LOCAL_AUTHORITY_TYPES - {AreaType.COUNTY}


class Tier(models.TextChoices):
    UPPER = "upper", "Upper tier: counties and unitary authorities (the areas of LAAs)"
    LOWER = (
        "lower",
        ("Lower tier: districts, metropolitan districts, unitary authorities and London boroughs"),
    )

    @property
    def short(self) -> str:
        return "upper-tier" if self is Tier.UPPER else "lower-tier"


def tier_q(tier: Tier | str, via: str = "") -> Q:
    """The areas of ``tier``, as a filter on ``Area`` or, with ``via`` ("area__"), on
    what points to one."""
    if Tier(tier) is Tier.UPPER:
        return Q(**{f"{via}upper_tier": True, f"{via}area_type__in": LOCAL_AUTHORITY_TYPES})
    return Q(**{f"{via}area_type__in": LOWER_TIER_TYPES})


def tiers_of(area_type: str, upper_tier: bool) -> frozenset[Tier]:
    """The tiers an area of this type belongs to (none for a region or a ward)."""
    tiers = set()
    if upper_tier and area_type in LOCAL_AUTHORITY_TYPES:
        tiers.add(Tier.UPPER)
    if area_type in LOWER_TIER_TYPES:
        tiers.add(Tier.LOWER)
    return frozenset(tiers)


class AreaQuerySet(models.QuerySet):
    def in_tier(self, tier: Tier | str) -> "AreaQuerySet":
        return self.filter(tier_q(tier))

    def live_on(self, day: datetime.date) -> "AreaQuerySet":
        """Areas in existence on ``day``; an open start means 'before GSS codes began'."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def upper_tier(self) -> "AreaQuerySet":
        return self.filter(upper_tier=True)

    def regions(self) -> "AreaQuerySet":
        return self.filter(area_type=AreaType.REGION)

    def countries(self) -> "AreaQuerySet":
        return self.filter(area_type=AreaType.COUNTRY)

    def local_authorities(self) -> "AreaQuerySet":
        return self.filter(area_type__in=LOCAL_AUTHORITY_TYPES)

    def with_code(self, code: str) -> "AreaQuerySet":
        """Match a GSS code, the older ONS code or a later recoded GSS code."""
        code = code.strip().upper()
        return self.filter(
            Q(code__iexact=code) | Q(gss_code=code) | Q(ons_code=code) | Q(later_gss_code=code)
        )


class Area(models.Model):
    """Any place the framework measures: a region, an authority, a ward, a custom group."""

    # The code shown and used in URLs: the GSS code where one exists, otherwise our own.
    code = models.CharField(max_length=40, unique=True)
    gss_code = models.CharField("GSS code", max_length=9, unique=True, null=True, blank=True)
    ons_code = models.CharField("ONS code", max_length=12, unique=True, null=True, blank=True)
    later_gss_code = models.CharField(
        "later GSS code", max_length=9, blank=True, help_text="Code after a later recoding."
    )
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=32, choices=AreaType.choices)
    upper_tier = models.BooleanField(
        default=False, help_text="A county or unitary-level area: the area of an LAA."
    )
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas_in_region",
        limit_choices_to={"area_type": AreaType.REGION},
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The county of a district, the district of a ward.",
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="groups",
        help_text="For sub-regions and custom groups: the areas it is made of.",
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text="Areas that took over when this one ended (April 2009 restructuring).",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    laa_2008_11 = models.CharField(
        "LAA 2008–11", max_length=40, blank=True, help_text="Whether an LAA is confirmed."
    )
    council_name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()
    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="area_valid_range",
            )
        ]
        indexes = [models.Index(fields=["area_type", "upper_tier"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_live_on(self, day: datetime.date) -> bool:
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or self.valid_to >= day)

    @property
    def is_group(self) -> bool:
        return self.area_type in GROUP_TYPES

    @property
    def tiers(self) -> frozenset[Tier]:
        return tiers_of(self.area_type, self.upper_tier)


class PopulationDimension(models.TextChoices):
    # Every figure is for some group of people; "all" is the whole population, so that a
    # figure's natural key (measure, area, period, group) never holds a null.
    ALL = "all", "Whole population"
    AGE = "age", "Age"
    SEX = "sex", "Sex"
    ETHNICITY = "ethnicity", "Ethnicity"
    DISABILITY = "disability", "Disability"
    CLIENT_GROUP = "client_group", "Client group"
    OTHER = "other", "Other"


WHOLE_POPULATION = ("all", "all")


class PopulationGroupQuerySet(models.QuerySet):
    def breakdowns(self) -> "PopulationGroupQuerySet":
        """The groups a figure can be broken down by (everything but the whole population)."""
        return self.exclude(dimension=PopulationDimension.ALL)

    def whole_population(self) -> "PopulationGroup":
        return self.get(dimension=WHOLE_POPULATION[0], code=WHOLE_POPULATION[1])


class PopulationGroup(models.Model):
    """A group of people an indicator can be disaggregated by (rule D4, A6)."""

    dimension = models.CharField(max_length=20, choices=PopulationDimension.choices)
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)

    history = HistoricalRecords()
    objects = PopulationGroupQuerySet.as_manager()

    class Meta:
        ordering = ["dimension", "label"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="population_group_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.label}"
