"""Reading monitoring results: the interface for the screens and the reports.

Everything here reads the stored assessments (``Assessment``, kept current by
``services.assessments_recompute``) and the Government Office's overrides
(``RatingOverride``); nothing is computed from raw observations at read time except
the statuses that depend on the day alone: a period with no figure is *not yet due*
until its due date and *overdue* after it (*missing* once a later figure exists), judged
on ``today`` (default ``as_at_today()``), so a page is current without a recompute.

The *effective* rating of a target for a period is the latest override's rating when
there is one, otherwise the computed rating; both are always returned.

Each function runs a fixed, small number of queries, whatever the number of targets
(asserted in ``tests/monitoring/test_monitoring_selectors.py``). Permissions are the
caller's business: check ``agreements.view_agreement`` / ``agreements.view_target``
before calling, as these functions return everything they are asked for.
"""

from localperf.monitoring.selectors.history import rating_overrides, target_history
from localperf.monitoring.selectors.progress import (
    MAX_REPORT_PERIODS,
    AgreementStanding,
    agreement_progress,
    agreement_standing,
    dips,
    progress_for_period,
    target_progress,
    target_series,
)
from localperf.monitoring.selectors.records import (
    PROJECTION_METHOD,
    RATING_ORDER,
    HistoryEntry,
    OverrideRecord,
    ProformaCell,
    ProformaRow,
    ProgressFilters,
    SeriesPoint,
    TargetProgress,
)
from localperf.monitoring.selectors.stamp import agreement_progress_stamp, tables_stamp
from localperf.monitoring.selectors.standing import (
    RatingCount,
    Standing,
    as_at_today,
    current_rating,
    latest_point,
    rating_counts,
    series_of,
    standing_of,
    standings,
)

__all__ = [
    "AgreementStanding",
    "RatingCount",
    "agreement_standing",
    "rating_counts",
    "standing_of",
    "MAX_REPORT_PERIODS",
    "PROJECTION_METHOD",
    "RATING_ORDER",
    "HistoryEntry",
    "OverrideRecord",
    "ProformaCell",
    "ProformaRow",
    "ProgressFilters",
    "SeriesPoint",
    "Standing",
    "TargetProgress",
    "agreement_progress",
    "agreement_progress_stamp",
    "tables_stamp",
    "as_at_today",
    "current_rating",
    "dips",
    "latest_point",
    "progress_for_period",
    "rating_overrides",
    "series_of",
    "standings",
    "target_history",
    "target_progress",
    "target_series",
]
