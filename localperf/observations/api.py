"""Observations as JSON: read figures and their history; submit figures (an idempotent
upsert on the natural key measure × area × period × group), with the same checks and
messages as a file import and the same permissions as the web.

Reads of final and released figures are public; the area's own users, its partners,
its Government Office, central government, inspectors and administrators see its
unreleased provisional ones too (``rights.provisional_areas_for``). Writes need a
signed-in writer, within its right over areas and measures (``rights.figure_rights_for``);
releases, the area's performance manager or an administrator; the list of releases
shows what the release page shows.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from localperf.observations import permissions
from localperf.observations.importing.results import ImportResult, Problem
from localperf.observations.importing.sdmx_structure import MEDIA_TYPE as SDMX_STRUCTURE
from localperf.observations.importing.sdmx_structure import sdmx_structure_response
from localperf.observations.importing.services import observation_submit
from localperf.observations.models import Observation, ObservationStatus, Release
from localperf.observations.releases import (
    NOT_A_RELEASER,
    may_release_anything,
    releasable_areas,
    releases_of,
)
from localperf.observations.selectors import (
    ObservationFilters,
    UnknownCode,
    area_by_code,
    measure_by_code,
    observation_for_key,
    observation_history,
    observation_is_visible,
    observation_list,
    period_by_label,
)
from localperf.observations.services import observations_release
from localperf.web.api import (
    Choice,
    ErrorMessage,
    Errors,
    Input,
    RegisterPagination,
    choice_of,
    responses,
)
from localperf.web.periods import PeriodText

router = Router(tags=["observations"])

MAX_SUBMISSION_ROWS = 10_000
Number = float | int | str | None


class ObservationQuery(Schema):
    measure: str = Field("", max_length=40, description='"NI 157a", "NI 195".')
    area: str = Field("", max_length=40, description="GSS or older ONS code.")
    period: PeriodText = Field("", description='"2008/09", "Place Survey 2008", …')
    group: str = Field(
        "", max_length=80, description='"age:16-24"; "all" for the whole population only.'
    )
    current: bool = Field(True, description="Only current figures (false: their history too).")
    status: ObservationStatus | None = Field(
        None,
        description="Provisional or final (the public sees provisional figures once released).",
    )

    def to_filters(self) -> ObservationFilters:
        return ObservationFilters(
            measure=self.measure,
            area=self.area,
            period=self.period,
            group=self.group,
            status=self.status or "",
            current_only=self.current,
        )


class KeyQuery(Schema):
    measure: str = Field(max_length=40)
    area: str = Field(max_length=40)
    period: PeriodText
    group: str = Field("", max_length=80, description="Blank for the whole population.")


class ObservationOut(Schema):
    id: int
    measure: str
    area: str
    period: str
    group: str | None = Field(description='"age:16-24"; null for the whole population.')
    value: float
    numerator: float | None
    denominator: float | None
    ci_lower: float | None
    ci_upper: float | None
    sample_size: int | None
    status: Choice
    note: str | None
    is_current: bool
    recorded_at: datetime.datetime
    supersedes: int | None = Field(description="The id of the figure this one replaced.")
    correction_reason: str | None

    @staticmethod
    def resolve_measure(obj: Observation) -> str:
        return obj.measure.code

    @staticmethod
    def resolve_area(obj: Observation) -> str:
        return obj.area.code

    @staticmethod
    def resolve_period(obj: Observation) -> str:
        return obj.period.label

    @staticmethod
    def resolve_group(obj: Observation) -> str | None:
        group = obj.population_group
        return None if group.dimension == "all" else f"{group.dimension}:{group.code}"

    @staticmethod
    def resolve_status(obj: Observation) -> Choice | None:
        return choice_of(ObservationStatus, obj.status)

    @staticmethod
    def resolve_note(obj: Observation) -> str | None:
        return obj.note or None

    @staticmethod
    def resolve_supersedes(obj: Observation) -> int | None:
        return obj.supersedes_id

    @staticmethod
    def resolve_correction_reason(obj: Observation) -> str | None:
        reason = obj.correction_reason or (obj.import_batch.reason if obj.import_batch else "")
        return reason or None


class ObservationVersionOut(ObservationOut):
    """One version in a figure's history, with who recorded it, as the history page says."""

    recorded_by: str | None = Field(description="The person who recorded it; null: an import.")
    source_organisation: str | None = Field(description="The organisation it came from.")

    @staticmethod
    def resolve_recorded_by(obj: Observation) -> str | None:
        return obj.recorded_by.display_name if obj.recorded_by else None

    @staticmethod
    def resolve_source_organisation(obj: Observation) -> str | None:
        return obj.source_organisation.name if obj.source_organisation else None


class ObservationIn(Schema):
    measure: str = Field(max_length=60)
    area: str = Field(max_length=60)
    period: str = Field(max_length=60)
    group: str = Field("", max_length=80, description="Blank for the whole population.")
    value: Number = Field(description="A number (text is checked the same way as in a file).")
    numerator: Number = None
    denominator: Number = None
    ci_lower: Number = None
    ci_upper: Number = None
    sample_size: Number = None
    status: str = Field(
        "",
        max_length=20,
        description='"provisional" (the default) or "final"; final publishes the figure at '
        "once, so only those who may publish it may give it.",
    )
    note: str = Field("", max_length=4000)


class SubmissionIn(Schema):
    observations: list[ObservationIn] = Field(min_length=1, max_length=MAX_SUBMISSION_ROWS)
    reason: str = Field("", max_length=2000, description="Why figures change, if they do.")
    dry_run: bool = Field(False, description="Check and say what would change; save nothing.")


class ProblemOut(Schema):
    row: int = Field(description="1 for the first item of `observations`; 0: the whole request.")
    column: str
    message: str
    suggestion: str | None


class SubmissionOut(Schema):
    batch: int | None
    status: str = Field(description="dry_run, committed, failed or conflict.")
    message: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[ProblemOut]
    warnings: list[ProblemOut]


def _problems(problems: list[Problem]) -> list[dict]:
    return [
        {
            "row": p.line,
            "column": p.column,
            "message": p.message,
            "suggestion": p.suggestion or None,
        }
        for p in problems
    ]


def _submission(result: ImportResult) -> dict:
    return {
        "batch": result.batch_id,
        "status": result.status,
        "message": result.message,
        "created": result.counts.created,
        "updated": result.counts.updated,
        "unchanged": result.counts.unchanged,
        "rejected": result.counts.rejected,
        "problems": _problems(result.problems),
        "warnings": _problems(result.warnings),
    }


@router.get("", response={200: list[ObservationOut], **responses(404)}, url_name="observation_list")
@paginate(RegisterPagination)
def list_observations(request, filters: Query[ObservationQuery]):
    """Figures by measure, area, period and group: final and released ones unless you are
    signed in."""
    try:
        return observation_list(
            filters.to_filters(),
            provisional_areas=permissions.provisional_areas(request.user),
        ).select_related("import_batch")
    except UnknownCode as unknown:
        raise HttpError(404, str(unknown)) from None


@router.get(
    "/history",
    response={200: list[ObservationVersionOut], **responses(404)},
    url_name="observation_history",
)
def get_history(request, key: Query[KeyQuery]):
    """Every version of one figure, newest first: a correction never overwrites."""
    try:
        current = observation_for_key(key.measure, key.area, key.period, key.group)
    except UnknownCode as unknown:
        raise HttpError(404, str(unknown)) from None
    areas = permissions.provisional_areas(request.user)
    if current is None or not observation_is_visible(current, areas):
        raise HttpError(404, "There is no figure for that measure, area, period and group.")
    return observation_history(current, provisional_areas=areas)


@router.post(
    "",
    response={
        200: SubmissionOut,
        401: ErrorMessage,
        403: ErrorMessage,
        409: SubmissionOut,
        # Rows refused by the checks, or a body that is not a submission at all.
        422: SubmissionOut | Errors,
    },
    auth=django_auth,
    url_name="observation_submit",
)
def submit_observations(request, submission: SubmissionIn):
    """Create or correct figures. Sending the same figures again changes nothing.

    Every row is checked as in a file import; if any is rejected nothing is saved (422,
    with each problem by row and column). 409: someone changed the same figures at the
    same moment; nothing was saved; send again.
    """
    if not permissions.may_submit(request.user):
        raise HttpError(403, "Your role cannot submit figures.")
    result = observation_submit(
        rows=[row.model_dump() for row in submission.observations],
        user=request.user,
        dry_run=submission.dry_run,
        reason=submission.reason,
    )
    body = _submission(result)
    if result.status == "conflict":
        return Status(409, body)
    if result.status == "failed":
        return Status(422, body)
    return Status(200, body)


