"""The collect-once ledger (rule M6, issue 15 item 5): per area and period, how many
figures were supplied, by whom and through which way in, how many uses each served, and
the duplicates avoided; and the national totals. The measure of "collect once, use
numerous times".

A **figure** is a current observation (measure × area × period × group). Its **way in**
is its import batch's (file, entry grid, API, correction; "not recorded" for a figure
written without a batch). Its **supplier** is its source organisation, else the
organisation of the user who recorded it.

A figure's **uses** are counted by kind, each a separate need it met without being sent
again:

- ``laa``: targets of counted LAAs whose cells hold it (``monitoring.inputs.
  target_cells_read``, the cells the recompute reads: one truth), for a period within
  the reach of the agreement's term (from the earliest previous comparable period a
  recompute reads, ``engine.comparison_reach``, to the term's end);
- ``maa``: the same for counted MAAs' own targets, and once more for every MAA that
  carries an LAA's target by link (``agreements.holdings``, rule X2: one target, one set
  of figures);
- ``assessments``: stored target assessments (``monitoring.Assessment``) of the figure's
  period with an actual, for a target whose own cell holds the figure;
- ``reports``: submitted six-monthly reports' snapshots showing it as a target's actual;
- ``public``: 1 when the public may see it (``Observation.objects.public``: final, or
  covered by a release), for the public pages, comparisons and open data.

A figure serving *n* uses was collected once instead of *n* times: *n − 1* duplicates
avoided (none for a figure with no use).

Everything is read in a fixed number of queries into Polars frames and counted there;
no model instance is made per figure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl
from django.db.models import QuerySet

from localperf.accounts.models import User
from localperf.agreements.holdings import carried_pairs
from localperf.agreements.models import Agreement, AgreementKind, Target, TargetStatus
from localperf.calculations.periods import PeriodError
from localperf.frames import frame_read
from localperf.monitoring import engine
from localperf.monitoring.inputs import target_cells_read
from localperf.monitoring.models import Assessment
from localperf.monitoring.periods import agreement_years
from localperf.national.selectors.common import COUNTED_STATUSES
from localperf.observations.models import (
    ImportBatch,
    ImportStatus,
    Observation,
    ReportingPeriod,
    WayIn,
)
from localperf.organisations.models import Organisation
from localperf.places.models import Area
from localperf.reports.models import ReportSnapshot

NOT_RECORDED = "not_recorded"
WAYS = [*WayIn.values, NOT_RECORDED]
WAY_LABELS = {**{w.value: w.label for w in WayIn}, NOT_RECORDED: "Not recorded"}
# A figure recorded without a user: loaded from the command line (or before users).
NO_SUPPLIER = "Not recorded (command line)"
USE_KINDS = ("laa", "maa", "assessments", "reports", "public")
USE_LABELS = {
    "laa": "LAA targets",
    "maa": "MAA targets",
    "assessments": "Target assessments",
    "reports": "Six-monthly reports",
    "public": "Public pages and open data",
}
COUNTS = ("supplied", *(f"way_{w}" for w in WAYS), *USE_KINDS, "uses", "duplicates_avoided")


@dataclass(frozen=True)
class LedgerRow:
    """One area and period (or the nation, one way in, one supplier and user): the counts
    of ``COUNTS`` by name, and who supplied its figures."""

    label: str
    period: str
    counts: dict[str, int]
    suppliers: str = ""
    code: str = ""  # an area's code, in the rows by area and period

    @property
    def ways(self) -> list[int]:
        return [self.counts[f"way_{w}"] for w in WAYS]

    @property
    def use_counts(self) -> list[int]:
        return [self.counts[k] for k in USE_KINDS]


@dataclass(frozen=True)
class Ledger:
    rows: list[LedgerRow]  # by area and period
    totals: LedgerRow  # the nation
    by_way: list[LedgerRow]
    by_supplier: list[LedgerRow]  # organisation and user

    @property
    def way_labels(self) -> list[str]:
        return [WAY_LABELS[w] for w in WAYS]

    @property
    def use_labels(self) -> list[str]:
        return [USE_LABELS[k] for k in USE_KINDS]

    @property
    def uses_by_kind(self) -> list[tuple[str, int]]:
        """The nation's uses, kind by kind."""
        return list(zip(self.use_labels, self.totals.use_counts, strict=True))


