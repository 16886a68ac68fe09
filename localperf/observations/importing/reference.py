"""The dimension tables as small lookups and Polars frames, for the import's joins.

A few hundred measures, a few hundred areas, a score of population groups: read once
per import. A file repeats a few dozen distinct codes a million times, so each
*distinct* code is looked up once, in Python, and the answer spread over the rows with
one vectorised ``replace_strict``; what the checks need per row (ranges, the period
kinds and area levels allowed as bit masks) comes from joins with lean frames on
integer ids. The words for messages are joined only onto the rows that fail.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import polars as pl

from localperf.indicators.models import (
    FIRST_NIS_YEAR,
    Indicator,
    IndicatorKind,
    IndicatorStatus,
    Measure,
)
from localperf.observations.admissibility import (
    admitted,
    default_area_types,
    default_period_kinds,
    unit_range,
)
from localperf.observations.importing.layout import GROUP_SEPARATOR, WHOLE_POPULATION_CODES
from localperf.observations.models import IndicatorRules, PeriodKindChoice
from localperf.places.models import Area, AreaType, PopulationDimension, PopulationGroup

_MEASURE_NOISE = re.compile(r"[\s\-_]+")

PERIOD_KIND_BITS = {kind: 1 << i for i, kind in enumerate(PeriodKindChoice.values)}
AREA_TYPE_BITS = {area_type: 1 << i for i, area_type in enumerate(AreaType.values)}
DIMENSION_BITS = {dimension: 1 << i for i, dimension in enumerate(PopulationDimension.values)}


def measure_key(code: str) -> str:
    """The join key of a measure code: "NI 157a", "ni157A" and "NI-157 a" are one.

    >>> measure_key(" ni-157 a "), measure_key("NI 195")
    ('NI157A', 'NI195')
    """
    return _MEASURE_NOISE.sub("", code.upper())


def group_key(text: str) -> str:
    """The join key of a population group: "Age: 16-24" → "age:16-24"; "" is everyone.

    >>> group_key(" Age : 16-24 "), group_key("all")
    ('age:16-24', '')
    """
    key = "".join(text.lower().split())
    return "" if key in WHOLE_POPULATION_CODES else key


def mask(bits: dict[str, int], values) -> int:
    total = 0
    for value in values:
        total |= bits.get(value, 0)
    return total


def first_year_start(label: str) -> datetime.date | None:
    match = re.match(r"^(\d{4})/\d{2}$", label or "")
    return datetime.date(int(match[1]), 4, 1) if match else None


def _labels(choices, values) -> str:
    names = dict(choices)
    return ", ".join(sorted(str(names.get(v, v)).lower() for v in values))


@dataclass(frozen=True)
class Dimensions:
    """Everything the checks join against."""

    measure_ids: dict[str, int]  # measure_key → id
    measures: pl.DataFrame  # lean: what the rules need per row
    measure_info: pl.DataFrame  # words for messages
    area_ids: dict[str, int]  # upper-case code (GSS, ONS, later GSS) → id
    areas: pl.DataFrame
    area_info: pl.DataFrame
    area_names: dict[str, str]
    group_ids: dict[str, int]  # group_key → id ("" is the whole population)
    groups: pl.DataFrame
    whole_population_id: int
    deleted_measure_keys: frozenset[str]
    # Local indicators (rule D9) with no measure to hold figures: key → code, for the message.
    bare_local_codes: dict[str, str]

    @property
    def measure_codes(self) -> list[str]:
        return sorted(self.measure_info["code"].to_list())

    @property
    def area_codes(self) -> list[str]:
        return sorted(self.area_ids)

    @property
    def group_codes(self) -> list[str]:
        return sorted(key for key in self.group_ids if key)


def dimensions_load() -> Dimensions:
    measure_ids, measures, measure_info = _measures()
    area_ids, areas, area_info, area_names = _areas()
    group_ids, groups, whole_id = _groups()
    deleted = frozenset(
        measure_key(code)
        for code in Indicator.objects.filter(status=IndicatorStatus.DELETED)
        .exclude(measures__isnull=False)
        .values_list("code", flat=True)
    )
    bare_local = {
        measure_key(code): code
        for code in Indicator.objects.filter(kind=IndicatorKind.LOCAL, measures__isnull=True)
        .values_list("code", flat=True)
        .distinct()
    }
    return Dimensions(
        measure_ids=measure_ids,
        measures=measures,
        measure_info=measure_info,
        area_ids=area_ids,
        areas=areas,
        area_info=area_info,
        area_names=area_names,
        group_ids=group_ids,
        groups=groups,
        whole_population_id=whole_id,
        deleted_measure_keys=deleted,
        bare_local_codes={k: c for k, c in bare_local.items() if k not in measure_ids},
    )


# What the rules need per row (lean), and the words for messages, one row per measure.
MEASURE_SCHEMA = {
    "measure_id": pl.Int64,
    "m_low": pl.Float64,
    "m_high": pl.Float64,
    "m_proportion": pl.Boolean,
    "m_deleted": pl.Boolean,
    "m_deferred_start": pl.Date,
    "m_withdrawn_from": pl.Date,
    "m_period_mask": pl.Int64,
    "m_area_mask": pl.Int64,
    "m_dimension_mask": pl.Int64,
    "m_local": pl.Boolean,
}
MEASURE_INFO_SCHEMA = {
    "measure_id": pl.Int64,
    "code": pl.String,
    "unit": pl.String,
    "range_text": pl.String,
    "period_kinds_text": pl.String,
    "area_types_text": pl.String,
    "first_year": pl.String,
    "owner": pl.String,
    "withdrawn_text": pl.String,
}


def _measures() -> tuple[dict[str, int], pl.DataFrame, pl.DataFrame]:
    overrides = {rule.indicator_id: rule for rule in IndicatorRules.objects.all()}
    keys: dict[str, int] = {}
    rows, info = [], []
    local_keys: dict[str, int] = {}
    for measure in Measure.objects.select_related("indicator__owner").order_by("pk"):
        indicator = measure.indicator
        row, words = _measure_row(measure, overrides.get(indicator.pk))
        rows.append(row)
        info.append(words)
        if indicator.kind == IndicatorKind.LOCAL:
            # A local indicator's measure by its own code ("KENT-GVA"), rule D9.
            local_keys.setdefault(measure_key(measure.code), measure.pk)
            continue
        keys.setdefault(measure_key(measure.code), measure.pk)
        if indicator.number is not None:
            keys.setdefault(measure_key(f"{indicator.number}{measure.part}"), measure.pk)
    # A local code that reads like a national one ("NI-195") never hides the national.
    for key, pk in local_keys.items():
        keys.setdefault(key, pk)
    measures = pl.DataFrame(rows, schema=MEASURE_SCHEMA, orient="row")
    measure_info = pl.DataFrame(info, schema=MEASURE_INFO_SCHEMA, orient="row")
    return keys, measures, measure_info


def _measure_row(measure: Measure, rule: IndicatorRules | None) -> tuple[tuple, tuple]:
    """One measure's row of ``MEASURE_SCHEMA`` and of ``MEASURE_INFO_SCHEMA``: its unit's
    range, the period kinds and area levels admitted (its indicator's rules, else the
    defaults) and the breakdowns it declares."""
    indicator = measure.indicator
    kinds = admitted(
        rule.period_kinds if rule else None,
        default_period_kinds(indicator.reporting_frequency, indicator.survey, indicator.department),
    )
    area_types = admitted(rule.area_types if rule else None, default_area_types(indicator.kind))
    unit = measure.effective_unit
    bounds = unit_range(unit)
    deferred = indicator.first_year != FIRST_NIS_YEAR
    row = (
        measure.pk,
        bounds.lowest,
        bounds.highest,
        bounds.proportion,
        indicator.status == IndicatorStatus.DELETED,
        first_year_start(indicator.first_year) if deferred else None,
        indicator.withdrawn_from,
        mask(PERIOD_KIND_BITS, kinds),
        mask(AREA_TYPE_BITS, area_types),
        mask(DIMENSION_BITS, measure.disaggregations or []),
        indicator.kind == IndicatorKind.LOCAL,
    )
    words = (
        measure.pk,
        measure.code,
        unit,
        bounds.describe(),
        _labels(PeriodKindChoice.choices, kinds),
        _labels(AreaType.choices, area_types),
        indicator.first_year,
        indicator.owner.name if indicator.owner_id else "",
        _withdrawn_text(indicator),
    )
    return row, words


def _withdrawn_text(indicator) -> str:
    """ "1 January 2009 (Key Stage 3 tests abolished …)": the words of rules A3, D3."""
    day = indicator.withdrawn_from
    if day is None:
        return ""
    reason = f" ({indicator.withdrawal_reason})" if indicator.withdrawal_reason else ""
    return f"{day.day} {day:%B %Y}{reason}"


def _areas() -> tuple[dict[str, int], pl.DataFrame, pl.DataFrame, dict[str, str]]:
    fields = (
        "id",
        "code",
        "gss_code",
        "ons_code",
        "later_gss_code",
        "name",
        "area_type",
        "valid_from",
        "valid_to",
    )
    areas = list(Area.objects.order_by("pk").values_list(*fields))
    keys: dict[str, int] = {}
    # Primary codes first, so that an older or later code never hides another area's own.
    for priority in ("code", "gss_code", "ons_code", "later_gss_code"):
        position = fields.index(priority)
        for area in areas:
            code = (area[position] or "").strip().upper()
            if code:
                keys.setdefault(code, area[0])
    rows, info, names = [], [], {}
    for pk, code, _gss, _ons, later, name, area_type, valid_from, valid_to in areas:
        # A recoded area lives on under its later code: its old end date is not an end.
        rows.append((pk, AREA_TYPE_BITS.get(area_type, 0), valid_from, None if later else valid_to))
        info.append((pk, code, area_type.replace("_", " ")))
        names[code] = name
    frame = pl.DataFrame(
        rows,
        schema={
            "area_id": pl.Int64,
            "a_type_bit": pl.Int64,
            "a_valid_from": pl.Date,
            "a_valid_to": pl.Date,
        },
        orient="row",
    )
    area_info = pl.DataFrame(
        info,
        schema={"area_id": pl.Int64, "area_code": pl.String, "area_type": pl.String},
        orient="row",
    )
    return keys, frame, area_info, names


def _groups() -> tuple[dict[str, int], pl.DataFrame, int]:
    whole = PopulationGroup.objects.whole_population()
    keys: dict[str, int] = {"": whole.pk}
    rows = []
    for pk, dimension, code in PopulationGroup.objects.values_list("id", "dimension", "code"):
        if pk != whole.pk:
            keys[group_key(f"{dimension}{GROUP_SEPARATOR}{code}")] = pk
        rows.append((pk, DIMENSION_BITS.get(dimension, 0), dimension))
    frame = pl.DataFrame(
        rows,
        schema={"group_id": pl.Int64, "g_dimension_bit": pl.Int64, "group_dimension": pl.String},
        orient="row",
    )
    return keys, frame, whole.pk
