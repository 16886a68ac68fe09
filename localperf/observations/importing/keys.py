"""The packed natural key: (period, measure, area, group) as one 64-bit integer built
from dense positions, so that duplicates, the comparison with stored figures and the
write order need one integer column instead of four. And the two refusals that keep a
file inside what the key can hold.
"""

from __future__ import annotations

import polars as pl

from localperf.observations.importing.reference import Dimensions
from localperf.observations.importing.results import FileError, Problem

# Bits of the packed key, most significant first, in the unique index's order.
KEY_BITS = {"period_no": 15, "measure_ix": 16, "area_ix": 20, "group_ix": 12}


def packed_key() -> pl.Expr:
    """(period, measure, area, group) as one Int64; null if any part is unknown."""
    key = pl.lit(0, dtype=pl.Int64)
    for column, bits in KEY_BITS.items():
        key = key * (1 << bits) + pl.col(column).cast(pl.Int64)
    return key


def period_count_check(labels: pl.Series) -> None:
    """A file naming more different periods than the packed key holds is refused
    (``FileError``) before any is parsed: a hostile file of a million made-up labels
    would otherwise cost a parse and a message each."""
    count = labels.drop_nulls().n_unique()
    most = (1 << KEY_BITS["period_no"]) - 1
    if count > most:
        raise FileError(
            [
                Problem(
                    0,
                    "period",
                    f"The file names {count:,} different periods; an import takes at most "
                    f"{most:,}: split it into smaller files.",
                )
            ]
        )


def key_capacity_check(dimensions: Dimensions, period_count: int) -> None:
    sizes = {
        "measure_ix": dimensions.measures.height,
        "period_no": period_count,
        "area_ix": dimensions.areas.height,
        "group_ix": dimensions.groups.height,
    }
    for column, size in sizes.items():
        if size >= 1 << KEY_BITS[column]:
            raise OverflowError(f"too many {column.split('_')[0]}s for the packed key")
