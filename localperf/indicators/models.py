"""The indicator catalogue: the National Indicator Set and local indicators."""

import datetime
import re

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class IndicatorKind(models.TextChoices):
    NATIONAL = "national", "National indicator"
    LOCAL = "local", "Local indicator"


class IndicatorStatus(models.TextChoices):
    LIVE = "live", "Live"
    DELETED = "deleted", "Deleted"


class Theme(models.TextChoices):
    """The 2008 handbook's grouping of the NIS."""

    STRONGER_COMMUNITIES = "stronger_communities", "Stronger communities"
    SAFER_COMMUNITIES = "safer_communities", "Safer communities"
    CHILDREN_AND_YOUNG_PEOPLE = "children_and_young_people", "Children and young people"
    ADULT_HEALTH_AND_WELLBEING = "adult_health_and_wellbeing", "Adult health and wellbeing"
    TACKLING_EXCLUSION = (
        "tackling_exclusion",
        "Tackling exclusion and promoting equality",
    )
    LOCAL_ECONOMY = "local_economy", "Local economy"
    ENVIRONMENTAL_SUSTAINABILITY = "environmental_sustainability", "Environmental sustainability"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NOT_SIMPLE = "", "Not simply higher or lower"


class ReportingFrequency(models.TextChoices):
    ANNUAL = "annual", "Annual"
    QUARTERLY = "quarterly", "Quarterly"
    HALF_YEARLY = "half_yearly", "Half-yearly"
    BIENNIAL_SURVEY = "biennial_survey", "Biennial survey"
    ROLLING_THREE_YEAR = "rolling_three_year", "Three-year rolling"


PLACE_SURVEY = "Place Survey"
FIRST_NIS_YEAR = "2008/09"


class IndicatorQuerySet(models.QuerySet):
    def national(self) -> "IndicatorQuerySet":
        return self.filter(kind=IndicatorKind.NATIONAL)

    def live(self) -> "IndicatorQuerySet":
        return self.filter(status=IndicatorStatus.LIVE)

    def deferred(self) -> "IndicatorQuerySet":
        """First reported after the NIS began (rule D2)."""
        return self.national().live().exclude(first_year=FIRST_NIS_YEAR)

    def search(self, text: str) -> "IndicatorQuerySet":
        text = text.strip()
        if not text:
            return self
        number = parse_ni_number(text)
        part = parse_measure_code(text)
        query = Q(title__icontains=text) | Q(code__iexact=text) | Q(description__icontains=text)
        if number is not None:
            query |= Q(number=number)
        if part is not None:  # "NI 195a" finds NI 195, the indicator the part belongs to
            parts = Measure.objects.filter(indicator__number=part[0], part=part[1])
            query |= Q(pk__in=parts.values("indicator_id"))
        return self.filter(query)

    def with_code(self, code: str) -> "IndicatorQuerySet":
        number = parse_ni_number(code)
        if number is not None:
            return self.filter(kind=IndicatorKind.NATIONAL, number=number)
        code = code.strip()
        return self.filter(Q(code__iexact=code) | Q(code__iexact=code.replace("-", " ")))


def parse_ni_number(text: str) -> int | None:
    """Read an NI number from "NI 195", "ni195", "NI-195" or "195".

    >>> parse_ni_number("NI 195"), parse_ni_number("ni195"), parse_ni_number(" 7 ")
    (195, 195, 7)
    >>> parse_ni_number("cleanliness") is None
    True
    """
    cleaned = text.strip().upper().removeprefix("NI").strip(" -_")
    return int(cleaned) if cleaned.isdigit() else None


_MEASURE_CODE = re.compile(r"^NI[\s\-_]*(\d{1,3})[\s\-_]*([A-Z]{1,3})$")


def parse_measure_code(text: str) -> tuple[int, str] | None:
    """Read a part of a national indicator from "NI 195a", "ni-195a" or "NI195 A" (rule D4).

    >>> parse_measure_code("NI 195a"), parse_measure_code("ni-195a"), parse_measure_code("NI195 B")
    ((195, 'a'), (195, 'a'), (195, 'b'))
    >>> parse_measure_code("NI 195") is None, parse_measure_code("litter") is None
    (True, True)
    """
    match = _MEASURE_CODE.match(text.strip().upper())
    return (int(match[1]), match[2].lower()) if match else None


def ni_code(number: int) -> str:
    return f"NI {number}"


