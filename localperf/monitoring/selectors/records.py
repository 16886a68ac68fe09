"""What the monitoring selectors return: a target's periods (``SeriesPoint``), its
standing (``TargetProgress``), the six-monthly report's cells and rows, its history,
and the dashboard's filters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from localperf.agreements.models import LaaTheme, Outcome, Target
from localperf.calculations.direction import Direction
from localperf.calculations.measures import Accumulation
from localperf.calculations.rag import Rating
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup

PROJECTION_METHOD = (
    "Straight line (least squares) through the baseline and every figure since the "
    "baseline period, up to this period, read at the end of the agreement."
)
# Better first: a fall in this order is a dip.
RATING_ORDER = {Rating.GREEN: 2, Rating.AMBER: 1, Rating.RED: 0}


@dataclass(frozen=True)
class OverrideRecord:
    """A Government Office override of a computed rating (who, when, why)."""

    rating: Rating
    computed_rating: Rating
    reason: str
    by: str
    by_role: str
    at: datetime.datetime
    period_label: str


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a target: for its chart, its data table and its history."""

    period_id: int
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date
    profile: float | None
    actual: float | None
    ci_lower: float | None
    ci_upper: float | None
    variance: float | None
    computed_rating: Rating
    override: OverrideRecord | None
    rating: Rating  # effective: the override's, else the computed one
    direction: Direction
    version_number: int | None
    whole_area_actual: float | None
    projected_outturn: float | None
    likely_to_meet: bool | None


@dataclass(frozen=True)
class TargetProgress:
    """A target's standing at its latest period assessed: the dashboard's row.

    ``period`` is the latest period that has a figure or whose figure is past due (so
    an overdue return shows as overdue); before any is due, the first scheduled period.
    ``series`` holds every period, oldest first, for the small chart.
    """

    target: Target
    theme: LaaTheme
    outcome: Outcome | None
    partners: tuple[Organisation, ...]
    coordinating_partner: Organisation | None
    related_psa: str
    measure_code: str
    title: str
    unit: str
    polarity: str  # "higher", "lower" or "" (not simply either)
    scope_areas: tuple[Area, ...]
    scope_groups: tuple[PopulationGroup, ...]
    period: SeriesPoint | None
    # The period ``period`` is compared with (``previous_comparable``: for a year-to-date
    # measure the same point of the previous year), when it has a figure.
    previous: SeriesPoint | None
    series: tuple[SeriesPoint, ...]
    projection_method: str = PROJECTION_METHOD
    accumulation: Accumulation = Accumulation.SNAPSHOT

    @property
    def is_year_to_date(self) -> bool:
        """Its part-year figures are running totals since April (a cumulative measure)."""
        return self.accumulation is Accumulation.CUMULATIVE

    # The latest period's figures, flattened for templates.
    @property
    def period_label(self) -> str:
        return self.period.period_label if self.period else ""

    @property
    def profile(self) -> float | None:
        return self.period.profile if self.period else None

    @property
    def actual(self) -> float | None:
        return self.period.actual if self.period else None

    @property
    def ci_lower(self) -> float | None:
        return self.period.ci_lower if self.period else None

    @property
    def ci_upper(self) -> float | None:
        return self.period.ci_upper if self.period else None

    @property
    def variance(self) -> float | None:
        return self.period.variance if self.period else None

    @property
    def computed_rating(self) -> Rating:
        return self.period.computed_rating if self.period else Rating.NOT_RATED

    @property
    def override(self) -> OverrideRecord | None:
        return self.period.override if self.period else None

    @property
    def rating(self) -> Rating:
        return self.period.rating if self.period else Rating.NOT_RATED

    @property
    def direction(self) -> Direction:
        return self.period.direction if self.period else Direction.NOT_COMPARABLE

    @property
    def projected_outturn(self) -> float | None:
        return self.period.projected_outturn if self.period else None

    @property
    def likely_to_meet(self) -> bool | None:
        return self.period.likely_to_meet if self.period else None

    @property
    def whole_area_actual(self) -> float | None:
        return self.period.whole_area_actual if self.period else None

    @property
    def reports_whole_area(self) -> bool:
        """Rule A6: a target for smaller areas or groups shows the whole area's figure."""
        return self.target.also_reports_whole_area

    @property
    def previous_rating(self) -> Rating | None:
        return self.previous.rating if self.previous else None

    @property
    def worsened(self) -> bool:
        """A dip: worse than the previous comparable figure (the stored direction of
        travel), or a lower RAG rating than that period's: like with like, so a
        year-to-date figure is set against the same point of the previous year, never
        against the quarter before (a running total that simply grew)."""
        if self.direction is Direction.WORSENING:
            return True
        before, now = self.previous_rating, self.rating
        return (
            before in RATING_ORDER
            and now in RATING_ORDER
            and RATING_ORDER[now] < RATING_ORDER[before]
        )


@dataclass(frozen=True)
class ProgressFilters:
    """Dashboard filters; blank or None means "any"."""

    theme: str = ""
    outcome_id: int | None = None
    partner_id: int | None = None  # an organisation signed up to the target
    status: str = ""  # an effective rating value, e.g. "red", "overdue"

    def keeps(self, progress: TargetProgress) -> bool:
        target = progress.target
        if self.theme and target.theme != self.theme:
            return False
        if self.outcome_id and target.outcome_id != self.outcome_id:
            return False
        if self.partner_id and all(p.pk != self.partner_id for p in progress.partners):
            return False
        return not self.status or progress.rating == self.status


@dataclass(frozen=True)
class ProformaCell:
    """Rule M1: one period of the six-monthly report's row for a target."""

    period_label: str
    profile: float | None
    actual: float | None
    variance: float | None
    rating: Rating
    computed_rating: Rating
    override: OverrideRecord | None


@dataclass(frozen=True)
class ProformaRow:
    """A target in the six-monthly report: a cell per period asked for (None where the
    target has no assessment for that period, e.g. an annual indicator at a half year)."""

    progress: TargetProgress
    cells: tuple[ProformaCell | None, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One event in a target's history: a figure recorded or corrected, a target
    version, or a rating override. ``kind`` is "figure", "correction", "version" or
    "override"."""

    at: datetime.datetime
    kind: str
    summary: str
    who: str = ""
    reason: str = ""
    period_label: str = ""
    value: float | None = None
    previous_value: float | None = None
    is_current: bool = True
