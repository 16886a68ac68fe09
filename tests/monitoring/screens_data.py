"""Figures for the monitoring screens' tests and benchmark: a data return, in the import
layout, that gives an agreement's targets every status (on track, slightly behind, off
track, a dip, an improvement, a missing year, an overdue return), made from the profiles
the stored assessments hold, and imported through the real import service.

Fates go round the targets in the agreement's order; targets without a profile
(placeholders) get no figures. Sub-area and group targets (rule A6) get a figure per
area with numerator and denominator, and the whole area's figure too.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.monitoring import selectors
from localperf.monitoring.services import assessments_recompute
from localperf.observations.admissibility import unit_range
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.services import observation_import

# As at this day, the annual returns for 2008/09 and 2009/10 are due, 2010/11's not yet.
AS_AT = datetime.date(2010, 11, 15)

# The change from profile, in % of the profile, better when positive (None: no figure).
FATES: dict[str, tuple[float | None, float | None]] = {
    "on_track": (2.0, 3.0),
    "slightly_behind": (-1.0, -3.0),
    "off_track": (-10.0, -12.0),
    "dip": (2.0, -12.0),
    "improving": (-12.0, 4.0),
    "missing_year": (None, 2.0),
    "overdue": (None, None),
}
FATE_ORDER = tuple(FATES)
CORRECTION_REASON = "Figures revised after the county's data audit"
KENT = "E10000016"
CAMDEN = "E09000007"


def fate_of(index: int) -> str:
    return FATE_ORDER[index % len(FATE_ORDER)]


def _value(profile: float, change: float, polarity: str, unit: str) -> float:
    sign = -1.0 if polarity == "lower" else 1.0
    value = profile + sign * change / 100 * abs(profile)
    limits = unit_range(unit)
    if limits.highest is not None:
        value = min(value, limits.highest)
    if limits.lowest is not None:
        value = max(value, limits.lowest)
    return round(value, 4)


def _rows(progress, fate: str, area_code: str) -> list[dict]:
    indicator = progress.target.indicator
    # A withdrawn indicator (NI 74, NI 83) takes no figure from its withdrawal (rule D3).
    due = [
        p
        for p in progress.series
        if p.profile is not None and p.due_on < AS_AT and not indicator.withdrawn_by(p.period_end)
    ]
    rows = []
    for point, change in zip(due[-2:], FATES[fate][-len(due[-2:]) :], strict=False):
        if change is None:
            continue
        value = _value(point.profile, change, progress.polarity, progress.unit)
        cells = [(a.code, "") for a in progress.scope_areas] or [(area_code, "")]
        if progress.scope_groups:
            cells = [
                (code, f"{g.dimension}:{g.code}")
                for code, _ in cells
                for g in progress.scope_groups
            ]
        if progress.reports_whole_area:
            cells.append((area_code, ""))
        proportion = unit_range(progress.unit).proportion
        for code, group in cells:
            row = {"measure": progress.measure_code, "area": code, "period": point.period_label}
            row.update(group=group, value=value)
            if proportion:
                row.update(numerator=round(value * 10, 4), denominator=1000)
            rows.append(row)
    return rows


def progress_csv(agreement, *, fates: Sequence[str] | None = None) -> bytes:
    """The data return for ``agreement`` (its stored assessments must exist)."""
    progress = selectors.agreement_progress(agreement, today=AS_AT)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for index, item in enumerate(progress):
        if not item.measure_code.startswith("NI "):
            continue  # the import does not know local indicators' codes (yet)
        fate = fates[index] if fates is not None else fate_of(index)
        writer.writerows(_rows(item, fate, agreement.area.code))
    return out.getvalue().encode()


def give_every_status(agreement, user) -> dict[str, str]:
    """Import the data return as ``user`` and recompute as at ``AS_AT``; returns each
    target's measure code → fate."""
    assessments_recompute(today=AS_AT)
    progress = selectors.agreement_progress(agreement, today=AS_AT)
    result = observation_import(
        file=progress_csv(agreement),
        user=user,
        dry_run=False,
        file_name="return.csv",
        reason=CORRECTION_REASON,
    )
    assert result.committed, result.problems[:5] or result.message
    assessments_recompute(today=AS_AT)
    return {p.measure_code: fate_of(i) for i, p in enumerate(progress)}


@dataclass(frozen=True)
class Demo:
    kent: Agreement
    camden: Agreement
    manchester: Agreement
    fates: dict[str, str]  # Kent's measure codes → fate


@pytest.fixture(scope="module", name="demo")
def demo_fixture(django_db_setup, django_db_blocker):
    """The demo data (``load_demo``) with Kent's return on top, loaded once per module
    inside a transaction that is rolled back afterwards: each test's own transaction is
    a savepoint within it, so no test sees another's changes and nothing outlives the
    module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        kent = Agreement.objects.select_related("area").get(area__code=KENT)
        fates = give_every_status(kent, User.objects.get(username="demo-pm-kent"))
        yield Demo(
            kent=kent,
            camden=Agreement.objects.get(area__code=CAMDEN),
            manchester=Agreement.objects.filter(kind="laa")
            .exclude(area__code__in=[KENT, CAMDEN])
            .get(),
            fates=fates,
        )
        transaction.set_rollback(True)


@pytest.fixture(autouse=True, name="as_at")
def as_at_fixture(settings):
    """Statuses judged on ``AS_AT``, as the figures were made for."""
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()
    return AS_AT


def user(username: str):
    return User.objects.get(username=username)
