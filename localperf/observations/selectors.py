"""Queries over observations, their history and import batches."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery

from localperf.accounts.roles import is_administrator
from localperf.calculations.nearest import nearest
from localperf.calculations.periods import PeriodError, period_parse, period_suggestion
from localperf.indicators.models import Measure
from localperf.observations import permissions, releases
from localperf.observations.importing.reference import group_key, measure_key
from localperf.observations.models import (
    ImportBatch,
    ImportRowResult,
    ImportUpload,
    Observation,
    ObservationStatus,
    Release,
    ReportingPeriod,
    RowAction,
)
from localperf.places.models import Area, PopulationGroup

HISTORY_LIMIT = 500


@dataclass(frozen=True)
class ObservationFilters:
    """What a reader can narrow observations by; blank means any."""

    measure: str = ""
    area: str = ""
    period: str = ""
    group: str = ""
    status: str = ""
    current_only: bool = True


class UnknownCode(LookupError):
    """A filter names something that is not in a register."""

    def __init__(self, thing: str, code: str, suggestion: str = ""):
        self.thing, self.code, self.suggestion = thing, code, suggestion
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        super().__init__(f"There is no {thing} with the code '{code}'.{hint}")


@dataclass(frozen=True)
class ResolvedFilters:
    measure_id: int | None = None
    area_id: int | None = None
    period_id: int | None = None
    group_id: int | None = None
    status: str = ""
    current_only: bool = True
    nothing: bool = False  # a valid period label with no figures yet


def measure_by_code(code: str) -> Measure:
    measures = {measure_key(m.code): m for m in Measure.objects.select_related("indicator")}
    key = measure_key(code)
    if key.isdigit() or key[:-1].isdigit():
        key = f"NI{key}"
    if key in measures:
        return measures[key]
    close = nearest(key, measures)
    raise UnknownCode("measure", code, measures[close].code if close else "")


def area_by_code(code: str) -> Area:
    area = Area.objects.with_code(code).first()
    if area is None:
        raise UnknownCode("area", code)
    return area


def group_by_code(code: str) -> PopulationGroup:
    key = group_key(code)
    if key in {"", "all", "all:all"}:
        return PopulationGroup.objects.whole_population()
    dimension, _, group = key.partition(":")
    found = PopulationGroup.objects.filter(dimension=dimension, code=group).first()
    if found is None:
        raise UnknownCode("population group", code)
    return found


def period_by_label(label: str) -> ReportingPeriod:
    """A reporting period that has figures, by any spelling of its label."""
    try:
        canonical = period_parse(label).label
    except PeriodError:
        raise UnknownCode("period", label, period_suggestion(label)) from None
    period = ReportingPeriod.objects.filter(label=canonical).first()
    if period is None:
        raise UnknownCode("period", label)
    return period


def filters_resolve(filters: ObservationFilters) -> ResolvedFilters:
    """Codes to ids; raises ``UnknownCode`` naming a code that is not in a register."""
    period_id, nothing = None, False
    if filters.period:
        try:
            label = period_parse(filters.period).label
        except PeriodError:
            raise UnknownCode("period", filters.period, period_suggestion(filters.period)) from None
        period_id = ReportingPeriod.objects.filter(label=label).values_list("id", flat=True).first()
        nothing = period_id is None
    return ResolvedFilters(
        measure_id=measure_by_code(filters.measure).pk if filters.measure else None,
        area_id=area_by_code(filters.area).pk if filters.area else None,
        period_id=period_id,
        group_id=group_by_code(filters.group).pk if filters.group else None,
        status=filters.status,
        current_only=filters.current_only,
        nothing=nothing,
    )


def observation_list(
    filters: ObservationFilters = ObservationFilters(),
    *,
    provisional_areas: frozenset[int] | None = frozenset(),
) -> QuerySet[Observation]:
    """Observations matching the filters that the reader may see: those the public may
    (final, or released), and every figure of ``provisional_areas`` (the reader's, from
    ``rights.provisional_areas_for``; None: every area)."""
    resolved = filters_resolve(filters)
    observations = Observation.objects.select_related(
        "measure__indicator", "area", "period", "population_group", "recorded_by"
    )
    if resolved.nothing:
        return observations.none()
    if resolved.current_only:
        observations = observations.current()
    observations = observations.visible_in(provisional_areas)
    if resolved.status:
        observations = observations.filter(status=resolved.status)
    for field, value in (
        ("measure_id", resolved.measure_id),
        ("area_id", resolved.area_id),
        ("period_id", resolved.period_id),
        ("population_group_id", resolved.group_id),
    ):
        if value is not None:
            observations = observations.filter(**{field: value})
    return observations.order_by(
        "measure_id", "area__code", "period__start", "population_group_id", "-id"
    )


def observation_is_public(observation: Observation) -> bool:
    """Whether anyone, signed in or not, may see this figure (final, or released)."""
    return Observation.objects.filter(pk=observation.pk).public().exists()


def observation_is_visible(
    observation: Observation, provisional_areas: frozenset[int] | None
) -> bool:
    """Whether a reader who sees the provisional figures of ``provisional_areas`` (None:
    every area) may see this figure."""
    if provisional_areas is None or observation.area_id in provisional_areas:
        return True
    return observation_is_public(observation)


def observation_history(
    observation: Observation, *, provisional_areas: frozenset[int] | None = None
) -> list[Observation]:
    """Every version of the figure's natural key, newest first: the current row and the
    rows it superseded, each with who recorded it, when and why (never edited in place).

    For a reader who may not see the area's provisional figures (not in
    ``provisional_areas``; None: every area) the provisional versions no release covered
    are left out: a value that was never published stays unpublished once corrected."""
    include_unreleased = provisional_areas is None or observation.area_id in provisional_areas
    current = (
        Observation.objects.for_key(
            observation.measure_id,
            observation.area_id,
            observation.period_id,
            observation.population_group_id,
        )
        .current()
        .first()
    ) or observation
    chain: list[Observation] = []
    related = ("recorded_by", "import_batch", "source_organisation")
    node: Observation | None = current
    while node is not None and len(chain) < HISTORY_LIMIT:
        chain.append(node)
        node = (
            Observation.objects.select_related(*related).filter(pk=node.supersedes_id).first()
            if node.supersedes_id
            else None
        )
    if not include_unreleased:
        public = set(
            Observation.objects.filter(pk__in=[o.pk for o in chain])
            .public()
            .values_list("pk", flat=True)
        )
        chain = [o for o in chain if o.pk in public]
    return chain


def observation_for_key(
    measure: str, area: str, period: str, group: str = ""
) -> Observation | None:
    """The current figure for a natural key given as codes; ``UnknownCode`` if one is wrong."""
    resolved = filters_resolve(
        ObservationFilters(measure=measure, area=area, period=period, group=group or "all")
    )
    if resolved.nothing:
        return None
    return (
        Observation.objects.select_related(
            "measure__indicator", "area", "period", "population_group"
        )
        .for_key(resolved.measure_id, resolved.area_id, resolved.period_id, resolved.group_id)
        .current()
        .first()
    )


def import_batches_of(user) -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.select_related("created_by")
    if is_administrator(user):
        return batches
    return batches.filter(created_by=user)


def import_batch_file_kept(batch: ImportBatch) -> bool:
    """Whether the batch's uploaded file is still kept, so it can be checked again."""
    return ImportUpload.objects.filter(batch=batch).exists()


def batch_rows(batch: ImportBatch, action: str = "") -> QuerySet[ImportRowResult]:
    """The rows of a batch's summary, each with the name of the area its code names
    (``area_name``, blank for an unknown code), so that the dry run shows where each
    figure is for."""
    code = OuterRef("area")
    named = Area.objects.filter(
        Q(code=code) | Q(gss_code=code) | Q(ons_code=code) | Q(later_gss_code=code)
    )
    rows = ImportRowResult.objects.filter(batch=batch).annotate(
        area_name=Subquery(named.values("name")[:1])
    )
    if action:
        rows = rows.filter(action=action)
    return rows.order_by("line", "id")


def batch_action_counts(batch: ImportBatch) -> list[tuple[str, str, int]]:
    """(action, label, count) in the order the summary shows them: rejected rows first."""
    counts = {
        RowAction.REJECTED: batch.rejected_count,
        RowAction.CREATED: batch.created_count,
        RowAction.UPDATED: batch.updated_count,
        RowAction.UNCHANGED: batch.unchanged_count,
        RowAction.SKIPPED: batch.skipped_count,
    }
    return [(action.value, action.label, count) for action, count in counts.items()]


STATUSES = tuple(ObservationStatus.values)


# --- what the pages show -----------------------------------------------------------------

BATCH_ROWS_PER_PAGE = 100
RECENT_IMPORTS = 10


def data_index_page(user) -> dict:
    """The data page: whether the user may submit or release figures, and their latest
    imports (none for an anonymous reader)."""
    signed_in = user.is_authenticated
    return {
        "may_submit": permissions.may_submit(user),
        "may_release": signed_in and releases.may_release_anything(user),
        "recent": list(import_batches_of(user)[:RECENT_IMPORTS]) if signed_in else [],
    }


def batch_rows_shown(batch: ImportBatch, action: str) -> QuerySet[ImportRowResult]:
    """The rows of the batch its page lists: those of one action, or all but the rejected
    ones (listed on their own)."""
    if action:
        return batch_rows(batch, action)
    return batch_rows(batch).exclude(action=RowAction.REJECTED)


def import_batch_page(batch: ImportBatch, *, action: str) -> dict:
    """A batch's page beside its list of rows: the rejected and warned rows (the first
    page of each), the count of each action, and whether the work is still going."""
    rejected = batch_rows(batch, RowAction.REJECTED)
    return {
        "batch": batch,
        "rejected": rejected[:BATCH_ROWS_PER_PAGE] if not action else [],
        "rejected_more": max(0, rejected.count() - BATCH_ROWS_PER_PAGE) if not action else 0,
        "warned": batch_rows(batch).exclude(warnings=[])[:BATCH_ROWS_PER_PAGE],
        "action": action,
        "action_counts": batch_action_counts(batch),
        "working": batch.is_working,
        "file_kept": import_batch_file_kept(batch),
    }


def figures_stamp() -> tuple:
    """A stamp of every figure and release, for pages that keep what they built from the
    figures between requests (``web.kept``). Figures are only ever added: an import or a
    correction inserts rows (a corrected one is marked not current in the same
    transaction), and releases are only added; so the latest row of each, by id and time,
    moves with any change. One query, two index lookups."""
    latest = "(SELECT {column} FROM {table} ORDER BY id DESC LIMIT 1)"
    parts = [
        latest.format(column=column, table=model._meta.db_table)
        for model, moment in ((Observation, "recorded_at"), (Release, "released_at"))
        for column in ("id", moment)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())
