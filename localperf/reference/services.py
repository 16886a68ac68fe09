"""Loading the reference data into the registers, idempotently and in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localperf.indicators.models import (
    FIRST_NIS_YEAR,
    PLACE_SURVEY,
    DefinitionVersion,
    Indicator,
    IndicatorKind,
    Measure,
    ReportingFrequency,
    Theme,
    ni_code,
)
from localperf.organisations.models import Organisation, OrganisationKind
from localperf.places.models import Area, AreaType, PopulationGroup
from localperf.reference.files import (
    DATA_DIR,
    AuthorityRow,
    IndicatorRow,
    NamedAreaRow,
    ReferenceData,
    read_reference,
)

# ONS back-dates every GSS code to 2009-01-01 (reference README): that date means
# "existed before GSS codes began", so it is stored as an open start.
GSS_BACKDATE = datetime.date(2009, 1, 1)
RESTRUCTURING_DAY = datetime.date(2009, 4, 1)

AREA_TYPE_BY_FILE = {
    "county": AreaType.COUNTY,
    "district": AreaType.DISTRICT,
    "unitary": AreaType.UNITARY,
    "metropolitan district": AreaType.METROPOLITAN_DISTRICT,
    "london borough": AreaType.LONDON_BOROUGH,
    "city of london": AreaType.CITY_OF_LONDON,
    "isles of scilly": AreaType.ISLES_OF_SCILLY,
}
COUNCIL_KIND_BY_FILE = {
    "county": OrganisationKind.COUNTY_COUNCIL,
    "district": OrganisationKind.DISTRICT_COUNCIL,
    "unitary": OrganisationKind.UNITARY_COUNCIL,
    "metropolitan district": OrganisationKind.METROPOLITAN_BOROUGH_COUNCIL,
    "london borough": OrganisationKind.LONDON_BOROUGH_COUNCIL,
    "city of london": OrganisationKind.UNITARY_COUNCIL,
    "isles of scilly": OrganisationKind.UNITARY_COUNCIL,
}
THEME_BY_LABEL = {label: value for value, label in Theme.choices}


@dataclass
class SyncCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_corrections: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept_corrections:
            text += f", {len(self.kept_corrections)} kept with staff corrections"
        return text

    def add(self, other: SyncCount) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.kept_corrections += other.kept_corrections


@dataclass
class LoadSummary:
    counts: dict[str, SyncCount]

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        return [f"{name}: {count}" for name, count in self.counts.items()]


def corrected_by_staff(model: type[models.Model]) -> set[int]:
    """Objects whose latest recorded change was made by a person, not by a loader."""
    latest: dict[int, int | None] = {}
    rows = model.history.order_by("history_date", "history_id").values_list("id", "history_user")
    for object_id, user_id in rows:
        latest[object_id] = user_id
    return {object_id for object_id, user_id in latest.items() if user_id is not None}


def sync_rows(
    model: type[models.Model],
    key: tuple[str, ...],
    desired: dict[tuple, dict[str, object]],
    *,
    reason: str,
    overwrite_corrections: bool,
) -> tuple[SyncCount, dict[tuple, models.Model]]:
    """Make the rows of ``model`` match ``desired`` (by its natural ``key``), touching only
    what differs, with a history record for every row created or changed.

    Rows a person corrected since the last load are left alone unless told
    otherwise, so a reload never silently undoes an administrator's fix.
    """

    def key_of(obj: models.Model) -> tuple:
        return tuple(getattr(obj, name) for name in key)

    count = SyncCount()
    existing = {key_of(obj): obj for obj in model.objects.all()}
    corrected = set() if overwrite_corrections else corrected_by_staff(model)
    to_create, to_update, changed_fields = [], [], set()
    for k, values in desired.items():
        obj = existing.get(k)
        if obj is None:
            to_create.append(model(**dict(zip(key, k, strict=True)), **values))
            continue
        differing = {name: v for name, v in values.items() if getattr(obj, name) != v}
        if not differing:
            count.unchanged += 1
        elif obj.pk in corrected:
            count.kept_corrections.append(" ".join(map(str, k)))
        else:
            for name, value in differing.items():
                setattr(obj, name, value)
            changed_fields.update(differing)
            to_update.append(obj)
    if to_create:
        bulk_create_with_history(to_create, model, default_change_reason=reason)
    if to_update:
        bulk_update_with_history(
            to_update, model, sorted(changed_fields), default_change_reason=reason
        )
    count.created, count.updated = len(to_create), len(to_update)
    objects = {key_of(obj): obj for obj in model.objects.all()}
    return count, {k: objects[k] for k in desired}


def sync_links(
    through: type[models.Model],
    source_field: str,
    target_field: str,
    desired: set[tuple[int, int]],
    sources: Iterable[int],
) -> SyncCount:
    """Make the many-to-many pairs for ``sources`` equal ``desired``."""
    count = SyncCount()
    sources = list(sources)
    current = set(
        through.objects.filter(**{f"{source_field}__in": sources}).values_list(
            source_field, target_field
        )
    )
    missing, extra = desired - current, current - desired
    through.objects.bulk_create(
        [through(**{source_field: s, target_field: t}) for s, t in sorted(missing)]
    )
    for s, t in extra:
        through.objects.filter(**{source_field: s, target_field: t}).delete()
    count.created, count.updated, count.unchanged = len(missing), len(extra), len(current & desired)
    return count


def open_start(day: datetime.date | None) -> datetime.date | None:
    return None if day == GSS_BACKDATE else day


def reporting_frequency_for(row: IndicatorRow) -> str:
    if row.survey == PLACE_SURVEY:
        return ReportingFrequency.BIENNIAL_SURVEY
    if "rolling" in row.unit:
        return ReportingFrequency.ROLLING_THREE_YEAR
    return ReportingFrequency.ANNUAL


def financial_year_start(label: str) -> datetime.date:
    return datetime.date(int(label[:4]), 4, 1)


def authority_values(row: AuthorityRow, regions: dict[str, Area]) -> dict[str, object]:
    return {
        "gss_code": row.gss_code,
        "ons_code": row.ons_code,
        "later_gss_code": row.later_gss_code,
        "name": row.name,
        "area_type": AREA_TYPE_BY_FILE[row.type],
        "upper_tier": row.upper_tier,
        "region_id": regions[row.region_gss].pk,
        "valid_from": open_start(row.valid_from),
        "valid_to": row.valid_to,
        "laa_2008_11": row.laa_2008_11,
        "council_name": row.council_name,
        "notes": row.notes,
        "source": row.source,
    }


def _named_areas_sync(
    rows: list[NamedAreaRow], area_type: str, reason: str, overwrite: bool, total: SyncCount
) -> dict[str, Area]:
    values = {
        (r.gss_code,): {
            "gss_code": r.gss_code,
            "name": r.name,
            "area_type": area_type,
            "valid_from": open_start(r.valid_from),
            "source": r.source,
        }
        for r in rows
    }
    count, synced = sync_rows(
        Area, ("code",), values, reason=reason, overwrite_corrections=overwrite
    )
    total.add(count)
    return {code: area for (code,), area in synced.items()}


def load_places(data: ReferenceData, reason: str, overwrite: bool) -> tuple[dict, SyncCount]:
    total = SyncCount()
    countries = _named_areas_sync(data.countries, AreaType.COUNTRY, reason, overwrite, total)
    regions = _named_areas_sync(data.regions, AreaType.REGION, reason, overwrite, total)
    # Counties first, so that districts can point at them in the same load.
    top = [r for r in data.authorities if not r.parent_county_gss]
    lower = [r for r in data.authorities if r.parent_county_gss]
    count, synced = sync_rows(
        Area,
        ("code",),
        {(r.gss_code,): {**authority_values(r, regions), "parent_id": None} for r in top},
        reason=reason,
        overwrite_corrections=overwrite,
    )
    total.add(count)
    areas = {code: area for (code,), area in synced.items()}
    lower_values = {
        (r.gss_code,): {
            **authority_values(r, regions),
            "parent_id": areas[r.parent_county_gss].pk,
        }
        for r in lower
    }
    count, synced = sync_rows(
        Area, ("code",), lower_values, reason=reason, overwrite_corrections=overwrite
    )
    total.add(count)
    areas.update({code: area for (code,), area in synced.items()})
    successors = {
        (areas[r.gss_code].pk, areas[code].pk) for r in data.authorities for code in r.successor_gss
    }
    total.add(
        sync_links(
            Area.successors.through,
            "from_area_id",
            "to_area_id",
            successors,
            (a.pk for a in areas.values()),
        )
    )
    return {**countries, **regions, **areas}, total


def council_name(row: AuthorityRow) -> str:
    if row.council_name:
        return row.council_name
    kind = COUNCIL_KIND_BY_FILE[row.type]
    return f"{row.name} {OrganisationKind(kind).label.split()[-2].title()} Council"


def load_organisations(
    data: ReferenceData, areas: dict[str, Area], reason: str, overwrite: bool
) -> SyncCount:
    desired: dict[str, dict[str, object]] = {}
    for row in data.organisations:
        desired[(row.slug,)] = {
            "name": row.name,
            "kind": row.kind,
            "area_id": areas[row.area_code].pk if row.area_code else None,
            "register_code": "",
            "active": True,
        }
    taken = {slug for (slug,) in desired}
    for row in data.authorities:
        name = council_name(row)
        slug = slugify(name)
        if slug in taken:
            slug = f"{slug}-{row.gss_code.lower()}"
        taken.add(slug)
        desired[(slug,)] = {
            "name": name,
            "kind": COUNCIL_KIND_BY_FILE[row.type],
            "area_id": areas[row.gss_code].pk,
            "register_code": row.register_code,
            "active": areas[row.gss_code].is_live_on(RESTRUCTURING_DAY),
        }
    count, _ = sync_rows(
        Organisation, ("slug",), desired, reason=reason, overwrite_corrections=overwrite
    )
    return count


def load_indicators(data: ReferenceData, reason: str, overwrite: bool) -> SyncCount:
    total = SyncCount()
    desired = {
        (row.number,): {
            "kind": IndicatorKind.NATIONAL,
            "code": ni_code(row.number),
            "title": row.title,
            "status": row.status,
            "theme": THEME_BY_LABEL.get(row.theme, ""),
            "department": row.department,
            "survey": row.survey,
            "polarity": row.polarity,
            "unit": row.unit,
            "statutory_education": row.statutory_education,
            "first_year": row.first_year or FIRST_NIS_YEAR,
            "reporting_frequency": reporting_frequency_for(row),
            "has_confidence_intervals": bool(row.survey),
            "title_checked": row.title_checked,
            "metadata_checked": row.metadata_checked,
        }
        for row in data.indicators
    }
    for withdrawal in data.withdrawals:
        desired[(withdrawal.number,)].update(
            withdrawn_from=withdrawal.withdrawn_from,
            withdrawal_reason=withdrawal.reason,
            withdrawal_source=withdrawal.source,
        )
    count, synced = sync_rows(
        Indicator, ("number",), desired, reason=reason, overwrite_corrections=overwrite
    )
    indicators = {number: indicator for (number,), indicator in synced.items()}
    total.add(count)
    live = [row for row in data.indicators if row.status == "live"]
    measures: dict[tuple[int, str], dict[str, object]] = {
        (indicators[row.number].pk, ""): {"title": row.title} for row in live
    }
    for m in data.measures:
        measures[(indicators[m.number].pk, m.part)] = {
            "title": m.title,
            "unit": m.unit,
            "polarity": m.polarity,
            "disaggregations": list(m.disaggregations),
            "source": m.source,
        }
    count, _ = sync_rows(
        Measure, ("indicator_id", "part"), measures, reason=reason, overwrite_corrections=overwrite
    )
    total.add(count)
    versions = {
        (indicators[row.number].pk, 1): {
            "effective_from": financial_year_start(row.first_year or FIRST_NIS_YEAR),
            "summary": "Definition as published in the National Indicator Set handbook, 2008.",
            "source": "National Indicator Set handbook of definitions, CLG 2008",
        }
        for row in live
    }
    count, _ = sync_rows(
        DefinitionVersion,
        ("indicator_id", "version"),
        versions,
        reason=reason,
        overwrite_corrections=overwrite,
    )
    total.add(count)
    return total


def load_population_groups(data: ReferenceData, reason: str, overwrite: bool) -> SyncCount:
    desired = {(g.dimension, g.code): {"label": g.label} for g in data.population_groups}
    count, _ = sync_rows(
        PopulationGroup,
        ("dimension", "code"),
        desired,
        reason=reason,
        overwrite_corrections=overwrite,
    )
    return count


def reference_load(
    *, data_dir: Path = DATA_DIR, overwrite_corrections: bool = False
) -> LoadSummary:
    """Load every reference file; all or nothing, and a second run changes nothing."""
    data = read_reference(data_dir)
    reason = "Loaded from the reference files"
    with transaction.atomic():
        areas, places = load_places(data, reason, overwrite_corrections)
        return LoadSummary(
            {
                "places": places,
                "organisations": load_organisations(data, areas, reason, overwrite_corrections),
                "indicators": load_indicators(data, reason, overwrite_corrections),
                "population groups": load_population_groups(data, reason, overwrite_corrections),
            }
        )
