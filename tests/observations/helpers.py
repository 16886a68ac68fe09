"""Building observation files and looking things up in the reference data, for tests."""

from __future__ import annotations

from localperf.indicators.models import Measure
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.models import Observation
from localperf.places.models import Area

HEADER = ",".join(COLUMNS)


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    """A CSV file: the header, then each row as written (comma-separated, in COLUMNS order
    unless another header is given)."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def row(
    measure: str = "NI 157a",
    area: str = "E06000001",
    period: str = "2008/09",
    group: str = "",
    value: object = "75.5",
    numerator: object = "",
    denominator: object = "",
    ci_lower: object = "",
    ci_upper: object = "",
    sample_size: object = "",
    status: str = "",
    note: str = "",
) -> str:
    cells = [measure, area, period, group, value, numerator, denominator, ci_lower, ci_upper]
    return ",".join(_cell(c) for c in [*cells, sample_size, status, note])


def _cell(value: object) -> str:
    """A CSV cell, quoted when it holds a comma, a quote or a line break (unless the test
    wrote the quotes itself)."""
    text = str(value)
    if text.startswith('"') or not any(c in text for c in ',"\n'):
        return text
    return '"' + text.replace('"', '""') + '"'


def measure(code: str) -> Measure:
    return next(m for m in Measure.objects.select_related("indicator") if m.code == code)


def area(code: str) -> Area:
    return Area.objects.get(code=code)


def current_values() -> dict[tuple, float]:
    """Every current figure by natural key: for 'nothing changed' comparisons."""
    return {
        (o.measure_id, o.area_id, o.period_id, o.population_group_id): o.value
        for o in Observation.objects.current()
    }
