"""Queries over the indicator catalogue."""

from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from localperf.indicators.models import (
    FIRST_NIS_YEAR,
    Indicator,
    IndicatorKind,
    IndicatorStatus,
    Measure,
    parse_measure_code,
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
    """How many indicators the catalogue holds, national and local, and how many measures
    they are: the one count the catalogue and the home page show (rule D1: 198 live
    national indicators; rule D4: more measures, once multi-part indicators count each
    part)."""

    national: int
    local: int
    measures: int = 0

    @property
    def total(self) -> int:
        return self.national + self.local


def indicator_counts(filters: IndicatorFilters = IndicatorFilters()) -> IndicatorCounts:
    """The catalogue's count for ``filters`` (everything live, unfiltered). Two queries."""
    indicators = _filtered(filters)
    by_kind = dict(indicators.order_by().values_list("kind").annotate(n=Count("id", distinct=True)))
    return IndicatorCounts(
        national=by_kind.get(IndicatorKind.NATIONAL, 0),
        local=by_kind.get(IndicatorKind.LOCAL, 0),
        measures=reported_measures().filter(indicator__in=indicators.values("pk")).count(),
    )


def reported_measures() -> QuerySet[Measure]:
    """The measures as the 2008 handbook counts them (rule D4): each part of a multi-part
    indicator (NI 195a–d are four), and the indicator as a whole where it has no parts.
    The whole-indicator measure of a multi-part indicator still exists (figures and
    targets that name only "NI 195" sit on it) but is not counted again beside its parts."""
    multi_part = Measure.objects.exclude(part="").values("indicator_id")
    return Measure.objects.exclude(part="", indicator_id__in=multi_part)


def indicator_list(filters: IndicatorFilters = IndicatorFilters()) -> QuerySet[Indicator]:
    """The catalogue in its order (``CATALOGUE_ORDER``), each with its number of measures
    and its parts (``parts``: NI 195a–d under NI 195; empty for a one-measure indicator)."""
    parts = Prefetch(
        "measures", queryset=Measure.objects.exclude(part="").order_by("part"), to_attr="parts"
    )
    # Each indicator's share of ``reported_measures``: its parts, else its whole measure.
    part_count = Count("measures", filter=~Q(measures__part=""))
    whole_count = Count("measures", filter=Q(measures__part=""))
    measure_count = Case(When(part_count__gt=0, then="part_count"), default="whole_count")
    return (
        _filtered(filters)
        .annotate(part_count=part_count, whole_count=whole_count)
        .annotate(measure_count=measure_count)
        .prefetch_related(parts)
        .order_by(*CATALOGUE_ORDER)
    )


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


def measure_get(code: str) -> Measure | None:
    """One part of a national indicator by "NI 195a", "ni-195a" or "NI195 A" (rule D4); None
    when ``code`` names no part (a whole indicator is ``indicator_get``'s)."""
    parsed = parse_measure_code(code)
    if parsed is None:
        return None
    number, part = parsed
    return (
        Measure.objects.filter(
            indicator__kind=IndicatorKind.NATIONAL, indicator__number=number, part=part
        )
        .select_related("indicator")
        .first()
    )


def measure_siblings(measure: Measure) -> list[Measure]:
    """Every part of ``measure``'s indicator, itself included, in part order."""
    return list(measure.indicator.measures.exclude(part="").order_by("part"))


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
