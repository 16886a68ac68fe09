"""Evidence for reviewing the National Indicator Set (issue 15 item 4; rule N1 and the
Improvement Board paper of November 2009, `003_…` item 2c): what the paper compiled by
hand, from the facts held here. Per national indicator: how many counted LAAs designated
it and how many counted MAAs carry a target on it (rule X2, as ``indicator_selection``
counts them), the data source (survey or administrative), how long figures take to
arrive after the period ends, the levels of area figures exist for (rule D8),
definition changes that break comparison (rule D6), and how its designated targets
stand at their latest assessed period; and the set's balance by theme. A fixed number of queries."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Max, Min

from localperf.agreements.models import TargetCategory
from localperf.calculations.rag import Rating
from localperf.indicators.models import DefinitionVersion, Indicator, IndicatorKind
from localperf.monitoring.models import Assessment
from localperf.national.selectors.common import COUNTED_STATUSES, FEW_AGREEMENTS
from localperf.national.selectors.selection import Selection, indicator_selection
from localperf.observations.models import Observation
from localperf.places.models import AreaType

RATED = (Rating.GREEN, Rating.AMBER, Rating.RED)


@dataclass(frozen=True)
class ReviewRow:
    code: str
    number: int
    title: str
    theme: str
    department: str
    source: str  # "Survey: Place Survey" or "Administrative"
    frequency: str
    agreements: int
    maas: int  # rule X2: counted MAAs carrying a target on it (own, or an LAA's by link)
    lag_days: int | None  # median days from a period's end to its first figure
    levels: tuple[str, ...]  # the kinds of area figures exist for
    definition_changes: int
    targets_rated: int
    targets_on_track: int
    targets_behind: int

    @property
    def chosen_by_few(self) -> bool:
        return self.agreements <= FEW_AGREEMENTS

    @property
    def is_survey(self) -> bool:
        return self.source != "Administrative"


@dataclass(frozen=True)
class Review:
    rows: list[ReviewRow]
    selection: Selection

    @property
    def by_theme(self) -> list[tuple[str, int, int, int, int]]:
        """Per indicator theme: indicators, how many are survey-based, how many few
        agreements (or none) chose, how many some MAA carries."""
        themes: dict[str, list[ReviewRow]] = defaultdict(list)
        for row in self.rows:
            themes[row.theme].append(row)
        return [
            (
                theme,
                len(rows),
                sum(r.is_survey for r in rows),
                sum(r.chosen_by_few for r in rows),
                sum(1 for r in rows if r.maas),
            )
            for theme, rows in sorted(themes.items())
        ]

    @property
    def maa_chosen_count(self) -> int:
        """Indicators some counted Multi Area Agreement carries a target on."""
        return sum(1 for r in self.rows if r.maas)

    @property
    def few_count(self) -> int:
        return sum(r.chosen_by_few for r in self.rows)

    @property
    def survey_count(self) -> int:
        return sum(r.is_survey for r in self.rows)

    @property
    def other_level_count(self) -> int:
        return sum(1 for r in self.rows if set(r.levels) - LOCAL_LEVELS)


LOCAL_LEVELS = {
    AreaType(t).label
    for t in (
        AreaType.COUNTY,
        AreaType.UNITARY,
        AreaType.METROPOLITAN_DISTRICT,
        AreaType.LONDON_BOROUGH,
        AreaType.CITY_OF_LONDON,
        AreaType.ISLES_OF_SCILLY,
        AreaType.DISTRICT,
        AreaType.COUNTRY,
    )
}


def _lags() -> dict[int, int]:
    """Each indicator's median days from a period's end to the first figure received."""
    days: dict[int, list[int]] = defaultdict(list)
    for indicator_id, end, first in (
        Observation.objects.values("measure__indicator_id", "period_id", "period__end")
        .annotate(first=Min("recorded_at"))
        .values_list("measure__indicator_id", "period__end", "first")
        .order_by()
    ):
        days[indicator_id].append((first.date() - end).days)
    return {i: round(statistics.median(d)) for i, d in days.items()}


def _levels() -> dict[int, set[str]]:
    levels: dict[int, set[str]] = defaultdict(set)
    for indicator_id, area_type in (
        Observation.objects.values_list("measure__indicator_id", "area__area_type")
        .distinct()
        .order_by()
    ):
        levels[indicator_id].add(AreaType(area_type).label)
    return levels


def _target_standing() -> dict[int, Counter]:
    """Per indicator, the designated targets of counted agreements by the rating of
    their latest rated period."""
    latest = dict(
        Assessment.objects.filter(
            rating__in=RATED,
            target__category=TargetCategory.DESIGNATED,
            target__agreement__status__in=COUNTED_STATUSES,
        )
        .values("target_id")
        .annotate(last=Max("period__end"))
        .values_list("target_id", "last")
        .order_by()
    )
    standing: dict[int, Counter] = defaultdict(Counter)
    for target_id, indicator_id, end, rating in (
        Assessment.objects.filter(target_id__in=list(latest), rating__in=RATED)
        .values_list("target_id", "target__indicator_id", "period__end", "rating")
        .order_by()
    ):
        if latest.get(target_id) == end:
            standing[indicator_id][rating] += 1
    return standing


def nis_review() -> Review:
    """The review evidence for every live national indicator."""
    selection = indicator_selection()
    chosen = {row.indicator_id: row for row in selection.rows}
    lags, levels, standing = _lags(), _levels(), _target_standing()
    changes = Counter(
        DefinitionVersion.objects.filter(breaks_comparison=True).values_list(
            "indicator_id", flat=True
        )
    )
    rows = []
    for indicator in Indicator.objects.filter(kind=IndicatorKind.NATIONAL, pk__in=list(chosen)):
        counts = standing.get(indicator.pk, Counter())
        rows.append(
            ReviewRow(
                code=indicator.code,
                number=indicator.number,
                title=indicator.title,
                theme=indicator.get_theme_display() or "–",
                department=indicator.department,
                source=f"Survey: {indicator.survey}" if indicator.survey else "Administrative",
                frequency=indicator.get_reporting_frequency_display(),
                agreements=chosen[indicator.pk].agreements,
                maas=chosen[indicator.pk].maas,
                lag_days=lags.get(indicator.pk),
                levels=tuple(sorted(levels.get(indicator.pk, ()))),
                definition_changes=changes.get(indicator.pk, 0),
                targets_rated=sum(counts.values()),
                targets_on_track=counts.get(Rating.GREEN, 0),
                targets_behind=counts.get(Rating.RED, 0) + counts.get(Rating.AMBER, 0),
            )
        )
    rows.sort(key=lambda r: r.number)
    return Review(rows=rows, selection=selection)
