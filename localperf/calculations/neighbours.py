"""Nearest neighbours: the areas most like one area on chosen measures (issue 15 item 3),
as the CIPFA nearest-neighbour model finds statistical neighbours over its variables.

Method, stated because neighbour models differ:

* only areas with a figure for **every** chosen measure take part (an area missing one
  is left out, not imputed);
* each measure is **standardised** over those areas: (value − mean) ÷ standard deviation
  (the population standard deviation), so that a measure in thousands does not outweigh
  one in percentages; a measure on which every area is equal tells nothing and is left
  out;
* the distance between two areas is the **Euclidean distance** of their standardised
  values, every measure weighted alike; the nearest are the smallest distances, ties by
  key.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def standardised(values: Mapping[Key, Sequence[float]]) -> dict[Key, list[float]]:
    """Each key's values as z-scores, measure by measure; constant measures dropped.

    >>> standardised({"a": [1, 5], "b": [3, 5]})
    {'a': [-1.0], 'b': [1.0]}
    """
    keys = list(values)
    if not keys:
        return {}
    columns = list(zip(*(values[k] for k in keys), strict=True))
    scaled: dict[Key, list[float]] = {k: [] for k in keys}
    for column in columns:
        mean = sum(column) / len(column)
        sd = math.sqrt(sum((v - mean) ** 2 for v in column) / len(column))
        if sd == 0:
            continue
        for key, value in zip(keys, column, strict=True):
            scaled[key].append((value - mean) / sd)
    return scaled


def nearest_neighbours(
    values: Mapping[Key, Sequence[float | None]], area: Key, count: int
) -> list[tuple[Key, float]]:
    """The ``count`` areas nearest ``area`` with their distances, nearest first.

    Hand-checked: on one measure with values 1, 2, 4 and 10 (mean 4.25, standard
    deviation 3.49), the neighbours of the area at 2 are the one at 1 (0.29 away) and the
    one at 4 (0.57 away).

    >>> values = {"A": [1], "B": [2], "C": [4], "D": [10], "E": [None]}
    >>> [(k, round(d, 2)) for k, d in nearest_neighbours(values, "B", 2)]
    [('A', 0.29), ('C', 0.57)]
    >>> nearest_neighbours(values, "E", 2)
    []
    """
    complete = {k: [float(v) for v in vs] for k, vs in values.items() if None not in vs}
    if area not in complete:
        return []
    scaled = standardised(complete)
    origin = scaled[area]
    distances = [(key, math.dist(origin, point)) for key, point in scaled.items() if key != area]
    distances.sort(key=lambda pair: (pair[1], str(pair[0])))
    return distances[:count]
