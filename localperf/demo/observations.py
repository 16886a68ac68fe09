"""Demonstration figures for the demo agreements, so that every status shows.

The figures are made from each target's own trajectory, so that they sit where the
demo wants them: on track (a little better than the profile), slightly behind (amber,
2–4% worse), off track (red, about 12% worse), or missing. A target's scenario comes
from its place in its agreement (every sixth target has no 2008/09 figure, so it is
overdue once that figure is due), except for the few chosen in ``SPECIAL``:

- NI 111 (first-time entrants, a cumulative count): quarterly year-to-date figures for
  2008/09 and the first half of 2009/10;
- NI 155 (affordable homes, cumulative): half-yearly figures with 2008/09 H2 never sent
  while 2009/10 H1 arrived, so 2008/09 H2 is *missing* rather than overdue;
- NI 116 in Kent (set for Thanet and Swale, rule A6): figures for the two districts with
  numerators and denominators, and for the whole of Kent beside them;
- Place Survey indicators: the autumn 2008 round, with confidence intervals (rule D7);
- NI 113 in Manchester (chlamydia screening): the reference data sets no polarity for
  it (more cases found may mean more screening, not worse health), so its figures always
  come and it shows as *not rated*: a figure with no fair yardstick;
- the local indicators (KENT-GVA, MCR-NVQ4, rule D9) by their own codes, like any other;
- NI 195 (rule D4): Camden's target is on NI 195a (litter); its survey reports all four
  parts, so NI 195b–d come beside each NI 195a figure, in the proportions of Defra's
  2007/08 national benchmarks (litter 11, detritus 21, graffiti 4, fly-posting 1).

The 2007/08 figure is the baseline where the baseline is for 2007/08, so that the
direction of travel shows. They are loaded through the observations import (the bulk
write path), as one file, once: a later run finds the batch and leaves them alone.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from localperf.agreements.models import Agreement, Target, TargetStatus
from localperf.agreements.selectors import version_in_force
from localperf.calculations import Accumulation, Trajectory, period_parse, profile_for
from localperf.indicators.models import Measure, ReportingFrequency
from localperf.observations.admissibility import unit_range
from localperf.observations.importing.services import observation_import
from localperf.observations.models import ImportBatch, ImportStatus, IndicatorRules

FILE_NAME = "demo-observations.csv"
CUMULATIVE = {"NI 111": "quarter", "NI 155": "half_year", "NI 154": None}
# Worse than profile by this fraction (negative: better).
SCENARIOS = {"green": -0.02, "amber": 0.03, "red": 0.12}
CYCLE = ("green", "amber", "green", "red", "green", "missing")
COLUMNS = ("measure", "area", "period", "group", "value", "numerator", "denominator",
           "ci_lower", "ci_upper", "sample_size", "status", "note")  # fmt: skip


def demo_observations_load() -> bool:
    """Import the demo figures unless already imported; True when imported now."""
    if ImportBatch.objects.filter(file_name=FILE_NAME, status=ImportStatus.COMMITTED).exists():
        return False
    _prepare_measures()
    rows = []
    agreements = Agreement.objects.filter(area__code__in=["E10000016", "E08000003", "E09000007"])
    for agreement in agreements.select_related("area"):
        targets = (
            Target.objects.filter(agreement=agreement, status=TargetStatus.ACTIVE)
            .select_related("indicator", "measure")
            .prefetch_related("scope_areas", "versions__trajectory_values")
            .order_by("id")
        )
        for index, target in enumerate(targets):
            rows.extend(_figures(agreement, target, CYCLE[index % len(CYCLE)]))
    rows.extend(_other_parts_of_ni_195(rows))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    result = observation_import(
        file=buffer.getvalue().encode("utf-8"), user=None, dry_run=False, file_name=FILE_NAME
    )
    if result.status != ImportStatus.COMMITTED:
        raise RuntimeError(f"demo observations refused: {result.message} {result.problems[:3]}")
    return True


# Defra's 2007/08 national benchmarks for NI 195, all land uses (% of sites below grade B).
NI_195_BENCHMARKS = {"a": 11, "b": 21, "c": 4, "d": 1}


def _other_parts_of_ni_195(rows: list[dict]) -> list[dict]:
    """NI 195b–d beside every NI 195a figure: one survey reports the four parts (rule D4).

    >>> [(r["measure"], r["value"]) for r in _other_parts_of_ni_195(
    ...     [{"measure": "NI 195a", "area": "E09000007", "period": "2008/09", "value": 11.0}])]
    [('NI 195b', 21.0), ('NI 195c', 4.0), ('NI 195d', 1.0)]
    """
    litter = NI_195_BENCHMARKS["a"]
    return [
        {**row, "measure": f"NI 195{part}", "value": round(row["value"] * share / litter, 1)}
        for row in rows
        if row["measure"] == "NI 195a"
        for part, share in NI_195_BENCHMARKS.items()
        if part != "a"
    ]


def _prepare_measures() -> None:
    """The cumulative counts (their part-year figures are year to date), and the period
    kinds they are returned at (rule D5)."""
    for code, kind in CUMULATIVE.items():
        measures = Measure.objects.filter(indicator__code=code, part="")
        measures.update(accumulation=Accumulation.CUMULATIVE.value)
        if kind:
            indicator = measures.first().indicator
            IndicatorRules.objects.update_or_create(
                indicator=indicator,
                defaults={
                    "period_kinds": [kind, "financial_year"],
                    "note": "Demonstration: returned in year, year to date.",
                },
            )


def _trajectory(version) -> Trajectory:
    try:
        baseline_period = period_parse(version.baseline_period) if version.baseline_period else None
    except ValueError:
        baseline_period = None
    return Trajectory.of(
        baseline=float(version.baseline_value) if version.baseline_value is not None else None,
        baseline_period=baseline_period,
        targets={
            t.year: (float(t.value) if t.value is not None else None)
            for t in version.trajectory_values.all()
        },
    )


def _figures(agreement: Agreement, target: Target, scenario: str) -> list[dict]:
    indicator = target.indicator
    code = target.measure_code
    if target.measure_id is None and not indicator.measures.filter(part="").exists():
        return []  # an indicator with no measure to hold figures: overdue
    version = version_in_force(target, date(2009, 3, 31))
    if version is None:
        return []
    trajectory = _trajectory(version)
    polarity = (target.measure.effective_polarity if target.measure else indicator.polarity) or ""
    unit = target.measure.effective_unit if target.measure else indicator.unit
    accumulation = (
        Accumulation.CUMULATIVE if indicator.code in CUMULATIVE else Accumulation.SNAPSHOT
    )
    if not polarity and scenario == "missing":
        scenario = "green"  # a figure is what makes "not rated" show
    worse = 1 if polarity == "higher" else -1
    bounds = unit_range(unit)

    def value_for(label: str, how: str) -> float | None:
        profile = profile_for(trajectory, period_parse(label), accumulation)
        if profile is None:
            return None
        value = profile * (1 - worse * SCENARIOS[how] * (1 if profile >= 0 else -1))
        if bounds.lowest is not None:
            value = max(bounds.lowest, value)
        if bounds.highest is not None:
            value = min(bounds.highest, value)
        return round(value, 1)

    areas = [a.code for a in target.scope_areas.all()] or [agreement.area.code]
    rows: list[dict] = []

    def add(label: str, value: float | None, area: str, **extra) -> None:
        # A withdrawn indicator has no figure after its withdrawal (rules A3, D3).
        withdrawn = indicator.withdrawn_from is not None and (
            period_parse(label).end >= indicator.withdrawn_from
        )
        if value is not None and not withdrawn:
            # Final: the demo's figures are the settled ones, public at once (a blank
            # status would be provisional, waiting for a release).
            figure = {"measure": code, "area": area, "period": label, "value": value}
            rows.append({**figure, "status": "final", **extra})

    how = "amber" if scenario == "missing" else scenario
    if indicator.code == "NI 111":
        for label in ("2008/09 Q1", "2008/09 Q2", "2008/09 Q3", "2008/09 Q4", "2009/10 Q1"):
            add(label, value_for(label, "green"), areas[0])
        add("2009/10 Q2", value_for("2009/10 Q2", "amber"), areas[0])
        return rows
    if indicator.code == "NI 155":
        add("2008/09 H1", value_for("2008/09 H1", "amber"), areas[0])
        # Kent's latest half-year is still provisional, waiting for its release, so the
        # release page and the public site's "not yet published" have something to show.
        waiting = {"status": "provisional"} if agreement.area.code == "E10000016" else {}
        add("2009/10 H1", value_for("2009/10 H1", "red"), areas[0], **waiting)
        return rows
    if indicator.reporting_frequency == ReportingFrequency.BIENNIAL_SURVEY:
        level = trajectory.baseline if trajectory.baseline is not None else 50.0
        value = round(level * (1.03 if polarity == "higher" else 0.97), 1)
        add("Place Survey 2008", value, areas[0], ci_lower=round(value - 2.5, 1),
            ci_upper=round(value + 2.5, 1), sample_size=1100)  # fmt: skip
        return rows
    if indicator.reporting_frequency == ReportingFrequency.ROLLING_THREE_YEAR:
        add("2006/07-2008/09", value_for("2008/09", how), areas[0])
        return rows
    if len(areas) > 1:  # rule A6: the parts with counts, and the whole area beside them
        for area, (numerator, denominator) in zip(
            areas, [(5000, 28000), (4300, 25000)], strict=False
        ):
            add("2008/09", round(numerator / denominator * 100, 1), area,
                numerator=numerator, denominator=denominator)  # fmt: skip
        add("2008/09", value_for("2008/09", "green"), agreement.area.code)
        return rows
    if trajectory.baseline is not None and version.baseline_period == "2007/08":
        add("2007/08", trajectory.baseline, areas[0])
    if scenario != "missing":
        add("2008/09", value_for("2008/09", how), areas[0])
    return rows
