"""A realistic national bulk file of observations, deterministic for a seed.

Every upper-tier area that exists throughout (133 of them) × 35 measures (a mix of
annual administrative indicators, multi-part ones such as NI 157a/b/c, Place Survey
indicators with confidence intervals and sample sizes, three-year rolling ones) × the
whole population and the 18 population groups, for as many periods as ``rows`` needs,
newest first: financial years back from 2010/11, Place Survey rounds back from autumn
2010 (biennial), rolling periods back from 2008/09-2010/11.

Values follow a gentle trend per series with a little noise, within each unit's range
(percentages with numerator and denominator), so that a handful of deliberate jumps
(about 3 in 100,000 rows) stand out as outliers.

Each (series, period) gets the same value in every file made with the same seed: a
file of periods 0–9 and a store of periods 9–20 agree on period 9, except for the
rows ``revised_fraction`` changes there. Reads the reference CSV files, not the
database, so any benchmark can use it::

    from bench.synthetic import national_bulk, write_csv
    frame = national_bulk(1_000_000, seed=2008)
"""

from __future__ import annotations

import csv
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from localperf.calculations.periods import (  # noqa: E402
    financial_year,
    rolling_three_year,
    survey_round,
)
from localperf.observations.admissibility import unit_range  # noqa: E402

DATA = ROOT / "localperf" / "reference" / "data"
LATEST_YEAR = 2010
MEASURE_COUNT = 35
COLUMNS = (
    "measure",
    "area",
    "period",
    "group",
    "value",
    "numerator",
    "denominator",
    "ci_lower",
    "ci_upper",
    "sample_size",
    "status",
    "note",
)


@dataclass(frozen=True)
class SyntheticMeasure:
    code: str
    kind: str  # financial_year, survey_round or rolling_three_year
    low: float | None
    high: float | None
    proportion: bool
    survey: bool


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def reference_areas() -> list[str]:
    """Upper-tier areas in existence throughout 1990–2011: no start, no end (or recoded)."""
    codes = []
    for row in _read("local_authorities.csv"):
        existed = row["valid_from"] in ("", "2009-01-01")
        lasts = not row["valid_to"] or row["later_gss_code"]
        if row["upper_tier"] == "yes" and existed and lasts:
            codes.append(row["gss_code"])
    return sorted(codes)


def reference_groups() -> list[str]:
    return [
        "" if row["dimension"] == "all" else f"{row['dimension']}:{row['code']}"
        for row in _read("population_groups.csv")
    ]


