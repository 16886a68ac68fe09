"""The national picture as JSON, for signed-in government users (rule N1): the
indicator selection table, one indicator across every area and the collect-once ledger.
401 when not signed in, 403 for users outside government, 404 ``{"detail": ...}`` naming
an unknown measure, period or comparator group."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from localperf.national import selectors
from localperf.national.ledger_api import LedgerOut, ledger_out
from localperf.national.permissions import may_view_picture
from localperf.observations.rights import provisional_areas_for
from localperf.observations.selectors import UnknownCode, measure_by_code, period_by_label
from localperf.places.models import Tier
from localperf.web.api import responses
from localperf.web.periods import PeriodText

router = Router(tags=["national picture"], auth=django_auth)


def _government(request: HttpRequest) -> None:
    if not may_view_picture(request.user):
        raise HttpError(403, "The national picture is for government users.")


class SelectionRowOut(Schema):
    indicator: str
    title: str
    deferred: bool
    agreements: int = Field(description="Approved or in-force LAAs with a designated target.")
    by_region: dict[str, int] = Field(description="Region code → agreements.")
    by_theme: dict[str, int] = Field(description="LAA theme → agreements.")


class SelectionOut(Schema):
    counted_statuses: str
    agreement_count: int
    few_threshold: int
    few: list[str] = Field(description="Indicators chosen by the threshold or fewer.")
    items: list[SelectionRowOut]


@router.get(
    "/selection",
    response={200: SelectionOut, **responses(403)},
    summary="How many LAAs designated each national indicator, by region and theme",
)
def selection(request):
    _government(request)
    result = selectors.indicator_selection()
    codes = {r.pk: r.code for r in result.regions}
    return {
        "counted_statuses": result.statuses_text,
        "agreement_count": result.agreement_count,
        "few_threshold": selectors.FEW_AGREEMENTS,
        "few": [row.code for row in result.few()],
        "items": [
            {
                "indicator": row.code,
                "title": row.title,
                "deferred": row.is_deferred,
                "agreements": row.agreements,
                "by_region": {codes[k]: v for k, v in row.by_region.items() if k in codes},
                "by_theme": row.by_theme,
            }
            for row in result.rows
        ],
    }


class DistributionOut(Schema):
    count: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float


class EstimateOut(Schema):
    value: float
    lower: float | None
    upper: float | None


class GroupOut(Schema):
    name: str
    figure: EstimateOut | None
    source: str
    basis: str = Field(
        "",
        description='For England: "England figure" (the figure recorded for England) or '
        '"Combined rate of the areas shown" (when none is recorded); blank for a group.',
    )


class PictureAreaOut(Schema):
    area: str
    name: str
    region: str
    value: float
    lower: float | None
    upper: float | None
    numerator: float | None
    denominator: float | None
    provisional: bool
    rank_england: int | None
    rank_region: int | None
    areas_in_region: int = Field(description="Areas of the tier in the region with a figure.")
    rank_group: int | None = Field(description="Rank within the comparator group.")
    band_england: int | None
    band_region: int | None
    target: float | None
    meets_target: bool | None
    previous_value: float | None
    direction: str
    versus_england: str
    in_comparator: bool
    versus_comparator: str | None


class PictureOut(Schema):
    measure: str
    period: str
    tier: Tier = Field(description="The set of areas compared (rule N1): upper or lower tier.")
    tier_label: str = Field(description="Which areas the tier holds, in words.")
    areas_ranked: int = Field(description="Areas of the tier with a figure: the N of the ranks.")
    previous_period: str | None
    polarity: str | None
    unit: str
    definition_changed: bool
    distribution: DistributionOut | None
    england: GroupOut
    comparator: GroupOut | None
    methods: dict[str, str]
    areas: list[PictureAreaOut]


class PictureQuery(Schema):
    measure: str = Field(description='A measure code, e.g. "NI 195a".')
    period: PeriodText = Field(description='A period label, e.g. "2009/10".')
    comparator: int | None = Field(None, description="A comparator group's id.")
    tier: Tier = Field(
        Tier.UPPER,
        description="upper: counties and unitaries; lower: districts, metropolitan districts, "
        "unitaries and London boroughs. Never mixed.",
    )


def _group(group) -> dict | None:
    if group is None:
        return None
    estimate = group.estimate
    figure = (
        {"value": estimate.value, "lower": estimate.lower, "upper": estimate.upper}
        if estimate
        else None
    )
    return {"name": group.name, "figure": figure, "source": group.source, "basis": group.label}


@router.get(
    "/indicator",
    response={200: PictureOut, **responses(403, 404, 422)},
    summary="One measure for one period across every area of one tier",
)
def picture(request, query: Query[PictureQuery]):
    _government(request)
    try:
        measure = measure_by_code(query.measure)
        period = period_by_label(query.period)
    except UnknownCode as unknown:
        raise HttpError(404, str(unknown)) from unknown
    comparator = None
    if query.comparator is not None:
        comparator = selectors.comparator_group_get_for(request.user, query.comparator)
        if comparator is None:
            raise HttpError(
                404, f"There is no comparator group with the id '{query.comparator}' you can use."
            )
        if query.tier not in selectors.comparator_tiers(comparator):
            message = f"The group {comparator.name} holds areas outside the {query.tier} tier."
            return Status(
                422, {"detail": message, "errors": [{"field": "comparator", "message": message}]}
            )
    result = selectors.indicator_picture(
        measure,
        period,
        comparator=comparator,
        provisional_areas=provisional_areas_for(request.user),
        tier=query.tier,
    )
    d = result.distribution
    return {
        "measure": measure.code,
        "period": period.label,
        "tier": result.tier,
        "tier_label": result.tier_label,
        "areas_ranked": d.count if d else 0,
        "previous_period": result.previous_period.label if result.previous_period else None,
        "polarity": result.polarity.value if result.polarity else None,
        "unit": result.unit,
        "definition_changed": result.definition_changed,
        "distribution": d.__dict__ if d else None,
        "england": _group(result.england),
        "comparator": _group(result.comparator_figure),
        "methods": result.methods,
        "areas": [
            {
                "area": a.code,
                "name": a.name,
                "region": a.region_name,
                "value": a.value,
                "lower": a.figure.lower,
                "upper": a.figure.upper,
                "numerator": a.figure.numerator,
                "denominator": a.figure.denominator,
                "provisional": a.figure.provisional,
                "rank_england": a.rank_england,
                "rank_region": a.rank_region,
                "areas_in_region": a.region_count,
                "rank_group": a.rank_group,
                "band_england": a.band_england,
                "band_region": a.band_region,
                "target": a.target,
                "meets_target": a.meets_target,
                "previous_value": a.previous_value,
                "direction": a.direction.value,
                "versus_england": a.versus_england.value,
                "in_comparator": a.in_comparator,
                "versus_comparator": a.versus_comparator.value if comparator else None,
            }
            for a in result.areas
        ],
    }


@router.get(
    "/ledger",
    response={200: LedgerOut, **responses(403)},
    summary="The collect-once ledger of every current figure (rule M6)",
)
def ledger(request):
    _government(request)
    return ledger_out(released_only=False)