class ReleaseIn(Input):
    area: str = Field("", max_length=40, description="GSS or older ONS code; blank: every area.")
    measure: str = Field("", max_length=40, description='"NI 157a"; blank: every measure.')
    period: PeriodText = Field("", description='"2008/09"; blank: every period.')
    note: str = Field("", max_length=2000)


class ReleaseOut(Schema):
    id: int
    area: str | None
    measure: str | None
    period: str | None
    released_by: str
    released_at: datetime.datetime
    released_on: datetime.date
    figure_count: int
    note: str

    @staticmethod
    def resolve_area(obj: Release) -> str | None:
        return obj.area.code if obj.area_id else None

    @staticmethod
    def resolve_measure(obj: Release) -> str | None:
        return obj.measure.code if obj.measure_id else None

    @staticmethod
    def resolve_period(obj: Release) -> str | None:
        return obj.period.label if obj.period_id else None

    @staticmethod
    def resolve_released_by(obj: Release) -> str:
        return obj.released_by.display_name


@router.get(
    "/releases",
    response={200: list[ReleaseOut], 401: ErrorMessage, 403: ErrorMessage},
    auth=django_auth,
    url_name="release_list",
)
@paginate(RegisterPagination)
def list_releases(request):
    """The releases of provisional figures of the areas you may release (an
    administrator: every release), newest first: who, when, what, how many. As the
    release page: 403 for someone who may release nothing."""
    areas = releasable_areas(request.user)
    if areas is not None and not areas.exists():
        raise HttpError(403, NOT_A_RELEASER)
    return releases_of(areas)


@router.post(
    "/releases",
    response={
        201: ReleaseOut,
        401: ErrorMessage,
        403: ErrorMessage,
        404: ErrorMessage,
        422: ErrorMessage,
    },
    auth=django_auth,
    url_name="release_create",
)
def create_release(request, release: ReleaseIn):
    """Publish the provisional figures of a scope as they stand now (blank parts: all).

    The area's performance manager releases its figures; an administrator any. 422 when
    nothing in the scope is waiting to be released; nothing is recorded then.
    """
    if not may_release_anything(request.user):
        # As the web page: someone who may release nothing is refused whatever the codes.
        raise HttpError(403, NOT_A_RELEASER)
    try:
        scope = {
            "area": area_by_code(release.area) if release.area else None,
            "measure": measure_by_code(release.measure) if release.measure else None,
            "period": period_by_label(release.period) if release.period else None,
        }
    except UnknownCode as unknown:
        raise HttpError(404, str(unknown)) from None
    try:
        created = observations_release(user=request.user, note=release.note, **scope)
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from None
    except ValidationError as invalid:
        raise HttpError(422, " ".join(invalid.messages)) from None
    return Status(201, created)


@router.get(
    "/sdmx/structure",
    summary="The SDMX-ML 2.1 structure of the figures' SDMX-CSV (rule M6)",
    description="The dataflow LOCALPERF:NIS_OBS(1.0.0): its data structure definition "
    "(dimensions INDICATOR, REF_AREA, POP_GROUP, TIME_PERIOD; measure OBS_VALUE; attributes "
    "OBS_STATUS, UNIT_MEASURE, CI_LOWER, CI_UPPER and the rest) and the code lists of "
    "measures, areas, population groups and statuses; the same message as "
    "/public/open-data/sdmx/structure.xml. See docs/SDMX.md.",
    openapi_extra={
        "responses": {
            200: {
                "description": "An SDMX-ML 2.1 structure message.",
                "content": {SDMX_STRUCTURE: {"schema": {"type": "string"}}},
            }
        }
    },
)
def sdmx_structure(request):
    return sdmx_structure_response()
