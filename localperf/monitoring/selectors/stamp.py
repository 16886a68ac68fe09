"""A stamp of everything an agreement's progress (``agreement_progress``) is read from, in
one cheap query, for pages that keep what they built from it between requests
(``web.kept``): it differs as soon as any of that data does.

What it covers:

- the assessments and overrides of the agreement's targets (its own and those it carries
  by link): the highest id, how many and the latest time. A recompute deletes a target's
  rows and inserts them again (``monitoring.writing``), with new ids and a new
  ``computed_at``; overrides are append-only;
- the targets themselves and what the screens show of them (versions and baselines,
  partners, scope, outcomes, the agreements' titles, links of a Multi Area Agreement),
  and the reference data they name (indicators, measures, areas, groups, organisations):
  every write to those tables leaves a history row (simple-history, also for the
  reference loader's bulk writes), so the latest history row of each table, by id and
  time, moves with any change, in any agreement (a needless rebuild elsewhere is the
  price of a stamp that costs one index lookup a table).

Statuses that depend on the day alone are judged on ``today``, which the caller puts in
its key."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Model

from localperf.agreements.models import (
    Agreement,
    MaaLink,
    MaaMember,
    Outcome,
    Target,
    TargetPartner,
    TargetVersion,
    TrajectoryValue,
)
from localperf.indicators.models import Indicator, Measure
from localperf.monitoring.models import Assessment, RatingOverride
from localperf.monitoring.selectors.progress import agreement_target_ids
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup

# Every table the dashboard's rows or the public site's progress show something of,
# through its history.
_SHOWN: tuple[type[Model], ...] = (
    Agreement,
    Target,
    TargetVersion,
    TrajectoryValue,
    TargetPartner,
    MaaLink,
    MaaMember,
    Outcome,
    Indicator,
    Measure,
    Area,
    PopulationGroup,
    Organisation,
)


@cache  # reading a model's history table costs more than the query it names
def _latest_history_sql(model: type[Model]) -> str:
    history = model.history.model._meta.db_table
    return (
        f"(SELECT MAX(history_id) FROM {history}), "
        f"(SELECT history_date FROM {history} ORDER BY history_id DESC LIMIT 1)"
    )


def _rows_sql(model: type[Model], moment: str, targets: str) -> str:
    table = model._meta.db_table
    where = f"FROM {table} WHERE target_id IN ({targets})"
    return f"(SELECT MAX(id) {where}), (SELECT COUNT(*) {where}), (SELECT MAX({moment}) {where})"


# An id no agreement has, compiled into the stamp's SQL where the agreement's goes.
_STAND_IN = -1


@cache
def _progress_stamp_sql() -> tuple[str, int]:
    """The stamp's SQL and how many parameters it takes, every one the agreement's id:
    the same text for every agreement, so compiled once (compiling the targets' subquery
    cost more than running the whole stamp)."""
    stand_in = Agreement(pk=_STAND_IN)
    targets, params = agreement_target_ids(stand_in).query.sql_with_params()
    if any(p != _STAND_IN for p in params):
        raise RuntimeError("The targets an agreement holds depend on more than its id.")
    parts = [
        _rows_sql(Assessment, "computed_at", targets),
        _rows_sql(RatingOverride, "overridden_at", targets),
        _histories_sql(),
    ]
    return "SELECT " + ", ".join(parts), len(params) * 6  # the subquery six times


def agreement_progress_stamp(agreement: Agreement) -> tuple:
    """The stamp of ``agreement``'s progress (see the module's docstring). One query."""
    sql, count = _progress_stamp_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [agreement.pk] * count)
        return tuple(cursor.fetchone())


def tables_stamp(models: tuple[type[Model], ...]) -> tuple:
    """The latest history row of each model's table, by id and time: it moves with any
    write to any of them (every write leaves a history row, see the module's docstring),
    for pages that keep what they read from such tables and nothing per agreement. One
    query, an index lookup a table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(_latest_history_sql(m) for m in models))
        return tuple(cursor.fetchone())


@cache
def _histories_sql() -> str:
    return ", ".join(_latest_history_sql(model) for model in _SHOWN)
