"""Queries over the indicator catalogue."""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When

from localperf.indicators.models import (
    FIRST_NIS_YEAR,
    Indicator,
    IndicatorKind,
    IndicatorStatus,
    Measure,
)


@dataclass(frozen=True)
class IndicatorFilters:
    """What a user can narrow the catalogue by; blank means 'any'."""

    q: str = ""
    kind: str = ""
    theme: str = ""
    department: str = ""
    source: str = ""  # "survey" or "administrative"
    polarity: str = ""  # "higher", "lower" or "not_simple"
    first_year: str = ""  # "2008/09" or "deferred"
    statutory: bool = False
    include_deleted: bool = False


# National indicators first, by number (NI 2 before NI 10), then local ones by code.
CATALOGUE_ORDER = (
    Case(When(kind=IndicatorKind.NATIONAL, then=Value(0)), default=Value(1)),
    "number",
    "code",
)


@dataclass(frozen=True)
class IndicatorCounts:
    """How many indicators the catalogue holds, national and local: the one count the
    catalogue and the home page show (rule D1: 198 live national indicators)."""

    national: int
    local: int

    @property
    def total(self) -> int:
        return self.national + self.local


def indicator_counts(filters: IndicatorFilters = IndicatorFilters()) -> IndicatorCounts:
    """The catalogue's count for ``filters`` (everything live, unfiltered). One query."""
    by_kind = dict(
        _filtered(filters).order_by().values_list("kind").annotate(n=Count("id", distinct=True))
    )
    return IndicatorCounts(
        national=by_kind.get(IndicatorKind.NATIONAL, 0), local=by_kind.get(IndicatorKind.LOCAL, 0)
    )


def indicator_list(filters: IndicatorFilters = IndicatorFilters()) -> QuerySet[Indicator]:
    """The catalogue in its order (``CATALOGUE_ORDER``), each with its number of measures."""
    return _filtered(filters).annotate(measure_count=Count("measures")).order_by(*CATALOGUE_ORDER)


def _filtered(filters: IndicatorFilters) -> QuerySet[Indicator]:
    indicators = Indicator.objects.search(filters.q)
    if not filters.include_deleted:
        indicators = indicators.live()
    if filters.kind:
        indicators = indicators.filter(kind=filters.kind)
    if filters.theme:
        indicators = indicators.filter(theme=filters.theme)
    if filters.department:
        indicators = indicators.filter(department=filters.department)
    if filters.source == "survey":
        indicators = indicators.exclude(survey="")
    elif filters.source == "administrative":
        indicators = indicators.filter(survey="")
    if filters.polarity == "not_simple":
        indicators = indicators.filter(polarity="")
    elif filters.polarity:
        indicators = indicators.filter(polarity=filters.polarity)
    if filters.first_year == "deferred":
        indicators = indicators.exclude(first_year=FIRST_NIS_YEAR)
    elif filters.first_year:
        indicators = indicators.filter(first_year=filters.first_year)
    if filters.statutory:
        indicators = indicators.filter(statutory_education=True)
    return indicators


def indicator_departments() -> list[str]:
    return list(
        Indicator.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def indicator_get(code: str) -> Indicator | None:
    """One indicator by "NI 195", "ni-195", "195" or a local indicator's code."""
    return (
        Indicator.objects.with_code(code)
        .select_related("owner")
        .prefetch_related("measures", "definition_versions")
        .first()
    )


# --- Rule L7: the exempted suite -----------------------------------------------------------
# The one answer to "is this indicator in the exempted suite?": the reward lockdown (which
# versions reward uses) and the 2009/10 refresh (which targets may change) both ask here.
EXEMPT_PLACE_SURVEY = "a Place Survey indicator"
EXEMPT_DEFERRED = "a deferred indicator, first reported after the agreement began"
EXEMPT_SOURCE_CHANGED = "an indicator whose source data changed"


def exempted_suite_reason(indicator: Indicator) -> str | None:
    """Why ``indicator`` is in the exempted suite of rule L7, or None (no query)."""
    if indicator.survey == "Place Survey":
        return EXEMPT_PLACE_SURVEY
    if indicator.is_deferred:
        return EXEMPT_DEFERRED
    if indicator.source_data_changed:
        return EXEMPT_SOURCE_CHANGED
    return None


def measure_search(text: str, *, limit: int = 30) -> list[Measure]:
    """Measures of live indicators whose titles (the measure's or its indicator's) or
    indicator description hold every word of ``text`` ("NEET", "fly posting"), in
    catalogue order: the results list where a page needs one measure and was given
    words instead of a code."""
    words = [w for w in text.replace(",", " ").split() if w]
    if not words:
        return []
    measures = Measure.objects.filter(indicator__status=IndicatorStatus.LIVE)
    for word in words:
        measures = measures.filter(
            Q(title__icontains=word)
            | Q(indicator__title__icontains=word)
            | Q(indicator__description__icontains=word)
        )
    ordered = measures.select_related("indicator").order_by(
        "indicator__kind", "indicator__number", "indicator__code", "part"
    )
    return list(ordered[:limit])
