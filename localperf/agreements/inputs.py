"""What a user gives to add or change a target, whether through a web form or the API.

Both turn their input into a ``TargetInput`` and hand it to the same service, so the
same bad input gets the same messages through either. A revision stores a proposed
target as a JSON payload (``to_payload``) and reads it back when it is approved: each
field is written and read by its type in ``TargetInput`` (a record by its primary key, a
number as text), so a new field needs no new line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from types import UnionType
from typing import Union, get_args, get_origin, get_type_hints

from django.db.models import Model

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
    # Rules A3, D3: a statutory target's year may be "to_be_set" or "to_be_confirmed";
    # a year not named is "set".
    year_states: Mapping[str, str] = field(default_factory=dict)
    relative_to: ReferenceFigure | None = None
    relative_ratio: Decimal | None = None
    relative_offset: Decimal | None = None
    partners: tuple[PartnerInput, ...] = ()
    notes: str = ""


# --- The revision payload: the same fields, each written as JSON by its type ----------

HINTS = get_type_hints(TargetInput)


def _written(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, PartnerInput):
        return {"organisation": value.organisation.pk, "coordinating": value.coordinating}
    if isinstance(value, tuple):
        return [_written(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _written(item) for key, item in value.items()}
    return value


def _read(hint, value):
    """``value`` as ``_written`` wrote a field of type ``hint``."""
    if get_origin(hint) in (Union, UnionType):  # "X | None"
        inner = next(arg for arg in get_args(hint) if arg is not type(None))
        return None if value in (None, "") else _read(inner, value)
    if isinstance(hint, type) and issubclass(hint, Model):
        return hint.objects.get(pk=value)
    if hint is Decimal:
        return Decimal(value)
    if get_origin(hint) is tuple:
        item = get_args(hint)[0]
        if item is PartnerInput:
            found = Organisation.objects.in_bulk([p["organisation"] for p in value])
            return tuple(PartnerInput(found[p["organisation"]], p["coordinating"]) for p in value)
        return tuple(item.objects.filter(pk__in=value).order_by("pk"))
    if get_origin(hint) is Mapping:
        return {key: _read(get_args(hint)[1], item) for key, item in value.items()}
    return value


def to_payload(data: TargetInput) -> dict:
    """A JSON-ready form of the input, by primary keys."""
    return {field.name: _written(getattr(data, field.name)) for field in fields(data)}


def from_payload(payload: Mapping) -> TargetInput:
    # A payload stored before a field existed reads it as the field's default.
    return TargetInput(
        **{name: _read(HINTS[name], payload[name]) for name in HINTS if name in payload}
    )


def partner_ids_in_payload(payload: Mapping) -> list[int]:
    return [p["organisation"] for p in payload.get("partners", [])]
