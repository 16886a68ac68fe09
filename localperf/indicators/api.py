"""The indicator catalogue as JSON: the National Indicator Set and local indicators."""

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from localperf.indicators.models import (
    Indicator,
    IndicatorKind,
    IndicatorStatus,
    Measure,
    Polarity,
    ReportingFrequency,
    Theme,
)
from localperf.indicators.selectors import IndicatorFilters, indicator_get, indicator_list
from localperf.web.api import (
    Choice,
    ErrorMessage,
    RegisterPagination,
    choice_of,
    not_in_register,
)

router = Router(tags=["indicators"])


def polarity_choice(value: str) -> Choice:
    """Blank polarity means "not simply higher or lower"; the API calls it ``not_simple``."""
    return Choice(value=value or "not_simple", label=Polarity(value).label)


class OrganisationRef(Schema):
    slug: str
    name: str


class IndicatorQuery(Schema):
    q: str = Field("", max_length=200, description="Number, code, or words of title.")
    kind: IndicatorKind | None = None
    theme: Theme | None = None
    department: str = Field("", max_length=100, description='Lead department, e.g. "DCSF".')
    source: Literal["survey", "administrative"] | None = None
    polarity: Literal["higher", "lower", "not_simple"] | None = None
    first_year: Literal["2008/09", "deferred"] | None = Field(
        None, description='"deferred": first reported after 2008/09 (rule D2).'
    )
    statutory: bool = Field(
        False, description="Only statutory education and early years indicators (rule D3)."
    )
    include_deleted: bool = Field(False, description="Include deleted indicators (NI 31).")

    def to_filters(self) -> IndicatorFilters:
        blank_for_any = {k: "" if v is None else v for k, v in self.model_dump().items()}
        return IndicatorFilters(**blank_for_any)


class IndicatorOut(Schema):
    code: str = Field(description='"NI 195", or a local indicator\'s code.')
    number: int | None
    slug: str = Field(description='The code as used in URLs: "ni-195".')
    title: str
    kind: Choice
    status: Choice
    theme: Choice | None
    department: str | None
    source: Literal["survey", "administrative"]
    survey: str | None
    polarity: Choice
    unit: str | None
    first_year: str
    is_deferred: bool
    statutory_education: bool
    reporting_frequency: Choice
    has_confidence_intervals: bool
    measure_count: int = Field(
        description="Measures as the 2008 handbook counts them (rule D4): the parts of a "
        "multi-part indicator, else 1 for the indicator as a whole."
    )
    withdrawn_from: datetime.date | None = Field(
        description="Rules A3, D3: no target or figure for a period ending on or after it."
    )
    withdrawal_reason: str

    @staticmethod
    def resolve_kind(obj: Indicator) -> Choice | None:
        return choice_of(IndicatorKind, obj.kind)

    @staticmethod
    def resolve_status(obj: Indicator) -> Choice | None:
        return choice_of(IndicatorStatus, obj.status)

    @staticmethod
    def resolve_theme(obj: Indicator) -> Choice | None:
        return choice_of(Theme, obj.theme)

    @staticmethod
    def resolve_department(obj: Indicator) -> str | None:
        return obj.department or None

    @staticmethod
    def resolve_source(obj: Indicator) -> str:
        return "survey" if obj.is_survey else "administrative"

    @staticmethod
    def resolve_survey(obj: Indicator) -> str | None:
        return obj.survey or None

    @staticmethod
    def resolve_polarity(obj: Indicator) -> Choice:
        return polarity_choice(obj.polarity)

    @staticmethod
    def resolve_unit(obj: Indicator) -> str | None:
        return obj.unit or None

    @staticmethod
    def resolve_reporting_frequency(obj: Indicator) -> Choice | None:
        return choice_of(ReportingFrequency, obj.reporting_frequency)

    @staticmethod
    def resolve_measure_count(obj: Indicator) -> int:
        count = getattr(obj, "measure_count", None)
        if count is not None:
            return count
        # As ``indicator_list`` counts (rule D4): the parts, else the whole measure.
        measures = obj.measures.all()
        return sum(1 for m in measures if m.part) or len(measures)


class MeasureOut(Schema):
    code: str = Field(description='"NI 157a", or the indicator\'s code for a single measure.')
    part: str | None
    title: str
    unit: str | None
    polarity: Choice
    disaggregations: list[str] = Field(description="Population dimensions (rule D4).")
    source: str | None = Field(description="Where a part's definition comes from (rule D4).")

    @staticmethod
    def resolve_part(obj: Measure) -> str | None:
        return obj.part or None

    @staticmethod
    def resolve_source(obj: Measure) -> str | None:
        return obj.source or None

    @staticmethod
    def resolve_unit(obj: Measure) -> str | None:
        return obj.effective_unit or None

    @staticmethod
    def resolve_polarity(obj: Measure) -> Choice:
        return polarity_choice(obj.effective_polarity)


class DefinitionVersionOut(Schema):
    version: int
    effective_from: datetime.date
    effective_to: datetime.date | None
    summary: str
    breaks_comparison: bool = Field(description="Values either side are not comparable (D6).")
    source: str | None

    @staticmethod
    def resolve_source(obj) -> str | None:
        return obj.source or None


class IndicatorDetailOut(IndicatorOut):
    description: str | None
    owner: OrganisationRef | None = Field(description="For a local indicator (rule D9).")
    measures: list[MeasureOut]
    definition_versions: list[DefinitionVersionOut]

    @staticmethod
    def resolve_description(obj: Indicator) -> str | None:
        return obj.description or None

    @staticmethod
    def resolve_measures(obj: Indicator) -> list[Measure]:
        return list(obj.measures.all())

    @staticmethod
    def resolve_definition_versions(obj: Indicator):
        return list(obj.definition_versions.all())


@router.get("", response=list[IndicatorOut], url_name="indicator_list")
@paginate(RegisterPagination)
def list_indicators(request, filters: Query[IndicatorQuery]):
    """The catalogue, filtered as on the web; live indicators unless `include_deleted`."""
    return indicator_list(filters.to_filters())


@router.get(
    "/{code}",
    response={200: IndicatorDetailOut, 404: ErrorMessage},
    url_name="indicator_detail",
)
def get_indicator(request, code: str):
    """One indicator by "NI 195", "ni-195", "195" or a local code, with its measures and
    definition versions."""
    indicator = indicator_get(code)
    if indicator is None:
        raise not_in_register("indicator", "code", code)
    return indicator