def reference_measures(count: int = MEASURE_COUNT) -> list[SyntheticMeasure]:
    """A fixed mix: every part of a multi-part NI, six Place Survey NIs, the rolling ones,
    then annual NIs spread over the set until ``count``."""
    # Not the indicators withdrawn during the framework (NI 74, NI 83): the import
    # refuses their figures after withdrawal (rules A3, D3), and these span 2008–11.
    withdrawn = {row["ni"] for row in _read("indicator_withdrawals.csv")}
    indicators = {
        row["ni"]: row
        for row in _read("national_indicators.csv")
        if row["status"] == "live" and row["first_year"] == "2008/09" and row["ni"] not in withdrawn
    }
    chosen: list[SyntheticMeasure] = []

    def add(ni: str, part: str, unit: str) -> None:
        row = indicators[ni]
        bounds = unit_range(unit)
        survey = row["survey"] == "Place Survey"
        kind = (
            "survey_round"
            if survey
            else "rolling_three_year"
            if "rolling" in unit
            else "financial_year"
        )
        chosen.append(
            SyntheticMeasure(
                f"NI {ni}{part}", kind, bounds.lowest, bounds.highest, bounds.proportion, survey
            )
        )

    for row in _read("measures.csv"):
        if row["ni"] in indicators:
            add(row["ni"], row["part"], row["unit"] or indicators[row["ni"]]["unit"])
    surveys = [ni for ni, row in indicators.items() if row["survey"] == "Place Survey"]
    for ni in surveys[:6]:
        add(ni, "", indicators[ni]["unit"])
    for ni, row in indicators.items():
        if "rolling" in row["unit"]:
            add(ni, "", row["unit"])
    taken = {m.code for m in chosen}
    annual = [
        ni
        for ni, row in sorted(indicators.items(), key=lambda item: int(item[0]))
        if not row["survey"] and "rolling" not in row["unit"] and f"NI {ni}" not in taken
    ]
    step = max(1, len(annual) // max(1, count - len(chosen)))
    for ni in annual[::step]:
        if len(chosen) >= count:
            break
        add(ni, "", indicators[ni]["unit"])
    return chosen[:count]


def period_label(kind: str, index: int) -> str:
    """Period ``index`` steps back from the latest of its kind."""
    if kind == "survey_round":
        return survey_round(LATEST_YEAR - 2 * index).label
    if kind == "rolling_three_year":
        return rolling_three_year(LATEST_YEAR - index).label
    return financial_year(LATEST_YEAR - index).label


def series_frame(seed: int, measures: list[SyntheticMeasure]) -> pl.DataFrame:
    """One row per series (measure × area × group) with its level, trend and scale."""
    areas, groups = reference_areas(), reference_groups()
    rng = random.Random(seed)
    records = []
    for m in measures:
        low = m.low if m.low is not None else 0.0
        high = m.high if m.high is not None else low + 500.0
        span = high - low
        for area in areas:
            area_level = rng.uniform(0.25, 0.75)
            for group in groups:
                level = low + span * min(0.95, max(0.05, area_level + rng.uniform(-0.1, 0.1)))
                records.append(
                    (
                        m.code,
                        m.kind,
                        area,
                        group,
                        level,
                        span * rng.uniform(-0.01, 0.01),  # trend per period
                        span * 0.004,  # noise
                        low,
                        high,
                        m.proportion,
                        m.survey,
                        rng.randint(2_000, 60_000),
                    )
                )
    return pl.DataFrame(
        records,
        schema={
            "measure": pl.String,
            "kind": pl.String,
            "area": pl.String,
            "group": pl.String,
            "level": pl.Float64,
            "trend": pl.Float64,
            "noise": pl.Float64,
            "low": pl.Float64,
            "high": pl.Float64,
            "proportion": pl.Boolean,
            "survey": pl.Boolean,
            "population": pl.Int64,
        },
        orient="row",
    )


def period_rows(
    series: pl.DataFrame, seed: int, index: int, *, revised_fraction: float = 0.0
) -> pl.DataFrame:
    """Every series' figure for period ``index`` (0 = the latest)."""
    rng = random.Random(seed * 1_000_003 + index)
    noise = [rng.gauss(0.0, 1.0) for _ in range(series.height)]
    revise = random.Random(seed * 7_919 + index)
    revised = [revise.random() < revised_fraction for _ in range(series.height)]
    labels = {kind: period_label(kind, index) for kind in series["kind"].unique()}
    frame = series.with_columns(
        z=pl.Series(noise),
        revised=pl.Series(revised),
        period=pl.col("kind").replace_strict(labels, return_dtype=pl.String),
    )
    raw = pl.col("level") - pl.col("trend") * index + pl.col("z") * pl.col("noise")
    # A jump of a third of the range for about 3 rows in 100,000: the outliers.
    raw = pl.when(pl.col("z") > 4.0).then(raw + (pl.col("high") - pl.col("low")) / 3).otherwise(raw)
    raw = pl.when(pl.col("revised")).then(raw + pl.col("noise") * 3).otherwise(raw)
    value = raw.clip(pl.col("low"), pl.col("high")).round(1)
    frame = frame.with_columns(value=value)
    denominator = pl.when(pl.col("survey")).then(pl.lit(1_100)).otherwise(pl.col("population"))
    return frame.select(
        measure=pl.col("measure"),
        area=pl.col("area"),
        period=pl.col("period"),
        # Blank (not "") for the whole population: the file then needs no quote characters.
        group=pl.when(pl.col("group") != "").then(pl.col("group")),
        value=pl.col("value"),
        numerator=pl.when(pl.col("proportion"))
        .then((pl.col("value") / 100 * denominator).round(0))
        .otherwise(None),
        denominator=pl.when(pl.col("proportion")).then(denominator.cast(pl.Float64)),
        ci_lower=pl.when(pl.col("survey")).then(
            (pl.col("value") - 2.9).clip(pl.col("low"), pl.col("value")).round(1)
        ),
        ci_upper=pl.when(pl.col("survey")).then(
            (pl.col("value") + 2.9).clip(pl.col("value"), pl.col("high")).round(1)
        ),
        sample_size=pl.when(pl.col("survey")).then(pl.lit(1_100, dtype=pl.Int64)),
        status=pl.lit("final"),
        note=pl.lit(None, dtype=pl.String),
    )


def national_bulk(
    rows: int,
    *,
    seed: int = 2008,
    first_period: int = 0,
    revised_period: int | None = None,
    revised_fraction: float = 0.1,
    measures: int = MEASURE_COUNT,
) -> pl.DataFrame:
    """``rows`` figures, period by period from ``first_period`` back in time."""
    series = series_frame(seed, reference_measures(measures))
    periods_needed = math.ceil(rows / series.height)
    parts = []
    for index in range(first_period, first_period + periods_needed):
        fraction = revised_fraction if index == revised_period else 0.0
        parts.append(period_rows(series, seed, index, revised_fraction=fraction))
    return pl.concat(parts).head(rows).select(COLUMNS)


def series_count(measures: int = MEASURE_COUNT) -> int:
    return measures * len(reference_areas()) * len(reference_groups())


def write_csv(frame: pl.DataFrame, path: Path | None = None) -> bytes:
    """The frame as the import layout's CSV (returned, and written to ``path`` if given)."""
    data = frame.write_csv().encode("utf-8")
    if path is not None:
        Path(path).write_bytes(data)
    return data


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    data = write_csv(national_bulk(count), out)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
