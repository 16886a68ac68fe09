"""What each signed-in user's home page lists: the work that is overdue, due, waiting for
them, and waiting for others.

Extension point: each area of the system contributes a *work item source*, a function
``(user, *, today) -> Iterable[WorkItem]`` named in ``WORK_ITEM_SOURCES``. A source
returns only the items for that user's role and organisation, with few queries. To add
one (for example "progress report due" or "report awaiting Government Office review"),
write the function beside the area's other selectors and add its dotted path here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import cache

from django.utils.module_loading import import_string

from localperf.web.work import WorkItem, WorkList

WORK_ITEM_SOURCES: tuple[str, ...] = (
    "localperf.reviews.selectors.agreement_work_items",
    "localperf.reviews.selectors.maa_signature_work_items",
    "localperf.reviews.selectors.revision_work_items",
    "localperf.reports.selectors.report_work_items",
    "localperf.reports.work.report_due_work_items",
    "localperf.reports.work.comment_work_items",
    "localperf.monitoring.selectors.work.figure_work_items",
    "localperf.observations.work.release_work_items",
)


@cache
def _source(path: str) -> Callable[..., Iterable[WorkItem]]:
    return import_string(path)


def work_items_for(user, *, today: datetime.date) -> WorkList:
    """Every source's items for ``user``, sorted into the four lists, earliest due first."""
    work = WorkList(today=today)
    if not user.is_authenticated:
        return work
    for path in WORK_ITEM_SOURCES:
        for item in _source(path)(user, today=today):
            work.add(item)
    latest = datetime.date.max
    for items in (work.overdue, work.due, work.waiting_for_you, work.waiting_for_others):
        items.sort(key=lambda i: (i.due_on or latest, i.title))
    return work
