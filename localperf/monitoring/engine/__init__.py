"""The monitoring engine: every target's status for every period, computed over whole
frames at once (Polars), free of Django and of I/O.

The pure functions in ``calculations`` are the specification; this module computes
the same results for thousands of targets at once, and
``tests/monitoring/test_monitoring_engine.py`` proves, on generated data, that each row
equals what the pure functions give for it:

* the profile is ``profile_for(trajectory, period, accumulation)``, the trajectory
  being that of the target version *in force at the period's end* (the latest version
  starting on or before it; for a period ending before the first version, the first);
* the variance is ``percent_variance(actual, profile, polarity)``;
* the rating is ``target_status(...)`` with the due date from ``schedule.due_date``,
  except that a period with no figure while a later period already has one is judged
  with no due date, which makes it MISSING rather than OVERDUE (the return was skipped,
  not merely late);
* the direction is ``direction_of_travel(current, previous, polarity,
  definition_changed=...)`` against ``previous_comparable(period, accumulation)``, a
  definition change being a break in comparison (``breaks_comparison``) taking effect
  after the previous period's end and on or before this one's;
* the projected outturn is ``projected_outturn(points, agreement_end)``, the points
  being ``trend_points``: the version's baseline (at ``Trajectory.baseline_date()``)
  and the target's own figures for periods ending after that date, up to the period's
  end — for a cumulative measure only whole-year figures, as part-year ones are
  year-to-date; ``likely_to_meet`` compares it with the final year's target.

For a cumulative measure, a financial year without an annual return takes its running
total at 31 March (Q4, else H2) as its figure (``year_to_date.with_annual_figures``,
``annual_cells``), so that the year is assessed like any other period; its part-year
figures, running totals since April, are compared with the same point of the previous
year (``previous_comparable``).

A target's *own figure* for a period combines its scope's cells (rule A6: its smaller
areas and groups; otherwise its whole area): one cell is taken as it is; several are
combined as Σ numerators / Σ denominators × the unit's scale (``combined_rate``, never
an average of rates), or summed for a count (a cumulative measure); a scope with a cell
missing has no figure. For a target on smaller areas or groups, the whole area's figure
is carried beside it.
"""

from localperf.monitoring.engine.figures import annual_cells, own_figures
from localperf.monitoring.engine.pipeline import (
    Prepared,
    assessments_finish,
    assessments_frame,
    assessments_prepare,
    comparison_reach,
    figures_used_from,
)
from localperf.monitoring.engine.profile import month_position, months_elapsed, snapshot_points
from localperf.monitoring.engine.rating import at_most, rounded
from localperf.monitoring.engine.schemas import (
    BREAKS_SCHEMA,
    CELLS_SCHEMA,
    EPOCH,
    NEAR_TIE,
    NO_BASELINE,
    PART_YEAR,
    PERIODS_SCHEMA,
    ROWS_SCHEMA,
    TARGETS_SCHEMA,
    TRAJECTORY_SCHEMA,
    VERSIONS_SCHEMA,
    empty,
)
from localperf.monitoring.engine.trend import years_since_epoch

__all__ = [
    "EPOCH",
    "NO_BASELINE",
    "ROWS_SCHEMA",
    "TARGETS_SCHEMA",
    "PERIODS_SCHEMA",
    "VERSIONS_SCHEMA",
    "TRAJECTORY_SCHEMA",
    "CELLS_SCHEMA",
    "BREAKS_SCHEMA",
    "PART_YEAR",
    "NEAR_TIE",
    "empty",
    "assessments_frame",
    "Prepared",
    "assessments_prepare",
    "comparison_reach",
    "figures_used_from",
    "assessments_finish",
    "annual_cells",
    "own_figures",
    "month_position",
    "months_elapsed",
    "snapshot_points",
    "rounded",
    "at_most",
    "years_since_epoch",
]
