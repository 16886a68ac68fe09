"""What the public may see: approved or in-force agreements and released figures only.

Everything the public site and its open data show comes through here, so that one
place decides what is published (rules L4, M2): drafts, agreements under review,
revisions being prepared and unreleased provisional figures never leave this module.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from localperf.agreements.holdings import HeldTarget, held, held_targets
from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    Agreement,
    AgreementKind,
    ChangeLogEntry,
    LaaTheme,
    Target,
    TargetCategory,
    TargetStatus,
)
from localperf.agreements.selectors import target_queryset
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import PeriodError, period_parse
from localperf.calculations.rag import Rating
from localperf.calculations.rates import members_combined, rate_scale
from localperf.calculations.year_to_date import running_total_year, year_end_figure_of
from localperf.indicators.models import Measure
from localperf.monitoring.selectors import (
    SeriesPoint,
    TargetProgress,
    agreement_progress,
    target_progress,
)
from localperf.monitoring.selectors.members import maa_member_figures
from localperf.observations.models import Observation, ObservationStatus
from localperf.places.models import Area, PopulationGroup
from localperf.places.selectors import LOCAL_AUTHORITY, area_search


def public_agreements() -> QuerySet[Agreement]:
    return Agreement.objects.filter(status__in=PUBLISHED_STATUSES).select_related(
        "area", "area__region", "responsible_authority"
    )


def public_laas() -> QuerySet[Agreement]:
    """The published Local Area Agreements only: the open data of LAAs (an MAA has its
    own public page, rule X2, and its figures are its members')."""
    return public_agreements().filter(kind=AgreementKind.LAA)


def public_area_search(q: str) -> QuerySet[Area]:
    """Council areas by name or code, GSS or older ONS, as people type them, each marked
    with whether it has a published agreement (rule A1) and, for a district, whether its
    county has one: the county's agreement covers its districts (rule A12)."""
    published = public_agreements()
    return area_search(q=q, area_type=LOCAL_AUTHORITY).annotate(
        has_agreement=Exists(published.filter(area=OuterRef("pk"))),
        county_has_agreement=Exists(published.filter(area=OuterRef("parent_id"))),
    )


def agreement_area_of(area: Area) -> Area | None:
    """Where a searcher for ``area`` reads its agreement: the area itself when it holds
    one, its county when it is a district in a county with one (rule A12), else None."""
    if getattr(area, "has_agreement", False):
        return area
    if area.parent_id and getattr(area, "county_has_agreement", False):
        return area.parent
    return None


def areas_with_agreements() -> QuerySet[Area]:
    return (
        Area.objects.filter(agreements__status__in=PUBLISHED_STATUSES)
        .select_related("region")
        .distinct()
        .order_by("region__name", "name")
    )


def public_agreement_for(area: Area) -> Agreement | None:
    """The area's published agreement; of two (an area restructured in 2009, rule A1),
    the later term."""
    return public_agreements().filter(area=area).order_by("-approved_on", "-pk").first()


def public_target(agreement: Agreement, pk: int) -> Target | None:
    if agreement.status not in PUBLISHED_STATUSES:
        return None
    ids = held_targets(agreement, statuses=TargetStatus.values)
    return _targets().filter(pk__in=ids, pk=pk).first()


def change_log(agreement: Agreement) -> QuerySet[ChangeLogEntry]:
    """Rule L4: every approved change, as published, newest first."""
    return agreement.change_log.select_related("revision", "target__indicator").order_by(
        "-published_on", "-id"
    )


# --- progress -------------------------------------------------------------------------


def _targets() -> QuerySet[Target]:
    return target_queryset().prefetch_related("indicator__measures")


def target_measure(target: Target) -> Measure | None:
    """The measure a target is judged on, as monitoring judges it: its own, or (a target
    on the indicator as a whole) the indicator's whole measure, never one of its parts
    (rule D4). None only for an indicator with no measure (a bare local indicator)."""
    if target.measure_id:
        return target.measure
    # Read from the prefetched measures (``_targets``): no query per call.
    return next((m for m in target.indicator.measures.all() if m.part == ""), None)


def target_area(target: Target) -> Area:
    """Rule A7: a sub-regional target reports for its sub-region; any other, including
    one for smaller areas (rule A6), also reports for the whole area."""
    return target.sub_regional_area or target.agreement.area


@dataclass(frozen=True)
class PublicStatus:
    """A status shown in words and as a coloured tag."""

    label: str
    colour: str

    @property
    def tag_class(self) -> str:
        return f"govuk-tag--{self.colour}"


NOT_PUBLISHED = PublicStatus("Figure not yet published", "grey")
NOT_ASSESSED = PublicStatus("Not yet assessed", "grey")


def _status(rating: Rating) -> PublicStatus:
    return PublicStatus(rating.label, rating.colour)


@dataclass
class PublicRow:
    """One period of a target: what it aimed at, the published figure, the status."""

    period: str
    start: datetime.date
    kind: str = ""
    target: float | None = None
    actual: float | None = None
    provisional: bool = False
    status: PublicStatus = NOT_ASSESSED
    not_combined: str = ""  # an MAA's: why its members' figures make no figure (rule X2)


@dataclass
class PublicProgress:
    """A target on the public site: its periods, and its standing read where every staff
    screen reads it (``monitoring.selectors.latest_point``): the same period, the same
    verdict. Only a verdict that would give away an unreleased figure is replaced, by
    "Figure not yet published" (rule M2)."""

    target: Target
    measure: Measure | None
    area: Area
    rows: list[PublicRow] = field(default_factory=list)
    standing: SeriesPoint | None = None  # monitoring's latest period of the target
    standing_withheld: bool = False
    held: HeldTarget | None = None  # its kind and duty in the agreement (rule X2)

    @property
    def latest(self) -> PublicRow | None:
        """The row of monitoring's latest period."""
        if self.standing is None:
            return None
        label = self.standing.period_label
        return next((r for r in self.rows if r.period == label), None)

    @property
    def status(self) -> PublicStatus:
        if self.standing is None:
            return NOT_ASSESSED
        if self.standing_withheld:
            return NOT_PUBLISHED
        return _status(self.standing.rating)

    @property
    def unit(self) -> str:
        return self.measure.effective_unit if self.measure else self.target.indicator.unit

    @property
    def accumulation(self) -> Accumulation:
        return _accumulation(self.measure)


def _accumulation(measure: Measure | None) -> Accumulation:
    code = measure.accumulation if measure else ""
    return Accumulation(code) if code else Accumulation.SNAPSHOT


def _kind(label: str) -> str:
    try:
        return period_parse(label).kind.value
    except PeriodError:
        return ""


def chart_rows(rows: list[PublicRow]) -> list[PublicRow]:
    """The rows of one kind of period, so that a chart compares like with like: the kind
    with the most published figures (quarters and years are not on one scale)."""
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row.kind] += 2 if row.actual is not None else 1 if row.target is not None else 0
    if not kinds:
        return []
    best = max(kinds, key=lambda k: (kinds[k], k == "financial_year"))
    return [r for r in rows if r.kind == best]