class Indicator(models.Model):
    """A national indicator (NI 1–199) or a local indicator owned by an agreement's owner."""

    kind = models.CharField(max_length=10, choices=IndicatorKind.choices)
    number = models.PositiveSmallIntegerField(null=True, blank=True, unique=True)
    code = models.CharField(max_length=40, unique=True, help_text='"NI 195", or a local code.')
    title = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=IndicatorStatus.choices, default=IndicatorStatus.LIVE
    )
    theme = models.CharField(max_length=40, choices=Theme.choices, blank=True)
    department = models.CharField(max_length=100, blank=True)
    survey = models.CharField(
        max_length=100, blank=True, help_text="Blank for administrative data."
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    statutory_education = models.BooleanField(
        "statutory education and early years target",
        default=False,
        help_text="Used for the statutory targets agreed with DCSF (rule D3).",
    )
    first_year = models.CharField(max_length=7, default=FIRST_NIS_YEAR)
    reporting_frequency = models.CharField(
        max_length=24, choices=ReportingFrequency.choices, default=ReportingFrequency.ANNUAL
    )
    has_confidence_intervals = models.BooleanField(
        default=False, help_text="Survey values carry confidence intervals (rule D7)."
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_indicators",
        help_text="For a local indicator: the organisation that defined it (rule D9).",
    )
    title_checked = models.BooleanField(default=False)
    metadata_checked = models.CharField(max_length=200, blank=True)
    # Rules A3, D3: a measure can end (Key Stage 3 tests were abolished in October 2008,
    # so NI 74 and NI 83 have no results from 2009). No target or figure after this date.
    withdrawn_from = models.DateField(
        null=True,
        blank=True,
        help_text="The first day the indicator is no longer measured: no target can be set "
        "and no figure recorded for a period ending on or after it.",
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    withdrawal_source = models.CharField(max_length=300, blank=True)
    # Rule L7: an indicator whose source data changed is in the exempted suite.
    source_data_changed = models.BooleanField(
        default=False,
        help_text="The source data changed after the 2009 reward lockdown: its targets "
        "may be renegotiated at the refresh (rule L7, the exempted suite).",
    )

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "number", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="national") & Q(number__isnull=False))
                | (Q(kind="local") & Q(number__isnull=True) & Q(owner__isnull=False)),
                name="indicator_national_has_number_local_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def slug(self) -> str:
        """The code as it appears in URLs: "ni-195"."""
        return self.code.lower().replace(" ", "-")

    @property
    def is_deferred(self) -> bool:
        return self.kind == IndicatorKind.NATIONAL and self.first_year != FIRST_NIS_YEAR

    @property
    def is_live(self) -> bool:
        return self.status == IndicatorStatus.LIVE

    @property
    def is_survey(self) -> bool:
        return bool(self.survey)

    def withdrawn_by(self, day: datetime.date) -> bool:
        """Withdrawn on or before ``day`` (rules A3, D3)."""
        return self.withdrawn_from is not None and self.withdrawn_from <= day

    def withdrawal_problem(self, day: datetime.date, what: str) -> str | None:
        """Why ``what`` (a figure for a period ending on ``day``, a target set on it) is
        refused because the indicator was withdrawn, or None. The one message, for the
        import, the entry grid, the API and the target forms."""
        if not self.withdrawn_by(day):
            return None
        reason = f" ({self.withdrawal_reason})" if self.withdrawal_reason else ""
        return (
            f"{self.code} was withdrawn from {self.withdrawn_from.day} "
            f"{self.withdrawn_from:%B %Y}{reason}: {what} is not accepted."
        )


class Accumulation(models.TextChoices):
    """How part-year figures relate to the year's (the codes of
    ``calculations.measures.Accumulation``)."""

    SNAPSHOT = "snapshot", "Snapshot: a level or rate at a point in time"
    CUMULATIVE = "cumulative", "Cumulative: a count built up from 1 April (year to date)"


class Measure(models.Model):
    """One measure under an indicator (rule D4): NI 157a, or the indicator as a whole."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measures")
    part = models.CharField(
        max_length=10, blank=True, help_text='"a", "b"… for multi-part; blank for the whole.'
    )
    title = models.CharField(max_length=400)
    unit = models.CharField(max_length=100, blank=True, help_text="Blank: the indicator's unit.")
    polarity = models.CharField(
        max_length=10, choices=Polarity.choices, blank=True, help_text="Blank: the indicator's."
    )
    accumulation = models.CharField(
        max_length=10,
        choices=Accumulation.choices,
        default=Accumulation.SNAPSHOT,
        help_text="Set by staff; the reference loader leaves it alone.",
    )
    disaggregations = models.JSONField(
        default=list,
        blank=True,
        help_text="Population dimensions the measure can be broken down by, e.g. ['age', 'sex'].",
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where a part's definition comes from (measures.csv); blank for the whole.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__number", "indicator__code", "part"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "part"], name="measure_unique_part")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def code(self) -> str:
        return f"{self.indicator.code}{self.part}"

    @property
    def slug(self) -> str:
        """The code as it appears in URLs: "ni-195a" (the whole measure: its indicator's)."""
        return self.code.lower().replace(" ", "-")

    @property
    def effective_unit(self) -> str:
        return self.unit or self.indicator.unit

    @property
    def effective_polarity(self) -> str:
        return self.polarity or self.indicator.polarity


class DefinitionVersion(models.Model):
    """A version of an indicator's definition; a change can break comparison (rule D6)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="definition_versions"
    )
    version = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    summary = models.TextField()
    breaks_comparison = models.BooleanField(
        default=False, help_text="Values before and after this version are not comparable."
    )
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="definition_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__lte=models.F("effective_to")),
                name="definition_effective_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} definition v{self.version}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )
