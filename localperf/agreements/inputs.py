"""What a user gives to add or change a target, whether through a web form or the API.

Both turn their input into a ``TargetInput`` and hand it to the same service, so the
same bad input gets the same messages through either. A revision stores a proposed
target as a JSON payload (``to_payload``) and reads it back when it is approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from localperf.agreements.models import Outcome, ReferenceFigure, TargetSetting
from localperf.indicators.models import Indicator, Measure
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup


@dataclass(frozen=True)
class PartnerInput:
    organisation: Organisation
    coordinating: bool = False


@dataclass(frozen=True)
class TargetInput:
    category: str
    indicator: Indicator
    theme: str
    measure: Measure | None = None
    outcome: Outcome | None = None
    title: str = ""
    related_psa: str = ""
    scope_areas: tuple[Area, ...] = ()
    scope_groups: tuple[PopulationGroup, ...] = ()
    sub_regional_area: Area | None = None
    setting: str = TargetSetting.TRAJECTORY
    baseline_value: Decimal | None = None
    baseline_period: str = ""
    baseline_lower: Decimal | None = None
    baseline_upper: Decimal | None = None
    baseline_to_be_confirmed: bool = False
    improvement_percent: Decimal | None = None
    trajectory: Mapping[str, Decimal | None] = field(default_factory=dict)
    relative_to: ReferenceFigure | None = None
    relative_ratio: Decimal | None = None
    relative_offset: Decimal | None = None
    partners: tuple[PartnerInput, ...] = ()
    notes: str = ""


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def to_payload(data: TargetInput) -> dict:
    """A JSON-ready form of the input, by primary keys."""
    return {
        "category": data.category,
        "indicator": data.indicator.pk,
        "theme": data.theme,
        "measure": data.measure.pk if data.measure else None,
        "outcome": data.outcome.pk if data.outcome else None,
        "title": data.title,
        "related_psa": data.related_psa,
        "scope_areas": [a.pk for a in data.scope_areas],
        "scope_groups": [g.pk for g in data.scope_groups],
        "sub_regional_area": data.sub_regional_area.pk if data.sub_regional_area else None,
        "setting": data.setting,
        "baseline_value": _dec(data.baseline_value),
        "baseline_period": data.baseline_period,
        "baseline_lower": _dec(data.baseline_lower),
        "baseline_upper": _dec(data.baseline_upper),
        "baseline_to_be_confirmed": data.baseline_to_be_confirmed,
        "improvement_percent": _dec(data.improvement_percent),
        "trajectory": {year: _dec(value) for year, value in data.trajectory.items()},
        "relative_to": data.relative_to.pk if data.relative_to else None,
        "relative_ratio": _dec(data.relative_ratio),
        "relative_offset": _dec(data.relative_offset),
        "partners": [
            {"organisation": p.organisation.pk, "coordinating": p.coordinating}
            for p in data.partners
        ],
        "notes": data.notes,
    }


def from_payload(payload: Mapping) -> TargetInput:
    def one(model, pk):
        return None if pk is None else model.objects.get(pk=pk)

    organisations = Organisation.objects.in_bulk([p["organisation"] for p in payload["partners"]])
    return TargetInput(
        category=payload["category"],
        indicator=Indicator.objects.get(pk=payload["indicator"]),
        theme=payload["theme"],
        measure=one(Measure, payload["measure"]),
        outcome=one(Outcome, payload["outcome"]),
        title=payload["title"],
        related_psa=payload["related_psa"],
        scope_areas=tuple(Area.objects.filter(pk__in=payload["scope_areas"]).order_by("pk")),
        scope_groups=tuple(
            PopulationGroup.objects.filter(pk__in=payload["scope_groups"]).order_by("pk")
        ),
        sub_regional_area=one(Area, payload["sub_regional_area"]),
        setting=payload["setting"],
        baseline_value=_undec(payload["baseline_value"]),
        baseline_period=payload["baseline_period"],
        baseline_lower=_undec(payload["baseline_lower"]),
        baseline_upper=_undec(payload["baseline_upper"]),
        baseline_to_be_confirmed=payload["baseline_to_be_confirmed"],
        improvement_percent=_undec(payload["improvement_percent"]),
        trajectory={y: _undec(v) for y, v in payload["trajectory"].items()},
        relative_to=one(ReferenceFigure, payload["relative_to"]),
        relative_ratio=_undec(payload["relative_ratio"]),
        relative_offset=_undec(payload["relative_offset"]),
        partners=tuple(
            PartnerInput(organisations[p["organisation"]], p["coordinating"])
            for p in payload["partners"]
        ),
        notes=payload["notes"],
    )


def partner_ids_in_payload(payload: Mapping) -> list[int]:
    return [p["organisation"] for p in payload.get("partners", [])]