def _year_start(year: str) -> datetime.date:
    return datetime.date(int(year[:4]), 4, 1)


def _trajectory(target: Target) -> dict[str, Decimal | None]:
    """Each year's target from the version in force at the end of that year: the latest
    approved decision about it (versions are prefetched)."""
    values: dict[str, Decimal | None] = {}
    versions = sorted(target.versions.all(), key=lambda v: v.number)
    for version in versions:
        for point in version.trajectory_values.all():
            year_end = datetime.date(int(point.year[:4]) + 1, 3, 31)
            if version.in_force_on(year_end) or point.year not in values:
                values[point.year] = point.value
    return values


def _released(targets: list[Target]) -> dict[tuple[int, int], list[Observation]]:
    """Released whole-population figures by (measure, area), oldest period first."""
    keys = {
        (measure.pk, target_area(t).pk)
        for t in targets
        if (measure := target_measure(t)) is not None
    }
    if not keys:
        return {}
    whole = PopulationGroup.objects.whole_population()
    found: dict[tuple[int, int], list[Observation]] = defaultdict(list)
    figures = (
        Observation.objects.current()
        .public()
        .filter(
            measure_id__in={m for m, _ in keys},
            area_id__in={a for _, a in keys},
            population_group=whole,
        )
        .select_related("period")
        .order_by("period__start", "period__end")
    )
    for figure in figures:
        key = (figure.measure_id, figure.area_id)
        if key in keys:
            found[key].append(figure)
    for target in targets:
        if target.agreement.is_multi_area and (measure := target_measure(target)) is not None:
            found[(measure.pk, target.agreement.area_id)] = _combined_released(
                measure, target.agreement.area, whole
            )
    return found


def _combined_released(measure: Measure, group: Area, whole) -> list[Observation]:
    """Rule X2: a Multi Area Agreement's published figure for a period is its members'
    released figures combined as the engine and the signed-in page combine them
    (``members_combined``: Σ numerators / Σ denominators × the rate scale, or summed for a
    count that adds up; never an average of their rates). Unsaved rows; a period that
    cannot be combined has none (``_not_combined`` says why)."""
    members = list(group.members.all())
    scale = rate_scale(measure.effective_unit)
    cumulative = _accumulation(measure) is Accumulation.CUMULATIVE
    by_period: dict[int, list[Observation]] = defaultdict(list)
    figures = (
        Observation.objects.current()
        .public()
        .filter(measure=measure, area_id__in=[a.pk for a in members], population_group=whole)
        .select_related("period")
        .order_by("period__start", "period__end")
    )
    for figure in figures:
        by_period[figure.period_id].append(figure)
    combined = []
    for parts in by_period.values():
        value, _reason = members_combined(
            {str(p.area_id): (p.value, p.numerator, p.denominator) for p in parts},
            [str(a.pk) for a in members],
            scale,
            cumulative=cumulative,
        )
        if value is None:
            continue
        summed = all(p.numerator is not None and p.denominator for p in parts)
        combined.append(
            Observation(
                measure=measure,
                area=group,
                period=parts[0].period,
                population_group=whole,
                value=value,
                numerator=sum(p.numerator for p in parts) if summed else None,
                denominator=sum(p.denominator for p in parts) if summed else None,
                status=(
                    ObservationStatus.PROVISIONAL
                    if any(p.status == ObservationStatus.PROVISIONAL for p in parts)
                    else ObservationStatus.FINAL
                ),
            )
        )
    return combined


def _member_areas(target: Target) -> set[int]:
    """An MAA target's figures are its members' (rule X2): an unreleased one withholds."""
    if not target.agreement.is_multi_area:
        return set()
    return {a.pk for a in target.agreement.area.members.all()}


def _withheld(targets: list[Target]) -> set[tuple[int, str]]:
    """(target, period label) whose assessment may rest on an unreleased figure: for
    those the monitoring status is not shown (it would give the figure away)."""
    by_measure: dict[int, list[Target]] = defaultdict(list)
    areas: set[int] = set()
    for target in targets:
        measure = target_measure(target)
        if measure is None:
            continue
        by_measure[measure.pk].append(target)
        areas |= {target_area(target).pk, target.agreement.area_id}
        areas |= {a.pk for a in target.scope_areas.all()}
        areas |= _member_areas(target)
    hidden = (
        Observation.objects.current()
        .unreleased()
        .filter(measure_id__in=list(by_measure), area_id__in=areas)
        .values_list("measure_id", "area_id", "period__label")
    )
    withheld = set()
    for measure_id, area_id, label in hidden:
        for target in by_measure[measure_id]:
            scope = {target_area(target).pk, target.agreement.area_id}
            scope |= {a.pk for a in target.scope_areas.all()} | _member_areas(target)
            if area_id in scope:
                withheld.add((target.pk, label))
                # A year without a return is assessed on its running total at 31 March.
                year = _year_it_ends(label, _accumulation(target_measure(target)))
                if year:
                    withheld.add((target.pk, year))
    return withheld


def _year_it_ends(label: str, accumulation: Accumulation) -> str:
    """The financial year a cumulative measure's running total at 31 March stands for."""
    try:
        period = period_parse(label)
    except PeriodError:
        return ""
    year = running_total_year(period, accumulation)
    ends_it = year is not None and year != period and period.end == year.end
    return year.label if ends_it else ""


def _years_from_year_to_date(
    rows: dict[str, PublicRow], figures: list[Observation], measure: Measure | None
) -> None:
    """A cumulative measure's year without an annual figure shows its released running
    total at 31 March, the figure monitoring assesses the year on
    (``year_to_date.annual_figure``)."""
    accumulation = _accumulation(measure)
    if accumulation is not Accumulation.CUMULATIVE:
        return
    by_period = {figure.period.period: figure for figure in figures}
    for row in rows.values():
        if row.kind != "financial_year" or row.actual is not None:
            continue
        figure = year_end_figure_of(period_parse(row.period), by_period, accumulation)
        if figure is not None:
            row.actual = figure.value
            row.provisional = figure.status == "provisional"


def _not_combined(rows: dict[str, PublicRow], target: Target) -> None:
    """Rule X2: a period of an MAA's target whose members' released figures make no
    figure says why, in the words of the signed-in target page (``maa_member_figures``),
    instead of being left out."""
    for period in maa_member_figures(target, released_only=True):
        if not period.reason:
            continue
        row = rows.setdefault(
            period.period_label,
            PublicRow(period.period_label, period.start, _kind(period.period_label)),
        )
        if row.actual is None:
            row.not_combined = period.reason


def _engine_progress(
    agreement: Agreement, targets: list[Target] | None
) -> dict[int, TargetProgress]:
    """Monitoring's standing and assessed series of every active target (of those
    given: a target's page reads its own, not the whole agreement's)."""
    if targets is None:
        return {p.target.pk: p for p in agreement_progress(agreement)}
    return {t.pk: target_progress(t) for t in targets if t.status == TargetStatus.ACTIVE}


def agreement_public_progress(
    agreement: Agreement, *, targets: Iterable[Target] | None = None
) -> list[PublicProgress]:
    """Every active target (or those given) with its years: the target, the released
    figure and the status, from released figures only."""
    if agreement.status not in PUBLISHED_STATUSES:
        return []
    given = targets is not None
    if targets is None:
        # Rule X2: an MAA's carried targets too, with their LAA's figures and status.
        targets = _targets().filter(pk__in=held_targets(agreement))
    targets = list(targets)
    engine = _engine_progress(agreement, targets if given else None)
    released = _released(targets)
    withheld = _withheld(targets)
    result = []
    for target in targets:
        measure, area = target_measure(target), target_area(target)
        rows: dict[str, PublicRow] = {}
        for year, value in _trajectory(target).items():
            rows[year] = PublicRow(
                year,
                _year_start(year),
                _kind(year),
                target=float(value) if value is not None else None,
            )
        figures = released.get((measure.pk, area.pk) if measure else (0, 0), [])
        for figure in figures:
            row = rows.setdefault(
                figure.period.label,
                PublicRow(figure.period.label, figure.period.start, figure.period.kind),
            )
            row.actual = figure.value
            row.provisional = figure.status == "provisional"
        _years_from_year_to_date(rows, figures, measure)
        _not_combined(rows, target)
        standing = engine.get(target.pk)
        for point in standing.series if standing else ():
            row = rows.setdefault(
                point.period_label,
                PublicRow(point.period_label, point.period_start, _kind(point.period_label)),
            )
            if row.target is None and point.profile is not None:
                row.target = point.profile  # the approved trajectory, profiled to the period
            if (target.pk, point.period_label) in withheld:
                row.status = NOT_PUBLISHED
            else:
                row.status = _status(point.rating)
        latest = standing.period if standing else None
        progress = PublicProgress(
            target,
            measure,
            area,
            standing=latest,
            standing_withheld=latest is not None and (target.pk, latest.period_label) in withheld,
            held=held(target, agreement),
        )
        progress.rows = sorted(rows.values(), key=lambda r: (r.start, r.period))
        result.append(progress)
    return result


@dataclass
class ThemeProgress:
    theme: LaaTheme
    outcomes: dict = field(default_factory=dict)  # outcome title (or "") → [PublicProgress]

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.outcomes.values())


def progress_by_theme(progress: list[PublicProgress]) -> list[ThemeProgress]:
    """Rule A11: the priorities under their four themes, by outcome."""
    themes = {theme: ThemeProgress(theme) for theme in LaaTheme}
    for item in progress:
        outcome = item.target.outcome.title if item.target.outcome_id else ""
        themes[LaaTheme(item.target.theme)].outcomes.setdefault(outcome, []).append(item)
    return [t for t in themes.values() if t.count]


def status_counts(progress: list[PublicProgress]) -> list[tuple[PublicStatus, int]]:
    counts: dict[PublicStatus, int] = defaultdict(int)
    for item in progress:
        counts[item.status] += 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].label))


# --- open data ------------------------------------------------------------------------

OPEN_DATA_COLUMNS = (
    "area_code",
    "area_name",
    "agreement",
    "agreement_status",
    "agreement_kind",
    "target_id",
    "category",
    "target_kind",
    "theme",
    "outcome",
    "indicator",
    "measure",
    "title",
    "unit",
    "figure_area_code",
    "period",
    "target_value",
    "actual_value",
    "actual_status",
    "status",
)


def open_data_rows(agreements: Iterable[Agreement]) -> Iterator[dict[str, object]]:
    """One row per target and period of published agreements: what was aimed at, the
    released figure (blank if none is published) and the status in words."""
    for agreement in agreements:
        if agreement.status not in PUBLISHED_STATUSES:
            continue
        for item in agreement_public_progress(agreement):
            target = item.target
            for row in item.rows:
                yield {
                    "area_code": agreement.area.code,
                    "area_name": agreement.area.name,
                    "agreement": agreement.title,
                    "agreement_status": agreement.get_status_display(),
                    "agreement_kind": agreement.kind,
                    "target_id": target.pk,
                    "category": TargetCategory(target.category).label,
                    # Rule X2: what the target is in this agreement, as holdings says.
                    "target_kind": item.held.kind,
                    "theme": LaaTheme(target.theme).label,
                    "outcome": target.outcome.title if target.outcome_id else "",
                    "indicator": target.indicator.code,
                    "measure": item.measure.code if item.measure else "",
                    "title": target.title or target.indicator.title,
                    "unit": item.unit,
                    "figure_area_code": item.area.code,
                    "period": row.period,
                    "target_value": row.target,
                    "actual_value": row.actual,
                    "actual_status": (
                        ""
                        if row.actual is None
                        else ("provisional" if row.provisional else "final")
                    ),
                    "status": row.status.label,
                }