def collect_once_ledger(*, released_only: bool = False) -> Ledger:
    """The ledger of every current figure, by area and period, with the national totals.
    ``released_only``: the public's ledger, of the figures anyone may see, by supplying
    organisation without the users' names."""
    figures = figures_with_uses()
    if released_only:
        figures = figures.filter(pl.col("public") == 1).with_columns(user=pl.lit(""))
    areas = frame_read(
        f"SELECT id, name, code FROM {Area._meta.db_table}",
        {"area": pl.Int64, "name": pl.String, "code": pl.String},
    )
    periods = frame_read(
        f'SELECT id, label, "end" FROM {ReportingPeriod._meta.db_table}',
        {"period_id": pl.Int64, "period": pl.String, "end": pl.Date},
    )
    by_place = (
        _counted(figures, ["area", "period_id"])
        .join(areas, on="area", how="left")
        .join(periods, on="period_id", how="left")
        .sort("name", "end", "period")
    )
    rows = [_row(r, r["name"], r["period"], code=r["code"]) for r in by_place.iter_rows(named=True)]
    nation = _counted(figures.with_columns(nation=pl.lit(1)), ["nation"]).iter_rows(named=True)
    total = next(nation, dict.fromkeys(COUNTS, 0))  # no figures yet: zeros
    by_way = _counted(figures, ["way_in"]).sort(
        pl.col("way_in").replace_strict(WAYS, range(len(WAYS)))
    )
    by_supplier = _counted(figures, ["supplier", "user"]).sort("supplier", "user")
    return Ledger(
        rows=rows,
        totals=_row(total, "England", "All periods"),
        by_way=[_row(r, WAY_LABELS[r["way_in"]], "") for r in by_way.iter_rows(named=True)],
        by_supplier=[_row(r, r["supplier"], r["user"]) for r in by_supplier.iter_rows(named=True)],
    )


def _row(counted: dict, label: str, period: str, code: str = "") -> LedgerRow:
    return LedgerRow(
        label=label or NO_SUPPLIER,
        code=code,
        period=period or "",
        counts={name: counted[name] for name in COUNTS},
        suppliers=counted.get("suppliers") or "",
    )


