"""Indicator selection across agreements (rule N1): how many counted agreements
designated each national indicator, and the targets still waiting for a value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from localperf.agreements.holdings import held_pairs
from localperf.agreements.models import (
    Agreement,
    AgreementKind,
    LaaTheme,
    Target,
    TargetCategory,
    TargetSetting,
    TargetStatus,
    TargetVersion,
    TrajectoryValue,
)
from localperf.indicators.models import (
    FIRST_NIS_YEAR,
    Indicator,
    IndicatorKind,
    IndicatorStatus,
)
from localperf.national.selectors.common import (
    COUNTED_STATUSES,
    COUNTED_STATUSES_TEXT,
    FEW_AGREEMENTS,
)
from localperf.places.models import Area
from localperf.web import clock


@dataclass(frozen=True)
class SelectionRow:
    indicator_id: int
    code: str
    number: int
    title: str
    is_deferred: bool
    agreements: int
    by_region: dict[int, int]
    by_theme: dict[str, int]
    # Rule X2: the counted Multi Area Agreements carrying a target on it (own or linked).
    maas: int = 0


@dataclass(frozen=True)
class Selection:
    rows: list[SelectionRow]
    regions: list[Area]
    themes: list[LaaTheme]
    agreement_count: int
    statuses_text: str = COUNTED_STATUSES_TEXT
    maa_count: int = 0

    def few(self, at_most: int = FEW_AGREEMENTS) -> list[SelectionRow]:
        """Indicators chosen by ``at_most`` agreements or fewer, none included."""
        return sorted(
            (row for row in self.rows if row.agreements <= at_most),
            key=lambda row: (row.agreements, row.number),
        )

    def region_counts(self, row: SelectionRow) -> list[int]:
        return [row.by_region.get(region.pk, 0) for region in self.regions]

    def theme_counts(self, row: SelectionRow) -> list[int]:
        return [row.by_theme.get(theme.value, 0) for theme in self.themes]

    def most_chosen(self) -> list[SelectionRow]:
        """Every indicator, the most chosen first (then by number)."""
        return sorted(self.rows, key=lambda row: (-row.agreements, row.number))

    def by_how_many(self) -> list[tuple[str, int]]:
        """How many indicators were chosen by how many agreements, in bands that keep
        the review's question ("five or fewer") whole: none, 1–5, then wider bands."""
        cuts = [0, FEW_AGREEMENTS, 10, 20, 40, 80, 120]
        bands: list[tuple[str, int, int]] = [("No agreement", 0, 0)]
        for low, high in zip(cuts, cuts[1:], strict=False):
            if low >= self.agreement_count:
                break
            top = min(high, self.agreement_count)
            label = (
                f"{low + 1}–{top} agreements"
                if top > low + 1
                else f"{top} agreement{'s' * (top > 1)}"
            )
            bands.append((label, low + 1, high))
        if cuts[-1] < self.agreement_count:
            bands.append((f"More than {cuts[-1]} agreements", cuts[-1] + 1, self.agreement_count))
        return [
            (label, sum(1 for row in self.rows if low <= row.agreements <= high))
            for label, low, high in bands
        ]

    def page(self, *, by: str, sort: str = "count") -> dict:
        """What the selection page shows: each indicator with its counts by region (``by``
        "region") or by theme, the most chosen first (``sort`` "count") or by number,
        and how many indicators few agreements chose."""
        counts = self.region_counts if by == "region" else self.theme_counts
        ordered = self.most_chosen() if sort == "count" else self.rows
        rows = [(row, counts(row)) for row in ordered]
        return {
            "selection": self,
            "rows": rows,
            "by": by,
            "sort": sort,
            "few_count": len(self.few()),
        }

    def few_page(self) -> dict:
        """What the page of indicators chosen by few agreements (or none) shows."""
        few = self.few()
        return {
            "selection": self,
            "few": few,
            "none_count": sum(1 for r in few if r.agreements == 0),
            "at_most": FEW_AGREEMENTS,
        }


def _designated_in_counted() -> QuerySet[Target]:
    return Target.objects.filter(
        category=TargetCategory.DESIGNATED,
        status=TargetStatus.ACTIVE,
        agreement__status__in=COUNTED_STATUSES,
        agreement__kind=AgreementKind.LAA,
    )


def _maas_by_indicator() -> dict[int, int]:
    """Rule X2: per indicator, the counted MAAs holding a target on it, whether their
    own or a constituent LAA's by link (``agreements.holdings``, one query)."""
    counted = Agreement.objects.filter(kind=AgreementKind.MAA, status__in=COUNTED_STATUSES)
    pairs = {(indicator_id, agreement_id) for agreement_id, _, indicator_id in held_pairs(counted)}
    counts: dict[int, int] = defaultdict(int)
    for indicator_id, _ in pairs:
        counts[indicator_id] += 1
    return counts


def indicator_selection() -> Selection:
    """For every live national indicator: how many counted agreements designated a
    target on it, in all, by region and by theme. An agreement with two designated
    targets on one indicator (for different scopes or themes) counts once. Four
    queries: the designated targets' (indicator, agreement, region, theme), each
    distinct once, counted here into sets of agreements (one read instead of three
    aggregates over the same join), the indicators, the regions and the agreements."""
    total: dict[int, set[int]] = defaultdict(set)
    by_region: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    by_theme: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for indicator_id, agreement_id, region_id, theme in (
        _designated_in_counted()
        .values_list("indicator_id", "agreement_id", "agreement__area__region_id", "theme")
        .distinct()
        .order_by()
    ):
        total[indicator_id].add(agreement_id)
        by_region[indicator_id][region_id].add(agreement_id)
        by_theme[indicator_id][theme].add(agreement_id)
    indicators = (
        Indicator.objects.filter(kind=IndicatorKind.NATIONAL, status=IndicatorStatus.LIVE)
        .order_by("number")
        .values_list("pk", "code", "number", "title", "first_year")
    )
    maas = _maas_by_indicator()
    rows = [
        SelectionRow(
            indicator_id=pk,
            code=code,
            number=number,
            title=title,
            is_deferred=first_year != FIRST_NIS_YEAR,
            agreements=len(total.get(pk, ())),
            by_region={r: len(a) for r, a in by_region[pk].items()} if pk in by_region else {},
            by_theme={t: len(a) for t, a in by_theme[pk].items()} if pk in by_theme else {},
            maas=maas.get(pk, 0),
        )
        for pk, code, number, title, first_year in indicators
    ]
    return Selection(
        rows=rows,
        regions=list(Area.objects.regions().order_by("name")),
        themes=list(LaaTheme),
        agreement_count=Agreement.objects.filter(
            status__in=COUNTED_STATUSES, kind=AgreementKind.LAA
        ).count(),
        maa_count=Agreement.objects.filter(
            status__in=COUNTED_STATUSES, kind=AgreementKind.MAA
        ).count(),
    )


@dataclass(frozen=True)
class WaitingTarget:
    target_id: int
    agreement_id: int
    agreement_title: str
    area_name: str
    region_name: str
    measure_code: str
    indicator_title: str
    setting: str
    deferred_indicator: bool
    baseline_to_be_confirmed: bool


def waiting_targets() -> list[WaitingTarget]:
    """Designated targets of counted agreements whose version in force today has no
    target value for any year yet: placeholders for deferred or new indicators (rules
    D2, A5) and "x% over a baseline to be confirmed". Two queries."""
    today = clock.today()
    versions = TargetVersion.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=today), effective_from__lte=today
    )
    set_values = TrajectoryValue.objects.filter(
        version__target=OuterRef("pk"), value__isnull=False
    ).filter(
        Q(version__effective_to__isnull=True) | Q(version__effective_to__gte=today),
        version__effective_from__lte=today,
    )
    targets = (
        _designated_in_counted()
        .filter(~Exists(set_values))
        .select_related("agreement__area__region", "indicator", "measure__indicator")
        .order_by("indicator__number", "agreement__area__name", "pk")
    )
    rows = list(targets)
    current = {
        v.target_id: v
        for v in versions.filter(target_id__in=[t.pk for t in rows]).only(
            "target_id", "setting", "baseline_to_be_confirmed"
        )
    }
    waiting = []
    for target in rows:
        version = current.get(target.pk)
        setting = TargetSetting(version.setting) if version else TargetSetting.PLACEHOLDER
        area = target.agreement.area
        waiting.append(
            WaitingTarget(
                target_id=target.pk,
                agreement_id=target.agreement_id,
                agreement_title=target.agreement.title,
                area_name=area.name,
                region_name=area.region.name if area.region_id else "",
                measure_code=target.measure_code,
                indicator_title=target.indicator.title,
                setting=setting.label,
                deferred_indicator=target.indicator.is_deferred,
                baseline_to_be_confirmed=bool(version and version.baseline_to_be_confirmed),
            )
        )
    return waiting
