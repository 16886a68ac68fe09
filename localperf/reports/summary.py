"""What a report says at a glance, read from its content (``reports.content``): how many
targets hold each rating, how many are commented, and the off-track targets the
partnership has not yet said how it will recover. The page's summary, the check before
submitting, the PDF's cover and the workbook's first rows all read it here, and the
task list's filters ask ``keeps``.

Free of Django: content in, figures out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from localperf.calculations.rag import Rating
from localperf.reports.renderers import latest_cell

COMMENTED_CHOICES = (("", "Any"), ("no", "Not commented"), ("yes", "Commented"))


def is_commented(target: dict) -> bool:
    """A target counts as commented once its comment on progress and risk mitigation is
    written (the evidence alone says nothing of how the partnership will recover)."""
    return bool((target.get("comment") or "").strip())


def rating_of(target: dict) -> Rating:
    """The target's rating as the report stands: its latest column's (the dashboard's
    rating as at the report's day, see ``content.target_columns``)."""
    cell = latest_cell(target)
    return Rating(cell["rating"]) if cell else Rating.NOT_RATED


@dataclass(frozen=True)
class RatingCount:
    rating: Rating
    count: int


@dataclass(frozen=True)
class Summary:
    total: int
    commented: int
    ratings: tuple[RatingCount, ...]
    uncommented: tuple[dict, ...]
    off_track_unmitigated: tuple[dict, ...]

    @property
    def all_commented(self) -> bool:
        return self.commented == self.total


def targets_of(content: dict) -> list[dict]:
    return [t for outcome in content["outcomes"] for t in outcome["targets"]]


def report_summary(content: dict) -> Summary:
    """The counts of a report's content.

    >>> content = {"outcomes": [{"targets": [
    ...     {"code": "A", "comment": "", "cells": [{"rating": "red"}]},
    ...     {"code": "B", "comment": "Fine.", "cells": [{"rating": "green"}]},
    ...     {"code": "C", "comment": "", "cells": []}]}]}
    >>> s = report_summary(content)
    >>> s.total, s.commented, [(c.rating.value, c.count) for c in s.ratings]
    (3, 1, [('green', 1), ('red', 1), ('not_rated', 1)])
    >>> [t["code"] for t in s.off_track_unmitigated], [t["code"] for t in s.uncommented]
    (['A'], ['A', 'C'])
    """
    targets = targets_of(content)
    counts = Counter(rating_of(t) for t in targets)
    uncommented = tuple(t for t in targets if not is_commented(t))
    return Summary(
        total=len(targets),
        commented=len(targets) - len(uncommented),
        ratings=tuple(RatingCount(r, counts[r]) for r in Rating if counts[r]),
        uncommented=uncommented,
        off_track_unmitigated=tuple(t for t in uncommented if rating_of(t) is Rating.RED),
    )


def keeps(target: dict, *, rating: str = "", commented: str = "") -> bool:
    """Whether the task list's filters keep the target: its rating (a ``Rating`` value)
    and whether it is commented ("yes", "no"); blank is any.

    >>> t = {"comment": "", "cells": [{"rating": "red"}]}
    >>> keeps(t, rating="red", commented="no"), keeps(t, commented="yes"), keeps(t)
    (True, False, True)
    """
    if rating and rating_of(target) != rating:
        return False
    if commented:
        return is_commented(target) == (commented == "yes")
    return True