def _counted(figures: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The ledger's counts of the figures, grouped by ``keys``."""
    return figures.group_by(keys).agg(
        pl.len().alias("supplied"),
        *(pl.col("way_in").eq(w).sum().alias(f"way_{w}") for w in WAYS),
        *(pl.col(k).sum() for k in (*USE_KINDS, "uses", "duplicates_avoided")),
        pl.col("supplier").unique().sort().str.join(", ").alias("suppliers"),
    )


def figures_with_uses() -> pl.DataFrame:
    """Every current figure with its way in, supplier and user, its uses by kind, its
    uses in all and its duplicates avoided."""
    figures = _figures()
    unreleased = _unreleased_ids()
    uses = _target_uses(figures)
    counts = (
        uses.group_by("obs_id")
        .agg(laa=pl.col("kind").eq("laa").sum(), maa=pl.col("kind").eq("maa").sum())
        .join(_assessment_uses(uses), on="obs_id", how="full", coalesce=True)
        .join(_report_uses(uses), on="obs_id", how="full", coalesce=True)
    )
    figures = (
        figures.join(counts, on="obs_id", how="left")
        .join(unreleased.with_columns(hidden=pl.lit(True)), on="obs_id", how="left")
        .with_columns(public=pl.col("hidden").is_null())
        .drop("hidden")
        .with_columns(pl.col(USE_KINDS).fill_null(0).cast(pl.Int64))
    )
    uses_in_all = pl.sum_horizontal(USE_KINDS)
    return figures.with_columns(
        uses=uses_in_all, duplicates_avoided=(uses_in_all - 1).clip(lower_bound=0)
    )


def _figures() -> pl.DataFrame:
    """The current figures with their way in and who supplied them. The figures are read
    as numbers only (the largest read); the names come from the small tables of batches,
    users and organisations, joined here."""
    figures = frame_read(
        f"""SELECT id, measure_id, area_id, population_group_id, period_id, import_batch_id,
                   source_organisation_id, recorded_by_id
            FROM {Observation._meta.db_table} WHERE is_current""",
        {"obs_id": pl.Int64, "measure_id": pl.Int64, "area": pl.Int64, "group": pl.Int64,
         "period_id": pl.Int64, "batch_id": pl.Int64, "source_id": pl.Int64,
         "user_id": pl.Int64},
    )  # fmt: skip
    batches = frame_read(
        f"SELECT id, way_in FROM {ImportBatch._meta.db_table} WHERE status = %s",
        {"batch_id": pl.Int64, "way_in": pl.String},
        [ImportStatus.COMMITTED],
    )
    users = frame_read(
        f"SELECT id, username, organisation_id FROM {User._meta.db_table}",
        {"user_id": pl.Int64, "user": pl.String, "user_organisation_id": pl.Int64},
    )
    organisations = _names(Organisation, "name", "organisation_id")
    return (
        figures.join(batches, on="batch_id", how="left")
        .join(users, on="user_id", how="left")
        .join(organisations.rename({"organisation_id": "source_id"}), on="source_id", how="left")
        .join(
            organisations.rename({"organisation_id": "user_organisation_id", "name": "via_user"}),
            on="user_organisation_id",
            how="left",
        )
        .select(
            "obs_id",
            "measure_id",
            "area",
            "group",
            "period_id",
            way_in=pl.col("way_in").replace("", None).fill_null(NOT_RECORDED),
            supplier=pl.coalesce("name", "via_user").fill_null(""),
            user=pl.col("user").fill_null(""),
        )
    )


def _unreleased_ids() -> pl.DataFrame:
    """The ids of the current figures the public may not see, as ``Observation.objects``
    decides (the one rule of what is public: a figure is public unless ``unreleased``,
    provisional with no release covering it). Asked this way round, the release check
    runs only on the provisional figures, not on every figure."""
    sql, params = Observation.objects.current().unreleased().values("id").query.sql_with_params()
    return frame_read(sql, {"obs_id": pl.Int64}, params)


def _target_uses(figures: pl.DataFrame) -> pl.DataFrame:
    """One row per figure and use by a target: (``obs_id``, ``target_id``,
    ``period_id``, ``whole_area``, ``kind``), an LAA's target once for the LAA ("laa")
    and once for each counted MAA that carries it by link ("maa")."""
    cells = target_cells_read()
    if not cells.height or not figures.height:
        return pl.DataFrame(
            schema={"obs_id": pl.Int64, "target_id": pl.Int64, "period_id": pl.Int64,
                    "whole_area": pl.Boolean, "kind": pl.String}
        )  # fmt: skip
    owners = _target_owners()
    cells = cells.join(owners, on="target_id").join(_term_reach(cells), on="term")
    periods = frame_read(
        f'SELECT id, "end" FROM {ReportingPeriod._meta.db_table}',
        {"period_id": pl.Int64, "end": pl.Date},
    )
    used = (
        figures.select("obs_id", "measure_id", "area", "group", "period_id")
        .join(periods, on="period_id")
        .join(cells, on=["measure_id", "area", "group"])
        .filter(pl.col("end").is_between("reach_from", "reach_to"))
        # A target on several cells uses each figure once, own or whole-area alike.
        .group_by("obs_id", "target_id", "period_id", "kind")
        .agg(whole_area=pl.col("whole_area").all())
    )
    linked = used.filter(pl.col("kind") == "laa").join(_links(), on="target_id")
    return pl.concat(
        [used, linked.with_columns(kind=pl.lit("maa")).drop("link_agreement_id")],
        how="vertical_relaxed",
    ).select("obs_id", "target_id", "period_id", "whole_area", "kind")


def _target_owners() -> pl.DataFrame:
    """Each target of a counted agreement with the kind of its agreement."""
    owned = Target.objects.filter(agreement__in=_counted_agreements()).values(
        "id", "agreement__kind"
    )
    sql, params = owned.query.sql_with_params()
    return frame_read(sql, {"target_id": pl.Int64, "kind": pl.String}, params).with_columns(
        kind=pl.when(pl.col("kind") == AgreementKind.MAA)
        .then(pl.lit("maa"))
        .otherwise(pl.lit("laa"))
    )


def _links() -> pl.DataFrame:
    """The LAA targets counted MAAs carry by link (rule X2), as ``agreements.holdings``
    answers it for every agreement at once."""
    carried = carried_pairs(_counted_agreements(), statuses=TargetStatus.values)
    sql, params = carried.query.sql_with_params()
    return frame_read(
        sql,
        {"link_agreement_id": pl.Int64, "target_id": pl.Int64, "indicator_id": pl.Int64},
        params,
    ).select("target_id", "link_agreement_id")


def _counted_agreements() -> QuerySet[Agreement]:
    """The agreements the ledger counts, asked of the ORM so that the statuses have one
    source (``COUNTED_STATUSES``) and reach the SQL as parameters."""
    return Agreement.objects.filter(status__in=sorted(COUNTED_STATUSES))


def _term_reach(cells: pl.DataFrame) -> pl.DataFrame:
    """Per agreement term, the period ends its targets read: from the earliest previous
    comparable period a recompute reads to the term's end."""
    rows = []
    for term in cells["term"].unique().to_list():
        try:
            years = agreement_years(term)
        except (KeyError, IndexError, PeriodError):
            continue  # a term without years uses no figure
        rows.append((term, engine.comparison_reach(years[0].start), years[-1].end))
    return pl.DataFrame(
        rows, schema={"term": pl.String, "reach_from": pl.Date, "reach_to": pl.Date}, orient="row"
    )


def _assessment_uses(uses: pl.DataFrame) -> pl.DataFrame:
    """Per figure, the stored assessments of its period with an actual, of the targets
    whose own cell holds it."""
    assessed = frame_read(
        f"""SELECT target_id, period_id FROM {Assessment._meta.db_table}
            WHERE actual IS NOT NULL""",
        {"target_id": pl.Int64, "period_id": pl.Int64},
    )
    own = uses.filter(~pl.col("whole_area")).select("obs_id", "target_id", "period_id").unique()
    return (
        own.join(assessed, on=["target_id", "period_id"])
        .group_by("obs_id")
        .agg(assessments=pl.len())
    )


def _report_uses(uses: pl.DataFrame) -> pl.DataFrame:
    """Per figure, the submitted reports' snapshots that show it as a target's actual in
    a cell of its period (the snapshot's ``content``: ``reports.content``)."""
    shown = _snapshot_cells()
    periods = frame_read(
        f"SELECT id, label FROM {ReportingPeriod._meta.db_table}",
        {"period_id": pl.Int64, "period": pl.String},
    )
    own = (
        uses.filter(~pl.col("whole_area"))
        .select("obs_id", "target_id", "period_id")
        .unique()
        .join(periods, on="period_id")
    )
    return (
        own.join(shown, on=["target_id", "period"])
        .group_by("obs_id")
        .agg(reports=pl.col("snapshot_id").n_unique())
    )


def _snapshot_cells() -> pl.DataFrame:
    """(snapshot, target, period) of every actual a snapshot shows. The snapshots are
    few (two a year per agreement); their content is read as text in one query."""
    schema = {"snapshot_id": pl.Int64, "target_id": pl.Int64, "period": pl.String}
    snapshots = frame_read(
        f"SELECT id, content FROM {ReportSnapshot._meta.db_table}",
        {"snapshot_id": pl.Int64, "content": pl.String},
    )
    rows = []
    for snapshot_id, content in snapshots.iter_rows():
        for outcome in json.loads(content or "{}").get("outcomes", []):
            for target in outcome.get("targets", []):
                rows.extend(
                    (snapshot_id, target["id"], cell["period"])
                    for cell in target.get("cells", [])
                    if cell.get("actual") is not None
                )
    return pl.DataFrame(rows, schema=schema, orient="row")


def _names(model, column: str, key: str) -> pl.DataFrame:
    return frame_read(
        f"SELECT id, {column} FROM {model._meta.db_table}", {key: pl.Int64, "name": pl.String}
    )
